// The SKR report ("Hälso- och sjukvård åt asylsökande", SPEC §6.4) as a ReportDoc: per group
// (asylsökande, massflyktingar) and age band the persons with care, visits, bed days, dental
// visits, health examinations and costs per care setting; state compensation applied for and
// received per rule; expected schablon; papperslösa only as an aggregate appendix.
import { z } from 'zod';
import type { Config } from '../../config.js';
import type { IsoDate } from '../../domain/types.js';
import type { Figure } from '../../figures/suppression.js';
import { BAND_COLUMNS, SETTING_KEYS, type BandFigures, type YearFigures } from '../../figures/yearly.js';
import { formatDate, quarterLabel } from '../format.js';
import { fill, label, ReportTemplateBaseSchema, TableColumnSchema, textTemplate } from '../templates.js';
import { text, type ReportCell, type ReportColumn, type ReportDoc, type ReportTable } from './render.js';

const column = TableColumnSchema;

const SkrTemplateSchema = ReportTemplateBaseSchema.extend({
  bandColumns: z.array(column),
  rows: z.object({
    persons: z.string(),
    visitsPrimary: z.string(),
    visitsPrimaryPerPerson: z.string(),
    visitsSpecialist: z.string(),
    visitsSpecialistPerPerson: z.string(),
    bedDaysSomatic: z.string(),
    bedDaysPsychiatric: z.string(),
    bedDaysBup: z.string(),
    dentalVisits: z.string(),
    healthExams: z.string(),
    costHeading: z.string(),
    cost: z.string(),
    costTotal: z.string(),
  }),
  compensation: z.object({ sheet: z.string(), heading: z.string(), intro: z.string(), columns: z.array(column), all: z.string() }),
  schablon: z.object({ sheet: z.string(), heading: z.string(), intro: z.string(), columns: z.array(column), total: z.string() }),
  appendix: z.object({ sheet: z.string(), heading: z.string(), intro: z.string(), columns: z.array(column), total: z.string() }),
});

export function skrTemplate(): z.infer<typeof SkrTemplateSchema> {
  return textTemplate('reports/skr.json', SkrTemplateSchema);
}

export const count = (f: Figure): ReportCell => ({ kind: 'count', value: f.value, suppressed: f.suppressed, secondary: f.secondary });
export const money = (f: Figure): ReportCell => ({ kind: 'money', value: f.value, suppressed: f.suppressed, secondary: f.secondary });
/** The persons a figure is built from, hidden as the figure is. */
export const personsOf = (f: Figure): ReportCell => ({ kind: 'count', value: f.persons, suppressed: f.suppressed, secondary: f.secondary });

function ratio(num: Figure, den: Figure): ReportCell {
  if (num.suppressed || den.suppressed) {
    return { kind: 'ratio', value: 0, suppressed: true, secondary: !(num.suppressed && !num.secondary) && !(den.suppressed && !den.secondary) };
  }
  return { kind: 'ratio', value: den.value === 0 ? 0 : num.value / den.value, suppressed: false, na: den.value === 0 };
}

export function columnsOf(cols: z.infer<typeof column>[]): ReportColumn[] {
  return cols.map((c) => ({ label: c.label, width: c.width, pdfWidth: c.pdfWidth, align: c.align }));
}

export interface ReportContext {
  year: number;
  asOf: IsoDate;
  region: Config['region'];
}

/** What every yearly report document begins with, from its template's common part. */
export function reportHead(
  t: z.infer<typeof ReportTemplateBaseSchema>,
  ctx: ReportContext,
  base: Record<string, string>,
): Pick<ReportDoc, 'title' | 'subtitle' | 'subject' | 'keywords' | 'author' | 'footerLeft' | 'asOf' | 'orientation' | 'notes'> {
  return {
    title: fill(t.title, base),
    subtitle: fill(t.subtitle, base),
    subject: fill(t.metadata.subject, base),
    keywords: t.metadata.keywords,
    author: ctx.region.name,
    footerLeft: fill(t.footerLeft, base),
    asOf: ctx.asOf,
    orientation: t.orientation,
    notes: t.notes.map((n) => fill(n, { suppression: t.suppression })),
  };
}

/** The bar chart of costs per care setting that both yearly reports show. */
export function settingChart(
  t: z.infer<typeof ReportTemplateBaseSchema>,
  base: Record<string, string>,
  bySetting: YearFigures['chartSkr'],
): ReportDoc['chart'] {
  return {
    heading: fill(t.chart.heading, base),
    note: t.chart.note,
    bars: SETTING_KEYS.map((s) => {
      const { value, suppressed, secondary } = bySetting[s];
      return { label: label('careSetting', s), ore: value, suppressed, secondary };
    }),
  };
}

export function buildSkrReport(figures: YearFigures, ctx: ReportContext): ReportDoc {
  const t = skrTemplate();
  const base = { year: String(ctx.year), 'region.name': ctx.region.name, asOf: formatDate(ctx.asOf) };
  const bandRow = (labelText: string, f: BandFigures, cell: (x: Figure) => ReportCell, kind: 'body' | 'total' = 'body') => ({
    cells: [text(labelText), ...BAND_COLUMNS.map((b) => cell(f[b]))],
    kind,
  });

  const groupTables: ReportTable[] = figures.skr.map((g) => {
    const r = t.rows;
    const rows: ReportTable['rows'] = [
      bandRow(r.persons, g.persons, count),
      bandRow(r.visitsPrimary, g.measures.visitsPrimary, count),
      { cells: [text(r.visitsPrimaryPerPerson), ...BAND_COLUMNS.map((b) => ratio(g.measures.visitsPrimary[b], g.persons[b]))] },
      bandRow(r.visitsSpecialist, g.measures.visitsSpecialist, count),
      { cells: [text(r.visitsSpecialistPerPerson), ...BAND_COLUMNS.map((b) => ratio(g.measures.visitsSpecialist[b], g.persons[b]))] },
      bandRow(r.bedDaysSomatic, g.measures.bedDaysSomatic, count),
      bandRow(r.bedDaysPsychiatric, g.measures.bedDaysPsychiatric, count),
      bandRow(r.bedDaysBup, g.measures.bedDaysBup, count),
      bandRow(r.dentalVisits, g.measures.dentalVisits, count),
      bandRow(r.healthExams, g.measures.healthExams, count),
      { cells: [text(r.costHeading), text(''), text(''), text('')], kind: 'subtotal' },
      ...SETTING_KEYS.map((s) => bandRow(fill(r.cost, { setting: label('careSetting', s) }), g.costBySetting[s], money)),
      bandRow(r.costTotal, g.costTotal, money, 'total'),
    ];
    const groupName = label('group', g.group);
    return {
      sheet: t.groupSheet[g.group] ?? groupName,
      heading: fill(t.groupHeading, { group: groupName }),
      columns: columnsOf(t.bandColumns),
      rows,
    };
  });

  const compensation: ReportTable = {
    sheet: t.compensation.sheet,
    heading: fill(t.compensation.heading, base),
    intro: t.compensation.intro,
    columns: columnsOf(t.compensation.columns),
    rows: figures.compensation.map((c) => ({
      cells: t.compensation.columns.map((col): ReportCell => {
        switch (col.key) {
          case 'rule':
            return text(c.rule === 'all' ? t.compensation.all : label('rule', c.rule));
          case 'claims':
            return { kind: 'count', value: c.claims, suppressed: c.applied.suppressed, secondary: true };
          case 'persons':
            return personsOf(c.applied);
          case 'applied':
            return money(c.applied);
          case 'received':
            return money(c.received);
          default:
            throw new Error(`okänd kolumn i SKR-mallen: ${col.key}`);
        }
      }),
      kind: c.rule === 'all' ? 'total' : 'body',
    })),
  };
  const schablonTotals = {
    persons: figures.schablon.reduce((s, q) => s + q.persons.all.value, 0),
    amount: figures.schablon.reduce((s, q) => s + q.amount.all.value, 0),
  };
  const schablonCell = (q: YearFigures['schablon'][number] | null, key: string): ReportCell => {
    if (q === null) {
      if (key === 'quarter') return text(t.schablon.total);
      const anyHidden = figures.schablon.some((x) => x.persons.all.suppressed);
      if (key === 'amountAll') return { kind: 'money', value: schablonTotals.amount, suppressed: anyHidden, secondary: true };
      if (key === 'personsAll') return { kind: 'count', value: schablonTotals.persons, suppressed: anyHidden, secondary: true };
      return text('');
    }
    switch (key) {
      case 'quarter':
        return text(quarterLabel(q.quarter));
      case 'upTo18':
      case 'from19To60':
      case 'from61':
        return count(q.persons[key]);
      case 'personsAll':
        return count(q.persons.all);
      case 'amountAll':
        return money(q.amount.all);
      case 'paymentDate':
        return { kind: 'date', iso: q.paymentDate };
      default:
        throw new Error(`okänd kolumn i SKR-mallen: ${key}`);
    }
  };
  const schablon: ReportTable = {
    sheet: t.schablon.sheet,
    heading: fill(t.schablon.heading, base),
    intro: t.schablon.intro,
    columns: columnsOf(t.schablon.columns),
    rows: [
      ...figures.schablon.map((q) => ({ cells: t.schablon.columns.map((col) => schablonCell(q, col.key)) })),
      { cells: t.schablon.columns.map((col) => schablonCell(null, col.key)), kind: 'total' as const },
    ],
  };

  const appendix: ReportTable = {
    sheet: t.appendix.sheet,
    heading: fill(t.appendix.heading, base),
    intro: t.appendix.intro,
    columns: columnsOf(t.appendix.columns),
    newPage: true,
    rows: [
      ...SETTING_KEYS.map((s) => {
        const f = figures.papperslos.costBySetting[s];
        return { cells: [text(label('careSetting', s)), personsOf(f), money(f)] };
      }),
      {
        cells: [text(t.appendix.total), personsOf(figures.papperslos.total), money(figures.papperslos.total)],
        kind: 'total' as const,
      },
    ],
  };

  return {
    ...reportHead(t, ctx, base),
    tablesBeforeChart: groupTables,
    chart: settingChart(t, base, figures.chartSkr),
    tablesAfterChart: [compensation, schablon, appendix],
  };
}
