// Rows of a file whatever its format, and the search for its header row (SPEC §3): the first sheet
// with a matching header row among its first 11 rows (up to 10 title rows above it). Rows stay in
// their reader's own form (an exceljs Row, a csv record); the source says how to read a cell.
import { type AliasTables, type HeaderMatch, matchHeader } from './headers.js';
import { type CsvRow, openCsv } from './readers/csv.js';
import { type FileFormat, UnreadableFileError, type ZipDirectory } from './readers/sniff.js';
import type { RowLike } from './readers/xlsx.js';
import { type Cell, Invalid, fromExcelValue, parseText } from './values.js';

export interface RowSource<R = unknown> {
  format: FileFormat;
  sheets: AsyncIterable<{ name: string | null; rows: AsyncIterable<R> }>;
  rowNumber(row: R): number;
  /** The cell at a column index (indexes as `cells` numbers them). */
  cellAt(row: R, index: number): Cell;
  /** Every cell of the row, at its column index (sparse for xlsx, 1-based there). */
  cells(row: R): Cell[];
  readonly date1904: boolean;
  readonly bytesRead: number;
  close(): void;
}

/** The largest row number a header row may have. */
export const HEADER_SEARCH_ROWS = 11;

async function xlsxSource(path: string, zip: ZipDirectory): Promise<RowSource<RowLike>> {
  // Loaded on demand: exceljs is heavy, and a csv ingest does not need it.
  const { openXlsx } = await import('./readers/xlsx.js');
  const wb = await openXlsx(path, zip);
  return {
    format: 'xlsx',
    sheets: wb.sheets,
    rowNumber: (row) => row.number,
    cellAt: (row, index) => fromExcelValue(row.findCell(index)?.value),
    cells: (row) => {
      const values = row.values;
      const out: Cell[] = [];
      for (let i = 0; i < values.length; i++) out[i] = fromExcelValue(values[i]);
      return out;
    },
    get date1904() {
      return wb.date1904;
    },
    get bytesRead() {
      return wb.bytesRead;
    },
    close: () => wb.close(),
  };
}

async function csvSource(path: string): Promise<RowSource<CsvRow>> {
  const csv = await openCsv(path);
  return {
    format: 'csv',
    sheets: (async function* () {
      yield { name: null, rows: csv.rows };
    })(),
    rowNumber: (row) => row.number,
    cellAt: (row, index) => row.values[index],
    cells: (row) => row.values,
    date1904: false,
    get bytesRead() {
      return csv.bytesRead;
    },
    close: () => csv.close(),
  };
}

const READ_FAILED = {
  xlsx: 'xlsx-filen kunde inte läsas (skadad, ofullständig eller inte ett kalkylark)',
  csv: 'csv-filen kunde inte tolkas (t.ex. ett citattecken som aldrig stängs)',
} as const;

/**
 * What a reader's library threw (a corrupt zip, malformed XML, an unclosed csv quote) as an
 * UnreadableFileError with a fixed Swedish message: library messages may quote file content,
 * which can be personal data. Call it only around the reader's own steps.
 */
export function readFailure(err: unknown, format: FileFormat): UnreadableFileError {
  if (err instanceof UnreadableFileError) return err;
  const line = (err as { lines?: unknown }).lines;
  return new UnreadableFileError(typeof line === 'number' ? `${READ_FAILED[format]} (nära rad ${line})` : READ_FAILED[format]);
}

export async function openRowSource(path: string, format: FileFormat, zip: ZipDirectory | null): Promise<RowSource> {
  try {
    return (format === 'xlsx' ? await xlsxSource(path, zip ?? new Map()) : await csvSource(path)) as RowSource;
  } catch (err) {
    throw readFailure(err, format);
  }
}

/** The next row of a reader, its library's errors turned into UnreadableFileError. */
export async function nextRow<R>(rows: AsyncIterator<R>, format: FileFormat): Promise<IteratorResult<R>> {
  try {
    return await rows.next();
  } catch (err) {
    throw readFailure(err, format);
  }
}

export interface FoundHeader {
  sheet: string | null;
  match: HeaderMatch;
  /** The rows after the header row. */
  rows: AsyncIterator<unknown>;
}

function headerTexts(cells: readonly Cell[]): (string | null)[] {
  const out: (string | null)[] = [];
  for (let i = 0; i < cells.length; i++) {
    const t = parseText(cells[i]);
    out.push(t === null || t instanceof Invalid ? null : t);
  }
  return out;
}

/** Finds the first sheet with a header row; null when no sheet has one. */
export async function findHeader(source: RowSource, tables: AliasTables): Promise<FoundHeader | null> {
  return findHeaderBy(source, (cells) => matchHeader(cells, tables));
}

/** As findHeader, for any kind of header row `match` recognises (a payment list's). */
export async function findHeaderBy<M>(
  source: RowSource,
  match: (cells: (string | null)[]) => M | null,
): Promise<{ sheet: string | null; match: M; rows: AsyncIterator<unknown> } | null> {
  // Manual iteration: leaving a for-await would close the workbook stream under the found sheet.
  const sheets = source.sheets[Symbol.asyncIterator]();
  for (let s = await nextRow(sheets, source.format); !s.done; s = await nextRow(sheets, source.format)) {
    const sheet = s.value;
    const rows = sheet.rows[Symbol.asyncIterator]();
    for (;;) {
      const next = await nextRow(rows, source.format);
      if (next.done || source.rowNumber(next.value) > HEADER_SEARCH_ROWS) break;
      const found = match(headerTexts(source.cells(next.value)));
      if (found) return { sheet: sheet.name, match: found, rows };
    }
    try {
      await rows.return?.();
    } catch (err) {
      throw readFailure(err, source.format);
    }
  }
  return null;
}
