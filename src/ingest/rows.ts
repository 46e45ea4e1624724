// The reader for a file's format (its bytes decided it, not its name), its library errors turned
// into Swedish ones. exceljs is loaded only for an xlsx: a csv ingest does not pay for it.
import type { OpenedFile } from './input-file.js';
import { openCsvSource } from './readers/csv.js';
import { type FileFormat, type RowSource, readFailure, readerErrorsTranslated } from './readers/source.js';

export async function openRowSource(input: OpenedFile): Promise<RowSource> {
  const { file, format } = input;
  let source: RowSource;
  try {
    if (format === 'csv') source = (await openCsvSource(file)) as RowSource;
    else {
      const { openXlsxSource } = await import('./readers/xlsx.js');
      source = (await openXlsxSource(file)) as RowSource;
    }
  } catch (err) {
    throw readFailure(err, format);
  }
  source.sheets = translatedSheets(source.sheets, format);
  return source;
}

async function* translatedSheets(sheets: RowSource['sheets'], format: FileFormat): RowSource['sheets'] {
  for await (const sheet of readerErrorsTranslated(sheets, format)) yield { name: sheet.name, rows: readerErrorsTranslated(sheet.rows, format) };
}
