// Rows of a file whatever its format, and the search for its header row (SPEC §3): the first sheet
// with a matching header row among its first 11 rows (up to 10 title rows above it).
import { type AliasTables, type HeaderMatch, matchHeader } from './headers.js';
import { openCsv } from './readers/csv.js';
import type { FileFormat } from './readers/sniff.js';
import { openXlsx } from './readers/xlsx.js';
import type { ZipDirectory } from './readers/sniff.js';
import { type Cell, Invalid, fromExcelValue, parseText } from './values.js';

export interface SourceRow {
  /** Row number as the spreadsheet shows it (1-based). */
  number: number;
  values: readonly unknown[];
}

export interface RowSource {
  sheets: AsyncIterable<{ name: string | null; rows: AsyncIterable<SourceRow> }>;
  /** Turns a raw value of this format into a Cell. */
  cell: (raw: unknown) => Cell;
  readonly date1904: boolean;
  readonly bytesRead: number;
  close(): void;
}

/** The largest row number a header row may have. */
export const HEADER_SEARCH_ROWS = 11;

const csvCell = (raw: unknown): Cell => raw as Cell;

export async function openRowSource(path: string, format: FileFormat, zip: ZipDirectory | null): Promise<RowSource> {
  if (format === 'xlsx') {
    const wb = openXlsx(path, zip ?? new Map());
    return {
      sheets: wb.sheets,
      cell: fromExcelValue,
      get date1904() {
        return wb.date1904;
      },
      get bytesRead() {
        return wb.bytesRead;
      },
      close: () => wb.close(),
    };
  }
  const csv = await openCsv(path);
  return {
    sheets: (async function* () {
      yield { name: null, rows: csv.rows };
    })(),
    cell: csvCell,
    date1904: false,
    get bytesRead() {
      return csv.bytesRead;
    },
    close: () => csv.close(),
  };
}

export interface FoundHeader {
  sheet: string | null;
  match: HeaderMatch;
  /** The rows after the header row. */
  rows: AsyncIterator<SourceRow>;
}

function headerTexts(values: readonly unknown[], cell: (raw: unknown) => Cell): (string | null)[] {
  const out: (string | null)[] = [];
  for (let i = 0; i < values.length; i++) {
    const t = parseText(cell(values[i]));
    out.push(t === null || t instanceof Invalid ? null : t);
  }
  return out;
}

/** Finds the first sheet with a header row; null when no sheet has one. */
export async function findHeader(source: RowSource, tables: AliasTables): Promise<FoundHeader | null> {
  // Manual iteration: leaving a for-await would close the workbook stream under the found sheet.
  const sheets = source.sheets[Symbol.asyncIterator]();
  for (let s = await sheets.next(); !s.done; s = await sheets.next()) {
    const sheet = s.value;
    const rows = sheet.rows[Symbol.asyncIterator]();
    for (;;) {
      const next = await rows.next();
      if (next.done || next.value.number > HEADER_SEARCH_ROWS) break;
      const match = matchHeader(headerTexts(next.value.values, source.cell), tables);
      if (match) return { sheet: sheet.name, match, rows };
    }
    await rows.return?.();
  }
  return null;
}
