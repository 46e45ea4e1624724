// The little of fontkit (pdfkit's font engine) the documents use: parse a TrueType file once per
// process and hand the parsed font to every PDFDocument.
declare module 'fontkit' {
  export interface FontkitFont {
    postscriptName: string;
    unitsPerEm: number;
    layout(text: string): unknown;
    hasGlyphForCodePoint(codePoint: number): boolean;
  }
  export function create(buffer: Uint8Array, postscriptName?: string): FontkitFont;
}
