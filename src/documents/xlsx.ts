// Spreadsheet output shared by the finance summary, the unit follow-up and the yearly reports: a
// title block, a header row frozen in view, body rows styled by their column, text cells that no
// spreadsheet runs as formulas, money as numbers in kronor with a Swedish format, and the file moved
// into place only when complete. Written by spreadsheet-ml.ts.
import { parseIso } from '../domain/dates.js';
import type { IsoDate, Ore } from '../domain/types.js';
import { withAtomicFile } from '../util/atomic-file.js';
import { PRODUCER } from './producer.js';
import { type CellStyle, type CellValue, type Sheet, Workbook } from './spreadsheet-ml.js';

export type { CellValue, Sheet, Workbook };

/**
 * Text that a spreadsheet could take for a formula (`=`, `+`, `-`, `@`, and tab or carriage return
 * that some programs strip first) gets a leading apostrophe. The cell is also written as a shared
 * string, never as a formula, so it stays text when opened and when edited.
 */
export function safeText(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** Kronor as a spreadsheet number: the one place öre become a decimal, for display only. */
export function kronorValue(ore: Ore): number {
  return ore / 100;
}

/** A date cell (the spreadsheet shows it as ÅÅÅÅ-MM-DD). */
export function dateValue(iso: IsoDate): Date {
  const { y, m, d } = parseIso(iso);
  return new Date(Date.UTC(y, m - 1, d));
}

export const NUMFMT = {
  kronor: '#,##0.00" kr";-#,##0.00" kr"',
  kronorPlain: '#,##0.00',
  count: '#,##0',
  date: 'yyyy-mm-dd',
} as const;

export interface SheetColumn {
  label: string;
  width: number;
  numFmt?: string;
  align?: 'left' | 'right' | 'center';
}

const HEADER_FILL = 'FFD9D9D9';
const SUBTOTAL_FILL = 'FFF2F2F2';
const TITLE_STYLE: CellStyle = { bold: true, size: 13 };
const SUBTITLE_STYLE: CellStyle = { size: 10, color: 'FF505050' };
const NOTE_STYLE: CellStyle = { italic: true, size: 9, color: 'FF505050' };

/** Writes a workbook to `path` through a temporary file; `build` adds the sheets. Dated `asOf` (else now). */
export async function writeWorkbook(
  path: string,
  meta: { title: string; subject: string; author: string; asOf?: IsoDate },
  build: (wb: Workbook) => Promise<void> | void,
): Promise<void> {
  await withAtomicFile(path, async (tmp) => {
    const wb = new Workbook({
      title: meta.title,
      subject: meta.subject,
      creator: PRODUCER,
      company: meta.author,
      created: meta.asOf ? dateValue(meta.asOf) : new Date(),
    });
    await build(wb);
    await wb.writeTo(tmp);
  });
}

/** The styles of one table's cells, made once per table so equal cells share one style object. */
interface TableStyles {
  body: CellStyle[];
  /** A date in a column without a number format of its own. */
  bodyDate: CellStyle[];
  subtotal: CellStyle[];
  total: CellStyle[];
}

const tableStyles = new WeakMap<Sheet, TableStyles>();

function stylesOf(columns: readonly SheetColumn[]): TableStyles {
  const body = columns.map((c): CellStyle => ({ numFmt: c.numFmt, horizontal: c.align }));
  return {
    body,
    bodyDate: body.map((s) => ({ ...s, numFmt: s.numFmt ?? NUMFMT.date })),
    subtotal: body.map((s) => ({ ...s, bold: true, fill: SUBTOTAL_FILL })),
    total: body.map((s) => ({ ...s, bold: true, fill: SUBTOTAL_FILL, border: 'top' })),
  };
}

/** A sheet with a title block, then a header row at `headerRow` frozen in view and filterable. */
export function addTableSheet(
  wb: Workbook,
  name: string,
  columns: SheetColumn[],
  title: string[],
  opts: { filter?: boolean } = {},
): { sheet: Sheet; headerRow: number } {
  const headerRow = title.length + 2;
  const filter = opts.filter !== false && columns.length > 0;
  const sheet = wb.addSheet(name, {
    widths: columns.map((c) => c.width),
    frozenRows: headerRow,
    filterRow: filter ? headerRow : undefined,
    landscapePrint: true,
  });
  title.forEach((t, i) => sheet.addRow([safeText(t)], [i === 0 ? TITLE_STYLE : SUBTITLE_STYLE]));
  sheet.addRow([]);
  sheet.addRow(
    columns.map((c) => safeText(c.label)),
    columns.map((c): CellStyle => ({
      bold: true,
      fill: HEADER_FILL,
      border: 'bottom',
      vertical: 'bottom',
      wrapText: true,
      horizontal: c.align ?? 'left',
    })),
  );
  tableStyles.set(sheet, stylesOf(columns));
  return { sheet, headerRow };
}

/** A sheet of plain rows under a bold header row (the rejected rows). */
export function addListSheet(wb: Workbook, name: string, widths: number[], header: string[]): Sheet {
  const sheet = wb.addSheet(name, { widths });
  const bold: CellStyle = { bold: true };
  sheet.addRow(
    header.map(safeText),
    header.map(() => bold),
  );
  return sheet;
}

/** Adds a row: strings made safe, numbers and dates formatted by their column. */
export function addRow(sheet: Sheet, columns: SheetColumn[], values: CellValue[], kind: 'body' | 'subtotal' | 'total' = 'body'): void {
  let styles = tableStyles.get(sheet);
  if (!styles) tableStyles.set(sheet, (styles = stylesOf(columns)));
  const cells = values.map((v) => (typeof v === 'string' ? safeText(v) : v));
  if (kind === 'body')
    sheet.addRow(
      cells,
      cells.map((v, i) => (v instanceof Date ? styles.bodyDate[i] : styles.body[i])),
    );
  else sheet.addRow(cells, kind === 'subtotal' ? styles.subtotal : styles.total);
}

/**
 * A row of plain values, unstyled, text exactly as given (the rejected rows show the value as it was
 * read; a shared-string cell is text whatever it starts with).
 */
export function addPlainRow(sheet: Sheet, values: CellValue[]): void {
  sheet.addRow(values);
}

/** An empty row (space before the notes under a table). */
export function addBlankRow(sheet: Sheet): void {
  sheet.addRow([]);
}

/** A free text line (a note under a table). */
export function addNote(sheet: Sheet, text: string): void {
  sheet.addRow([safeText(text)], [NOTE_STYLE]);
}
