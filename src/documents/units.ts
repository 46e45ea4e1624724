// The care units' follow-up (SPEC §8) as units/units-<period>.xlsx and .pdf: the figures of
// src/finance/units-report.ts, small numbers shown as <5 or .. (§4). Texts and columns:
// templates/units.json.
import { writeFileSync } from 'node:fs';
import { z } from 'zod';
import type { Config } from '../config.js';
import type { IsoDate } from '../domain/types.js';
import type { UnitColumn, UnitReport, UnitRow } from '../finance/units-report.js';
import type { Figure } from '../figures/suppression.js';
import { withAtomicFile } from '../util/atomic-file.js';
import { formatCount, formatDate, formatKronor } from './format.js';
import { Canvas, type TextStyle } from './pdf/canvas.js';
import { createPdf, finishPdf } from './pdf/document.js';
import { Table, type TableColumn } from './pdf/table.js';
import { PROTECTED_TEXT, SUPPRESSED_TEXT } from './reports/render.js';
import { continuedHeading, fill, SuppressedDocumentTemplateSchema, TableColumnSchema, type TableColumnTemplate, textTemplate } from './templates.js';
import { addBlankRow, addNote, addRow, addTableSheet, kronorValue, NUMFMT, writeWorkbook, type CellValue, type SheetColumn } from './xlsx.js';

const column = TableColumnSchema;
type Column = TableColumnTemplate;

const table = z.object({ sheet: z.string(), heading: z.string(), intro: z.string().optional(), columns: z.array(column) });

const UnitsTemplateSchema = SuppressedDocumentTemplateSchema.extend({
  unitTotal: z.string(),
  grandTotal: z.string(),
  empty: z.string(),
  economy: table,
  exclusions: table,
});
type UnitsTemplate = z.infer<typeof UnitsTemplateSchema>;

function template(): UnitsTemplate {
  return textTemplate('units.json', UnitsTemplateSchema);
}

export interface UnitsDocumentInput {
  report: UnitReport;
  /** How the period is named in the title (`2025`, `2025Q2–2025Q3`). */
  period: string;
  asOf: IsoDate;
  region: Config['region'];
  defaultUnit: string;
}

function hidden(f: Figure): string | null {
  return f.suppressed ? (f.secondary ? PROTECTED_TEXT : SUPPRESSED_TEXT) : null;
}

interface Cell {
  text: string;
  value: CellValue;
}

function rowCells(row: UnitRow, t: UnitsTemplate): Record<string, Cell> {
  const label = row.unit === '' ? t.grandTotal : row.quarter === null ? fill(t.unitTotal, { unit: row.unit }) : row.unit;
  const out: Record<string, Cell> = {
    unit: { text: label, value: label },
    quarter: { text: row.quarter ?? '', value: row.quarter ?? '' },
  };
  for (const [key, f] of Object.entries(row.figures) as [UnitColumn, Figure][]) {
    const h = hidden(f);
    if (h) out[key] = { text: h, value: h };
    else if (key === 'persons') out[key] = { text: formatCount(f.value), value: f.value };
    else out[key] = { text: formatKronor(f.value, { unit: false }), value: kronorValue(f.value) };
  }
  return out;
}

const kindOf = (row: UnitRow): 'body' | 'subtotal' | 'total' => (row.unit === '' ? 'total' : row.quarter === null ? 'subtotal' : 'body');

function notes(input: UnitsDocumentInput, t: UnitsTemplate): string[] {
  return t.notes.map((n) => fill(n, { defaultUnit: input.defaultUnit, suppression: t.suppression }));
}

function ctxOf(input: UnitsDocumentInput): Record<string, string> {
  return { 'region.name': input.region.name, period: input.period, asOf: formatDate(input.asOf) };
}

function sheetColumns(cols: Column[]): SheetColumn[] {
  return cols.map((c) => ({
    label: c.label,
    width: c.width,
    align: c.align,
    numFmt: c.key === 'persons' ? NUMFMT.count : c.key === 'unit' || c.key === 'quarter' ? undefined : NUMFMT.kronorPlain,
  }));
}

export async function writeUnitsXlsx(path: string, input: UnitsDocumentInput): Promise<void> {
  const t = template();
  const ctx = ctxOf(input);
  const rows = [...input.report.rows, input.report.total];
  await writeWorkbook(path, { title: t.title, subject: fill(t.metadata.subject, ctx), author: input.region.name, asOf: input.asOf }, async (wb) => {
    for (const spec of [t.economy, t.exclusions]) {
      const cols = sheetColumns(spec.columns);
      const title = spec === t.economy ? [t.title, fill(t.subtitle, ctx), spec.heading] : [spec.heading, fill(t.subtitle, ctx)];
      const { sheet } = addTableSheet(wb, spec.sheet, cols, title);
      for (const row of rows) {
        const cells = rowCells(row, t);
        addRow(
          sheet,
          cols,
          spec.columns.map((c) => cells[c.key]?.value ?? null),
          kindOf(row),
        );
      }
      if (input.report.rows.length === 0) addNote(sheet, t.empty);
      addBlankRow(sheet);
      if (spec.intro) addNote(sheet, spec.intro);
      for (const n of notes(input, t)) addNote(sheet, n);
    }
  });
}

function pdfColumns(cols: Column[]): TableColumn[] {
  return cols.map((c) => ({ label: c.label, width: c.pdfWidth, align: c.align ?? 'left', wrap: c.key === 'unit' }));
}

export async function renderUnitsPdf(input: UnitsDocumentInput): Promise<Buffer> {
  const t = template();
  const ctx = ctxOf(input);
  const doc = createPdf(
    { title: fill(t.title, ctx), author: input.region.name, subject: fill(t.metadata.subject, ctx), keywords: t.metadata.keywords, asOf: input.asOf },
    'landscape',
  );
  const c = new Canvas(doc, 'landscape');
  c.titleBlock(fill(t.title, ctx), fill(t.subtitle, ctx));
  const rows = [...input.report.rows, input.report.total];
  const small: TextStyle = { size: c.sizes.small, color: c.colors.muted };
  for (const spec of [t.economy, t.exclusions]) {
    const tbl = new Table(c, pdfColumns(spec.columns), { zebra: false, continued: () => c.heading(continuedHeading(spec.heading)) });
    const introH = spec.intro ? c.wrap(spec.intro, c.width, small).length * c.lineHeight(small.size) + 3 : 0;
    c.ensure(c.headingHeight + introH + tbl.minStartHeight());
    c.heading(spec.heading);
    if (spec.intro) c.paragraph(spec.intro, small, { gapAfter: 3 });
    tbl.header();
    for (const row of rows) {
      const cells = rowCells(row, t);
      tbl.row({ cells: spec.columns.map((col) => cells[col.key]?.text ?? ''), kind: kindOf(row) });
    }
    if (input.report.rows.length === 0) c.paragraph(t.empty, small);
    c.y += c.layout.spacing.sectionGap;
  }
  const texts = notes(input, t);
  c.ensure(texts.reduce((h, n) => h + c.wrap(n, c.width, small).length * c.lineHeight(small.size) + 2, 4));
  c.hline(c.left, c.right, c.y, c.colors.grid, c.layout.lineWidths.grid);
  c.y += 4;
  for (const n of texts) c.paragraph(n, small, { gapAfter: 2 });
  c.footers(fill(t.footerLeft, ctx));
  return finishPdf(doc);
}

/** Writes the xlsx and the PDF, each through a temporary file. */
export async function writeUnitsDocuments(xlsxPath: string, pdfPath: string, input: UnitsDocumentInput): Promise<void> {
  await writeUnitsXlsx(xlsxPath, input);
  const pdf = await renderUnitsPdf(input);
  await withAtomicFile(pdfPath, async (tmp) => writeFileSync(tmp, pdf));
}
