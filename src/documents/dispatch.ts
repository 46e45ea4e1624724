// The cover letter of a dispatch (issue 9): which claims go to Migrationsverket together, the
// person as dossier number or masked identity, period, amount, and the total. Words in
// templates/dispatch.json.
import { z } from 'zod';
import type { Config } from '../config.js';
import { formatKronor } from '../domain/money.js';
import type { IsoDate, Ore, Rule } from '../domain/types.js';
import { Canvas, type TextStyle } from './pdf/canvas.js';
import { createPdf, finishPdf } from './pdf/document.js';
import { Table } from './pdf/table.js';
import { DocumentHeadSchema, fill, textTemplate } from './templates.js';

const DispatchTemplate = DocumentHeadSchema.extend({
  intro: z.string(),
  privacyNote: z.string(),
  columns: z.object({ id: z.string(), rule: z.string(), person: z.string(), period: z.string(), amount: z.string() }),
  rules: z.object({ kostnadskravande: z.string(), varaktig: z.string() }),
  total: z.string(),
  contact: z.string(),
  footerLeft: z.string(),
});

export interface DispatchLine {
  claimId: string;
  rule: Rule;
  /** Dossier number, or the masked identity: never the identity itself. */
  person: string;
  periodStart: IsoDate;
  periodEnd: IsoDate;
  claimOre: Ore;
}

export async function renderDispatchCover(region: Config['region'], date: IsoDate, lines: readonly DispatchLine[]): Promise<Buffer> {
  const t = textTemplate('dispatch.json', DispatchTemplate);
  const ctx = {
    'region.name': region.name,
    'region.contact.name': region.contact.name,
    'region.contact.phone': region.contact.phone,
    'region.contact.email': region.contact.email,
    date,
    count: String(lines.length),
  };
  const doc = createPdf({ title: t.title, author: region.name, subject: fill(t.metadata.subject, ctx), keywords: t.metadata.keywords, asOf: date });
  const c = new Canvas(doc, 'portrait');
  const titleStyle: TextStyle = { font: 'bold', size: c.sizes.title };
  c.text(t.title, c.left, c.y, titleStyle, { width: c.width });
  c.y += c.lineHeight(titleStyle.size);
  c.paragraph(fill(t.subtitle, ctx), { size: c.sizes.subtitle, color: c.colors.muted }, { gapAfter: 6 });
  c.paragraph(t.intro, { size: c.sizes.body }, { gapAfter: 4 });
  c.paragraph(t.privacyNote, { size: c.sizes.small, color: c.colors.muted }, { gapAfter: 8 });
  const table = new Table(
    c,
    [
      { label: t.columns.id, width: 30 },
      { label: t.columns.rule, width: 26, wrap: true },
      { label: t.columns.person, width: 26 },
      { label: t.columns.period, width: 34 },
      { label: t.columns.amount, width: 22, align: 'right' },
    ],
    { zebra: true },
  );
  table.header();
  for (const l of lines) {
    table.row({ cells: [l.claimId, t.rules[l.rule], l.person, `${l.periodStart} – ${l.periodEnd}`, formatKronor(l.claimOre)] });
  }
  table.row({ cells: [t.total, '', '', '', formatKronor(lines.reduce((s, l) => s + l.claimOre, 0))], kind: 'total' });
  c.y += c.layout.spacing.sectionGap;
  const { name, phone, email } = region.contact;
  // A region without a contact in its config gets no empty "Kontakt:" line.
  if (name || phone || email) c.paragraph(fill(t.contact, ctx).replace(/\s+/g, ' ').trim(), { size: c.sizes.small });
  c.footers(fill(t.footerLeft, ctx));
  return finishPdf(doc);
}
