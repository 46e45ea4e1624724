// Draws a yearly report (SKR or Socialstyrelsen) built as a ReportDoc: the same tables become
// sheets of an xlsx and sections of a PDF, with a bar chart of costs per care setting in the PDF.
import { formatCount, formatWholeKronor } from '../format.js';
import { Canvas, type TextStyle } from '../pdf/canvas.js';
import { createPdf, finishPdf, type Orientation } from '../pdf/document.js';
import { continuedHeading } from '../templates.js';
import { Table } from '../pdf/table.js';
import type { IsoDate, Ore } from '../../domain/types.js';
import { addBlankRow, addNote, addRow, addTableSheet, kronorValue, writeWorkbook, type SheetColumn } from '../xlsx.js';

/** A figure built from 1–4 persons (SPEC §4). */
export const SUPPRESSED_TEXT = '<5';
/** A figure hidden because it would reveal one built from 1–4 persons (secondary suppression). */
export const PROTECTED_TEXT = '..';
/** A ratio with nothing to divide by. */
export const NOT_APPLICABLE_TEXT = '–';

export type ReportCell =
  | { kind: 'text'; text: string }
  | { kind: 'count' | 'money' | 'ratio'; value: number; suppressed: boolean; secondary?: boolean; na?: boolean }
  | { kind: 'date'; iso: IsoDate };

function hiddenText(cell: { suppressed: boolean; secondary?: boolean }): string | null {
  if (!cell.suppressed) return null;
  return cell.secondary ? PROTECTED_TEXT : SUPPRESSED_TEXT;
}

export interface ReportColumn {
  label: string;
  width: number;
  pdfWidth: number;
  align?: 'left' | 'right' | 'center';
}

export interface ReportTable {
  sheet: string;
  heading: string;
  intro?: string;
  columns: ReportColumn[];
  rows: { cells: ReportCell[]; kind?: 'body' | 'subtotal' | 'total' }[];
  /** Starts on a new page in the PDF (an appendix). */
  newPage?: boolean;
}

export interface ChartBar {
  label: string;
  ore: Ore;
  suppressed: boolean;
  secondary?: boolean;
}

export interface ReportChart {
  heading: string;
  note: string;
  bars: ChartBar[];
}

export interface ReportDoc {
  title: string;
  subtitle: string;
  subject: string;
  keywords: string;
  author: string;
  footerLeft: string;
  asOf: IsoDate;
  orientation: Orientation;
  notes: string[];
  /** Tables before the chart, then the chart, then the rest. */
  tablesBeforeChart: ReportTable[];
  chart: ReportChart;
  tablesAfterChart: ReportTable[];
}

export function text(t: string): ReportCell {
  return { kind: 'text', text: t };
}

/** A cell as the spreadsheet holds it: hidden and not-applicable cells as their text, numbers as numbers (money in kronor, ratios to a tenth). */
function cellValue(cell: ReportCell): string | number {
  if (cell.kind === 'text') return cell.text;
  if (cell.kind === 'date') return cell.iso;
  const hidden = hiddenText(cell);
  if (hidden) return hidden;
  if (cell.kind === 'count') return cell.value;
  if (cell.kind === 'money') return kronorValue(cell.value);
  return cell.na ? NOT_APPLICABLE_TEXT : Math.round(cell.value * 10) / 10;
}

/** A cell as the PDF prints it: the spreadsheet's value in Swedish number formats. */
export function cellText(cell: ReportCell): string {
  const value = cellValue(cell);
  if (typeof value === 'string') return value;
  if (cell.kind === 'money') return formatWholeKronor(cell.value).replace(/ kr$/, '');
  if (cell.kind === 'ratio') {
    const tenths = Math.round(value * 10);
    return `${Math.floor(tenths / 10)},${tenths % 10}`;
  }
  return formatCount(value);
}

function numFmtOf(table: ReportTable, i: number): string | undefined {
  const kinds = new Set(table.rows.map((r) => r.cells[i]?.kind));
  if (kinds.has('money')) return '#,##0';
  if (kinds.has('ratio')) return '#,##0.0';
  if (kinds.has('count')) return '#,##0';
  return undefined;
}

export async function writeReportXlsx(path: string, doc: ReportDoc): Promise<void> {
  await writeWorkbook(path, { title: doc.title, subject: doc.subject, author: doc.author, asOf: doc.asOf }, async (wb) => {
    const tables = [...doc.tablesBeforeChart, ...doc.tablesAfterChart];
    tables.forEach((table, t) => {
      const columns: SheetColumn[] = table.columns.map((c, i) => ({ label: c.label, width: c.width, align: c.align, numFmt: numFmtOf(table, i) }));
      const title = t === 0 ? [doc.title, doc.subtitle, table.heading] : [table.heading, doc.subtitle];
      const { sheet } = addTableSheet(wb, table.sheet, columns, title, { filter: false });
      for (const row of table.rows) {
        addRow(sheet, columns, row.cells.map(cellValue), row.kind ?? 'body');
      }
      addBlankRow(sheet);
      if (table.intro) addNote(sheet, table.intro);
      for (const note of doc.notes) addNote(sheet, note);
    });
  });
}

/** A "nice" step for chart gridlines: 1, 2 or 5 × a power of ten, about `count` steps to `max`. */
export function niceStep(max: number, count = 5): number {
  if (max <= 0) return 1;
  const raw = max / count;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const m = raw / pow;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * pow;
}

/** Short money text for an axis: "250 000", "1,5 mn". */
function axisLabel(kronor: number): string {
  if (kronor >= 1_000_000) {
    const tenths = Math.round(kronor / 100_000);
    return `${Math.floor(tenths / 10)}${tenths % 10 ? `,${tenths % 10}` : ''} mn`;
  }
  return formatCount(kronor);
}

/** Horizontal bar chart: one bar per care setting, gridlines with kronor, the amount at each bar. */
export function drawBarChart(c: Canvas, chart: ReportChart): void {
  const labelW = 150;
  const valueW = 80;
  const barH = 11;
  const gap = 5;
  const axisH = 12;
  const small: TextStyle = { size: c.sizes.small };
  const muted: TextStyle = { size: c.sizes.footer, color: c.colors.muted };
  const height = c.headingHeight + chart.bars.length * (barH + gap) + axisH + 2 * c.lineHeight(muted.size) + 10;
  c.ensure(height);
  c.heading(chart.heading);
  const x0 = c.left + labelW;
  const plotW = c.width - labelW - valueW;
  const visible = chart.bars.filter((b) => !b.suppressed).map((b) => Math.max(0, b.ore));
  const maxKr = Math.max(1, ...visible.map((o) => Math.ceil(o / 100)));
  const step = niceStep(maxKr);
  const top = c.y + 2;
  const maxAxis = Math.ceil(maxKr / step) * step;
  const scale = plotW / maxAxis;
  const plotH = chart.bars.length * (barH + gap);
  for (let v = 0; v <= maxAxis; v += step) {
    const x = x0 + v * scale;
    c.vline(x, top, top + plotH, c.colors.grid, c.layout.lineWidths.grid);
    const lbl = axisLabel(v);
    const w = c.textWidth(lbl, muted);
    c.text(lbl, x - w / 2, top + plotH + 2, muted);
  }
  chart.bars.forEach((bar, i) => {
    const y = top + i * (barH + gap) + gap / 2;
    c.text(bar.label, c.left, y + (barH - c.sizes.small) / 2 - 0.5, small, { width: labelW - 8 });
    if (bar.suppressed) {
      c.fillRect(x0, y, 3, barH, c.colors.barSuppressed);
      c.text(bar.secondary ? PROTECTED_TEXT : SUPPRESSED_TEXT, x0 + 6, y + (barH - c.sizes.small) / 2 - 0.5, {
        size: c.sizes.small,
        color: c.colors.muted,
      });
      return;
    }
    const kr = Math.max(0, bar.ore) / 100;
    const w = kr * scale;
    if (w > 0) c.fillRect(x0, y, Math.max(w, 0.8), barH, c.colors.bar);
    c.text(formatWholeKronor(bar.ore), x0 + w + 4, y + (barH - c.sizes.small) / 2 - 0.5, small);
  });
  c.hline(x0, x0 + plotW, top + plotH, c.colors.rule, c.layout.lineWidths.box);
  c.y = top + plotH + axisH + 2;
  c.paragraph(chart.note, muted, { gapAfter: c.layout.spacing.sectionGap });
}

function drawTable(c: Canvas, table: ReportTable): void {
  if (table.newPage) c.newPage();
  const t = new Table(
    c,
    table.columns.map((col) => ({ label: col.label, width: col.pdfWidth, align: col.align ?? 'left', wrap: false })),
    {
      width: Math.min(
        c.width,
        table.columns.reduce((s, col) => s + col.pdfWidth, 0),
      ),
      continued: () => c.heading(continuedHeading(table.heading)),
    },
  );
  const introStyle: TextStyle = { size: c.sizes.small, color: c.colors.muted };
  const introH = table.intro ? c.wrap(table.intro, c.width, introStyle).length * c.lineHeight(introStyle.size) + 3 : 0;
  // A table that fits on one page is not split: it starts on a new page instead.
  const rowH = c.lineHeight(c.sizes.table) + 2 * c.layout.spacing.tableRowPadding;
  const whole = c.headingHeight + introH + t.minStartHeight() + table.rows.length * rowH;
  if (whole <= c.bottom - c.top) c.ensure(whole);
  else c.ensure(c.headingHeight + introH + t.minStartHeight() + 3 * rowH);
  c.heading(table.heading);
  if (table.intro) c.paragraph(table.intro, introStyle, { gapAfter: 3 });
  t.header();
  for (const row of table.rows) t.row({ cells: row.cells.map(cellText), kind: row.kind ?? 'body' });
  c.y += c.layout.spacing.sectionGap;
}

export async function renderReportPdf(doc: ReportDoc): Promise<Buffer> {
  const pdf = createPdf({ title: doc.title, author: doc.author, subject: doc.subject, keywords: doc.keywords, asOf: doc.asOf }, doc.orientation);
  const c = new Canvas(pdf, doc.orientation);
  const titleStyle: TextStyle = { font: 'bold', size: c.sizes.title + 2 };
  for (const line of c.wrap(doc.title, c.width, titleStyle)) {
    c.text(line, c.left, c.y, titleStyle);
    c.y += c.lineHeight(titleStyle.size);
  }
  c.paragraph(doc.subtitle, { size: c.sizes.subtitle, color: c.colors.muted }, { gapAfter: 4 });
  c.hline(c.left, c.right, c.y, c.colors.rule, c.layout.lineWidths.rule * 1.5);
  c.y += 10;
  for (const table of doc.tablesBeforeChart) drawTable(c, table);
  drawBarChart(c, doc.chart);
  const noteStyle: TextStyle = { size: c.sizes.small, color: c.colors.muted };
  let notesDrawn = false;
  const drawNotes = (): void => {
    notesDrawn = true;
    c.ensure(doc.notes.length * 2 * c.lineHeight(noteStyle.size));
    c.hline(c.left, c.right, c.y, c.colors.grid, c.layout.lineWidths.grid);
    c.y += 4;
    for (const note of doc.notes) c.paragraph(note, noteStyle, { gapAfter: 2 });
  };
  for (const table of doc.tablesAfterChart) {
    // Notes belong to the report, before any appendix.
    if (table.newPage && !notesDrawn) drawNotes();
    drawTable(c, table);
  }
  if (!notesDrawn) drawNotes();
  c.footers(doc.footerLeft);
  return finishPdf(pdf);
}
