// The name every document we write gives as its creator and producer (PDF metadata, workbook
// properties). Its own module: a workbook writer that imported it from the PDF code would load pdfkit.
export const PRODUCER = 'asylum-care-claims';
