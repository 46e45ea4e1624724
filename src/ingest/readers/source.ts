// What every reader hands over (the csv and xlsx readers alike): a file's sheets, each one's rows in
// batches as read, and how to read a cell of a row. Rows stay in the reader's own form (a csv
// record, an exceljs Row). A reader's library errors are turned into UnreadableFileError here
// (readFailure, readerErrorsTranslated), by the one place that opens a reader (rows.ts).
import type { Cell } from '../values.js';
import { UnreadableFileError } from './errors.js';

export type FileFormat = 'xlsx' | 'csv';

export interface RowSource<R = unknown> {
  format: FileFormat;
  /** Sheets in workbook order (a csv is one sheet without a name), each one's rows in batches. */
  sheets: AsyncIterable<{ name: string | null; rows: AsyncIterable<R[]> }>;
  rowNumber(row: R): number;
  /** The cell at a column index (indexes as `cells` numbers them). */
  cellAt(row: R, index: number): Cell;
  /** Every cell of the row, at its column index (sparse for xlsx, 1-based there). */
  cells(row: R): Cell[];
  readonly date1904: boolean;
  readonly bytesRead: number;
  close(): void;
}

const READ_FAILED = {
  xlsx: 'xlsx-filen kunde inte läsas (skadad, ofullständig eller inte ett kalkylark)',
  csv: 'csv-filen kunde inte tolkas (t.ex. ett citattecken som aldrig stängs)',
} as const;

/**
 * What a reader's library threw (a corrupt zip, malformed XML, an unclosed csv quote) as an
 * UnreadableFileError with a fixed Swedish message: library messages may quote file content,
 * which can be personal data.
 */
export function readFailure(err: unknown, format: FileFormat): UnreadableFileError {
  if (err instanceof UnreadableFileError) return err;
  const line = (err as { lines?: unknown }).lines;
  return new UnreadableFileError(typeof line === 'number' ? `${READ_FAILED[format]} (nära rad ${line})` : READ_FAILED[format]);
}

/** The items of a reader's iterable, with its library's errors turned into UnreadableFileError. */
export async function* readerErrorsTranslated<T>(items: AsyncIterable<T>, format: FileFormat): AsyncGenerator<T> {
  try {
    for await (const item of items) yield item;
  } catch (err) {
    throw readFailure(err, format);
  }
}
