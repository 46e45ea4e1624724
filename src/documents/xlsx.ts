// Spreadsheet output shared by the finance summary and the yearly reports: exceljs' streaming
// writer (rows are written to disk as they are added), text cells that no spreadsheet runs as
// formulas, money as numbers in kronor with a Swedish format, and the file moved into place only
// when complete.
import type ExcelJS from 'exceljs';
import { parseIso } from '../domain/dates.js';
import type { IsoDate, Ore } from '../domain/types.js';
import { withAtomicFile } from '../util/atomic-file.js';
import { PRODUCER } from './pdf/document.js';
import { WorkbookWriter } from './xlsx-writer.js';

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

export type CellValue = string | number | Date | null;

export interface SheetColumn {
  label: string;
  width: number;
  numFmt?: string;
  align?: 'left' | 'right' | 'center';
}

export type Workbook = ExcelJS.stream.xlsx.WorkbookWriter;
export type Sheet = ExcelJS.Worksheet;

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9D9D9' } };
const SUBTOTAL_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
const THIN: ExcelJS.Border = { style: 'thin', color: { argb: 'FF808080' } };

/** Writes a workbook to `path` through a temporary file; `build` adds and commits the sheets. */
export async function writeWorkbook(
  path: string,
  meta: { title: string; subject: string; author: string; asOf: IsoDate },
  build: (wb: Workbook) => Promise<void>,
): Promise<void> {
  await withAtomicFile(path, async (tmp) => {
    const created = dateValue(meta.asOf);
    const wb = new WorkbookWriter({ filename: tmp, useStyles: true, useSharedStrings: true });
    wb.creator = PRODUCER;
    wb.lastModifiedBy = PRODUCER;
    wb.created = created;
    wb.modified = created;
    wb.title = meta.title;
    wb.subject = meta.subject;
    wb.company = meta.author;
    await build(wb);
    await wb.commit();
  });
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
  const sheet = wb.addWorksheet(name, {
    views: [{ state: 'frozen', ySplit: headerRow, xSplit: 0 }],
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  // A body cell takes its column's style when it is made: no style object per cell (a summary of ten
  // thousand claims has a hundred thousand cells).
  sheet.columns = columns.map((c) => ({
    width: c.width,
    style: { ...(c.numFmt ? { numFmt: c.numFmt } : {}), ...(c.align ? { alignment: { horizontal: c.align } } : {}) },
  }));
  title.forEach((t, i) => {
    const row = sheet.addRow([safeText(t)]);
    row.getCell(1).font = i === 0 ? { bold: true, size: 13 } : { size: 10, color: { argb: 'FF505050' } };
    row.commit();
  });
  sheet.addRow([]).commit();
  const header = sheet.addRow(columns.map((c) => safeText(c.label)));
  header.eachCell((cell, i) => {
    cell.font = { bold: true };
    cell.fill = HEADER_FILL;
    cell.border = { bottom: THIN };
    cell.alignment = { vertical: 'bottom', wrapText: true, horizontal: columns[i - 1]?.align ?? 'left' };
  });
  header.commit();
  if (opts.filter !== false && columns.length > 0) {
    sheet.autoFilter = { from: { row: headerRow, column: 1 }, to: { row: headerRow, column: columns.length } };
  }
  return { sheet, headerRow };
}

/**
 * exceljs gives every cell a new style object (its column's, merged) and looks an unknown object
 * up by rendering it as XML: a tenth of a finance summary's time. Body cells of one column and
 * value type have equal styles (the type picks the number format where the column has none), so
 * they share the first one's object, which exceljs then knows. Body cells are never restyled.
 */
const bodyStyles = new WeakMap<Sheet, Map<number, Partial<ExcelJS.Style>>>();

function shareBodyStyles(sheet: Sheet, row: ExcelJS.Row): void {
  let styles = bodyStyles.get(sheet);
  if (!styles) bodyStyles.set(sheet, (styles = new Map()));
  row.eachCell({ includeEmpty: true }, (cell, column) => {
    const key = column * 32 + cell.type;
    const shared = styles.get(key);
    if (shared) cell.style = shared;
    else styles.set(key, cell.style);
  });
}

/** Adds a row: strings made safe, numbers and dates formatted by their column. */
export function addRow(sheet: Sheet, columns: SheetColumn[], values: CellValue[], kind: 'body' | 'subtotal' | 'total' = 'body'): void {
  const row = sheet.addRow(values.map((v) => (typeof v === 'string' ? safeText(v) : v)));
  if (kind === 'body') {
    shareBodyStyles(sheet, row);
  } else {
    values.forEach((_, i) => {
      const cell = row.getCell(i + 1);
      cell.font = { bold: true };
      cell.fill = SUBTOTAL_FILL;
      if (kind === 'total') cell.border = { top: THIN };
    });
  }
  row.commit();
}

/** A free text line (a note under a table). */
export function addNote(sheet: Sheet, text: string): void {
  const row = sheet.addRow([safeText(text)]);
  row.getCell(1).font = { italic: true, size: 9, color: { argb: 'FF505050' } };
  row.commit();
}
