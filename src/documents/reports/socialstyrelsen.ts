// The Socialstyrelsen report (SPEC §6.4) as a ReportDoc: per group, papperslösa included, and age
// band the persons, care contacts and costs per care category; a chart of costs per care setting.
import { z } from 'zod';
import { SOS_CATEGORIES, type YearFigures } from '../../figures/yearly.js';
import { formatDate } from '../format.js';
import { fill, label, ReportTemplateBaseSchema, TableColumnSchema, textTemplate } from '../templates.js';
import { text, type ReportCell, type ReportDoc, type ReportTable } from './render.js';
import { columnsOf, count, money, type ReportContext, reportHead, settingChart } from './skr.js';

const column = TableColumnSchema;

const SosTemplateSchema = ReportTemplateBaseSchema.extend({
  columns: z.array(column),
  categories: z.record(z.string(), z.string()),
});

export function sosTemplate(): z.infer<typeof SosTemplateSchema> {
  return textTemplate('reports/socialstyrelsen.json', SosTemplateSchema);
}

export function buildSosReport(figures: YearFigures, ctx: ReportContext): ReportDoc {
  const t = sosTemplate();
  const base = { year: String(ctx.year), 'region.name': ctx.region.name, asOf: formatDate(ctx.asOf) };
  const tables: ReportTable[] = figures.sos.map((g) => {
    const rows: ReportTable['rows'] = [...SOS_CATEGORIES, 'all' as const].map((cat) => ({
      cells: t.columns.map((col): ReportCell => {
        if (col.key === 'category') return text(t.categories[cat] ?? label('careCategory', cat));
        const [band, measure] = col.key.split('.') as ['0-17' | '18+' | 'all', 'persons' | 'contacts' | 'cost'];
        const cell = g.categories[cat]?.[band]?.[measure];
        if (!cell) throw new Error(`okänd kolumn i Socialstyrelsen-mallen: ${col.key}`);
        return measure === 'cost' ? money(cell) : count(cell);
      }),
      kind: cat === 'all' ? 'total' : 'body',
    }));
    const groupName = label('group', g.group);
    return { sheet: t.groupSheet[g.group] ?? groupName, heading: fill(t.groupHeading, { group: groupName }), columns: columnsOf(t.columns), rows };
  });
  return {
    ...reportHead(t, ctx, base),
    tablesBeforeChart: [],
    chart: settingChart(t, base, figures.chartSos),
    tablesAfterChart: tables,
  };
}
