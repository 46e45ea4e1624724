// The finance summary (SPEC §6.3): DIR/finance/summary.xlsx and DIR/finance/summary.pdf, one row
// per claim with dossier number or masked identity only, totals per rule and status, and the
// expected schablon per quarter. Texts and columns: templates/finance.json.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Config } from '../config.js';
import type { Claim, ClaimStatus, IsoDate, Ore, Person, Rule } from '../domain/types.js';
import { CLAIM_STATUSES, RULES } from '../domain/types.js';
import type { SchablonQuarter } from '../rules/schablon.js';
import { withAtomicFile } from '../util/atomic-file.js';
import { formatCount, formatDate, formatKronor, maskIdentity, monthName } from './format.js';
import { Canvas, type TextStyle } from './pdf/canvas.js';
import { createPdf, finishPdf } from './pdf/document.js';
import { Table, type TableColumn } from './pdf/table.js';
import { continuedHeading, DocumentHeadSchema, fill, label, TableColumnSchema, type TableColumnTemplate, textTemplate } from './templates.js';
import { addNote, addRow, addTableSheet, dateValue, kronorValue, NUMFMT, writeWorkbook, type CellValue, type SheetColumn } from './xlsx.js';

const column = TableColumnSchema;
type Column = TableColumnTemplate;

const FinanceTemplateSchema = DocumentHeadSchema.extend({
  privacyNote: z.string(),
  footerLeft: z.string(),
  claims: z.object({ sheet: z.string(), heading: z.string(), columns: z.array(column), yes: z.string(), no: z.string(), empty: z.string() }),
  totals: z.object({ sheet: z.string(), heading: z.string(), columns: z.array(column), ruleTotal: z.string(), grandTotal: z.string() }),
  schablon: z.object({ sheet: z.string(), heading: z.string(), intro: z.string(), columns: z.array(column), total: z.string(), empty: z.string() }),
});

function template(): z.infer<typeof FinanceTemplateSchema> {
  return textTemplate('finance.json', FinanceTemplateSchema);
}

export interface FinanceInput {
  asOf: IsoDate;
  region: Config['region'];
  claims: Claim[];
  persons: Map<string, Person> | ReadonlyMap<string, Person>;
  schablon: SchablonQuarter[];
}

/** What finance sees of a person: the dossier number, else the masked identity. */
export function financeIdentity(claim: Claim, persons: FinanceInput['persons']): string {
  const dossier = persons.get(claim.personId)?.dossierNumber;
  return dossier ? dossier : maskIdentity(claim.personId);
}

/** The claims finance may see: never one of a papperslös person (§4), whatever the caller passed. */
export function financeClaims(input: FinanceInput): Claim[] {
  return input.claims
    .filter((c) => input.persons.get(c.personId)?.group !== 'papperslös')
    .sort(
      (a, b) =>
        cmp(a.deadline, b.deadline) ||
        cmp(a.personId, b.personId) ||
        cmp(a.periodStart, b.periodStart) ||
        cmp(a.contactId ?? '', b.contactId ?? '') ||
        cmp(a.id, b.id),
    );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface TotalsRow {
  rule: Rule | null;
  status: ClaimStatus | null;
  count: number;
  amountOre: Ore;
}

/** Totals per rule and status (statuses in their lifecycle order), a subtotal per rule, a grand total. */
export function financeTotals(claims: Claim[]): TotalsRow[] {
  const rows: TotalsRow[] = [];
  let grandCount = 0;
  let grandOre = 0;
  for (const rule of RULES) {
    let ruleCount = 0;
    let ruleOre = 0;
    for (const status of CLAIM_STATUSES) {
      const matching = claims.filter((c) => c.rule === rule && c.status === status);
      if (matching.length === 0) continue;
      const amountOre = matching.reduce((s, c) => s + c.claimOre, 0);
      rows.push({ rule, status, count: matching.length, amountOre });
      ruleCount += matching.length;
      ruleOre += amountOre;
    }
    rows.push({ rule, status: null, count: ruleCount, amountOre: ruleOre });
    grandCount += ruleCount;
    grandOre += ruleOre;
  }
  rows.push({ rule: null, status: null, count: grandCount, amountOre: grandOre });
  return rows;
}

/** A claim's row: what the PDF shows (`text`) and what the spreadsheet holds (`value`), per column key. */
type ClaimCells = Record<string, { text: string; value: CellValue }>;

function claimCells(c: Claim, persons: FinanceInput['persons'], t: ReturnType<typeof template>): ClaimCells {
  const identity = financeIdentity(c, persons);
  return {
    id: { text: c.id, value: c.id },
    rule: { text: label('ruleShort', c.rule), value: label('rule', c.rule) },
    person: { text: identity, value: identity },
    periodStart: { text: formatDate(c.periodStart), value: dateValue(c.periodStart) },
    periodEnd: { text: formatDate(c.periodEnd), value: dateValue(c.periodEnd) },
    quarter: { text: c.quarter ?? '', value: c.quarter ?? '' },
    claim: { text: formatKronor(c.claimOre, { unit: false }), value: kronorValue(c.claimOre) },
    deadline: { text: formatDate(c.deadline), value: dateValue(c.deadline) },
    provisional: { text: c.deadlineProvisional ? t.claims.yes : t.claims.no, value: c.deadlineProvisional ? t.claims.yes : t.claims.no },
    status: { text: label('status', c.status), value: label('status', c.status) },
    adjustmentOf: { text: c.adjustmentOf ?? '', value: c.adjustmentOf ?? '' },
  };
}

function numFmtFor(key: string): string | undefined {
  if (['periodStart', 'periodEnd', 'deadline', 'lastDay', 'paymentDate'].includes(key)) return NUMFMT.date;
  if (key === 'claim' || key === 'amount' || key.startsWith('amount')) return NUMFMT.kronorPlain;
  if (key === 'count' || key.startsWith('persons')) return NUMFMT.count;
  return undefined;
}

function sheetColumns(cols: Column[]): SheetColumn[] {
  return cols.map((c) => ({ label: c.label, width: c.width, numFmt: numFmtFor(c.key), align: c.align }));
}

function pdfColumns(cols: Column[]): TableColumn[] {
  return cols.map((c) => ({ label: c.label, width: c.pdfWidth, align: c.align ?? 'left', wrap: false }));
}

function totalsCells(r: TotalsRow, t: ReturnType<typeof template>): Record<string, { text: string; value: CellValue }> {
  const ruleText =
    r.rule === null ? t.totals.grandTotal : r.status === null ? fill(t.totals.ruleTotal, { rule: label('rule', r.rule) }) : label('rule', r.rule);
  const statusText = r.status === null ? '' : label('status', r.status);
  return {
    rule: { text: ruleText, value: ruleText },
    status: { text: statusText, value: statusText },
    count: { text: formatCount(r.count), value: r.count },
    amount: { text: formatKronor(r.amountOre, { unit: false }), value: kronorValue(r.amountOre) },
  };
}

function schablonCells(
  q: SchablonQuarter | null,
  totals: SchablonQuarter[],
  t: ReturnType<typeof template>,
): Record<string, { text: string; value: CellValue }> {
  const sum = (f: (x: SchablonQuarter) => number): number => totals.reduce((s, x) => s + f(x), 0);
  const pick = (f: (x: SchablonQuarter) => number): number => (q ? f(q) : sum(f));
  const count = (n: number): { text: string; value: CellValue } => ({ text: formatCount(n), value: n });
  const money = (ore: Ore): { text: string; value: CellValue } => ({ text: formatKronor(ore, { unit: false }), value: kronorValue(ore) });
  return {
    quarter: { text: q ? q.quarter : t.schablon.total, value: q ? q.quarter : t.schablon.total },
    lastDay: q ? { text: formatDate(q.lastDay), value: dateValue(q.lastDay) } : { text: '', value: null },
    personsUpTo18: count(pick((x) => x.persons.upTo18)),
    persons19To60: count(pick((x) => x.persons.from19To60)),
    persons61: count(pick((x) => x.persons.from61)),
    personsTotal: count(pick((x) => x.totalPersons)),
    amountUpTo18: money(pick((x) => x.amountOre.upTo18)),
    amount19To60: money(pick((x) => x.amountOre.from19To60)),
    amount61: money(pick((x) => x.amountOre.from61)),
    amountTotal: money(pick((x) => x.totalOre)),
    paymentDate: q ? { text: formatDate(q.paymentDate), value: dateValue(q.paymentDate) } : { text: '', value: null },
    paymentMonth: q ? { text: monthName(q.paymentDate.slice(0, 7)), value: monthName(q.paymentDate.slice(0, 7)) } : { text: '', value: null },
  };
}

function ctxOf(input: FinanceInput, count: number): Record<string, string> {
  return { 'region.name': input.region.name, asOf: formatDate(input.asOf), count: formatCount(count) };
}

/** The per-person amounts the schablon figures use, for the intro text. */
function schablonAmounts(schablon: SchablonQuarter[]): Record<string, string> {
  const rates = schablon[0]?.rateOre;
  const show = (ore: Ore | undefined): string => (ore === undefined ? '–' : formatKronor(ore));
  return { 'amount.upTo18': show(rates?.upTo18), 'amount.from19To60': show(rates?.from19To60), 'amount.from61': show(rates?.from61) };
}

async function writeXlsx(path: string, input: FinanceInput, claims: Claim[], totals: TotalsRow[]): Promise<void> {
  const t = template();
  const ctx = ctxOf(input, claims.length);
  await writeWorkbook(path, { title: t.title, subject: fill(t.metadata.subject, ctx), author: input.region.name, asOf: input.asOf }, async (wb) => {
    const title = [t.title, fill(t.subtitle, ctx), t.privacyNote];
    {
      const cols = sheetColumns(t.claims.columns);
      const { sheet } = addTableSheet(wb, t.claims.sheet, cols, title);
      for (const c of claims) {
        const cells = claimCells(c, input.persons, t);
        addRow(
          sheet,
          cols,
          t.claims.columns.map((col) => cells[col.key]?.value ?? null),
        );
      }
      if (claims.length === 0) addNote(sheet, t.claims.empty);
    }
    {
      const cols = sheetColumns(t.totals.columns);
      const { sheet } = addTableSheet(wb, t.totals.sheet, cols, [t.totals.heading, fill(t.subtitle, ctx)], { filter: false });
      for (const r of totals) {
        const cells = totalsCells(r, t);
        addRow(
          sheet,
          cols,
          t.totals.columns.map((col) => cells[col.key]?.value ?? null),
          r.rule === null ? 'total' : r.status === null ? 'subtotal' : 'body',
        );
      }
    }
    {
      const cols = sheetColumns(t.schablon.columns);
      const intro = fill(t.schablon.intro, schablonAmounts(input.schablon));
      const { sheet } = addTableSheet(wb, t.schablon.sheet, cols, [t.schablon.heading, intro], { filter: false });
      for (const q of input.schablon) {
        const cells = schablonCells(q, input.schablon, t);
        addRow(
          sheet,
          cols,
          t.schablon.columns.map((col) => cells[col.key]?.value ?? null),
        );
      }
      if (input.schablon.length > 0) {
        const cells = schablonCells(null, input.schablon, t);
        addRow(
          sheet,
          cols,
          t.schablon.columns.map((col) => cells[col.key]?.value ?? null),
          'total',
        );
      } else {
        addNote(sheet, t.schablon.empty);
      }
    }
  });
}

async function renderFinancePdf(input: FinanceInput, claims: Claim[], totals: TotalsRow[]): Promise<Buffer> {
  const t = template();
  const ctx = ctxOf(input, claims.length);
  const doc = createPdf(
    { title: t.title, author: input.region.name, subject: fill(t.metadata.subject, ctx), keywords: t.metadata.keywords, asOf: input.asOf },
    'landscape',
  );
  const c = new Canvas(doc, 'landscape');
  c.titleBlock(t.title, fill(t.subtitle, ctx), t.privacyNote);

  // Totals first: what finance books from.
  {
    const table = new Table(c, pdfColumns(t.totals.columns), {
      width: Math.min(c.width, 420),
      continued: () => c.heading(continuedHeading(t.totals.heading)),
    });
    c.ensure(c.headingHeight + table.minStartHeight());
    c.heading(t.totals.heading);
    table.header();
    for (const r of totals) {
      const cells = totalsCells(r, t);
      table.row({
        cells: t.totals.columns.map((col) => cells[col.key]?.text ?? ''),
        kind: r.rule === null ? 'total' : r.status === null ? 'subtotal' : 'body',
      });
    }
    c.y += c.layout.spacing.sectionGap;
  }
  {
    const table = new Table(c, pdfColumns(t.schablon.columns), { continued: () => c.heading(continuedHeading(t.schablon.heading)) });
    const introStyle: TextStyle = { size: c.sizes.small, color: c.colors.muted };
    const intro = fill(t.schablon.intro, schablonAmounts(input.schablon));
    c.ensure(c.headingHeight + c.wrap(intro, c.width, introStyle).length * c.lineHeight(introStyle.size) + table.minStartHeight());
    c.heading(t.schablon.heading);
    c.paragraph(intro, introStyle, { gapAfter: 3 });
    table.header();
    for (const q of input.schablon) {
      const cells = schablonCells(q, input.schablon, t);
      table.row({ cells: t.schablon.columns.map((col) => cells[col.key]?.text ?? '') });
    }
    if (input.schablon.length > 0) {
      const cells = schablonCells(null, input.schablon, t);
      table.row({ cells: t.schablon.columns.map((col) => cells[col.key]?.text ?? ''), kind: 'total' });
    } else {
      c.paragraph(t.schablon.empty, introStyle);
    }
    c.y += c.layout.spacing.sectionGap;
  }
  {
    const table = new Table(c, pdfColumns(t.claims.columns), { zebra: true, continued: () => c.heading(continuedHeading(t.claims.heading)) });
    c.ensure(c.headingHeight + table.minStartHeight());
    c.heading(t.claims.heading);
    table.header();
    for (const claim of claims) {
      const cells = claimCells(claim, input.persons, t);
      table.row({ cells: t.claims.columns.map((col) => cells[col.key]?.text ?? '') });
    }
    if (claims.length === 0) c.paragraph(t.claims.empty, { size: c.sizes.small, color: c.colors.muted });
  }
  c.footers(fill(t.footerLeft, ctx));
  return finishPdf(doc);
}

/** Writes DIR/finance/summary.xlsx and DIR/finance/summary.pdf, each through a temporary file. */
export async function writeFinanceSummary(
  outDir: string,
  input: {
    asOf: IsoDate;
    region: Config['region'];
    claims: Claim[];
    persons: Map<string, Person> | ReadonlyMap<string, Person>;
    schablon: SchablonQuarter[];
  },
): Promise<void> {
  const claims = financeClaims(input);
  const totals = financeTotals(claims);
  const dir = join(outDir, 'finance');
  // Each file works out its rows' cells as it goes: held for both files, the cells of 14 000 claims
  // are 12 MB more at the run's peak, for some 50 ms less.
  await writeXlsx(join(dir, 'summary.xlsx'), input, claims, totals);
  const pdf = await renderFinancePdf(input, claims, totals);
  await withAtomicFile(join(dir, 'summary.pdf'), async (tmp) => writeFileSync(tmp, pdf));
}
