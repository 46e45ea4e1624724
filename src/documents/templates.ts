// The document templates in templates/: page layout, labels and the texts and section order of
// every form and report. Read once per process, validated by zod; the drawing code only knows
// section kinds, never the words.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** templates/ of this package, found from this module both in src/ (tests) and in dist/src/. */
export const TEMPLATES_DIR: string = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'templates');
    if (existsSync(join(candidate, 'layout.json'))) return candidate;
    dir = dirname(dir);
  }
  throw new Error('hittar inte mallkatalogen templates/ (layout.json)');
})();

const hex = z.string().regex(/^#[0-9a-fA-F]{6}$/);
const box = z.object({ top: z.number(), bottom: z.number(), left: z.number(), right: z.number() });
const pageSpec = z.object({ size: z.tuple([z.number(), z.number()]), margins: box });

export const LayoutSchema = z.object({
  fonts: z.object({ regular: z.string(), bold: z.string() }),
  portrait: pageSpec,
  landscape: pageSpec,
  sizes: z.object({
    title: z.number(),
    subtitle: z.number(),
    heading: z.number(),
    body: z.number(),
    label: z.number(),
    table: z.number(),
    tableHeader: z.number(),
    footer: z.number(),
    small: z.number(),
    sender: z.number(),
  }),
  colors: z.object({
    text: hex,
    muted: hex,
    rule: hex,
    box: hex,
    band: hex,
    tableHeader: hex,
    subtotal: hex,
    total: hex,
    zebra: hex,
    bar: hex,
    barSuppressed: hex,
    grid: hex,
  }),
  lineWidths: z.object({ box: z.number(), rule: z.number(), grid: z.number() }),
  spacing: z.object({
    sectionGap: z.number(),
    headingHeight: z.number(),
    fieldHeight: z.number(),
    fieldPadding: z.number(),
    tableRowPadding: z.number(),
    paragraphGap: z.number(),
  }),
  footer: z.object({ right: z.string() }),
  /** A section heading repeated on the next page. */
  continued: z.string(),
});
export type Layout = z.infer<typeof LayoutSchema>;

const labelMap = z.record(z.string(), z.string());
export const LabelsSchema = z.object({
  costType: labelMap,
  careSetting: labelMap,
  careCategory: labelMap,
  group: labelMap,
  rule: labelMap,
  ruleShort: labelMap,
  status: labelMap,
  ageBand: labelMap,
  schablonBand: labelMap,
  yesNo: labelMap,
});
export type Labels = z.infer<typeof LabelsSchema>;

/** A text shown only when a named condition holds (`!name` negates). */
const conditional = { when: z.string().optional() };
const note = z.object({ ...conditional, text: z.string() });
const field = z.object({ label: z.string(), value: z.string(), width: z.number().positive().default(1) });
export type FieldTemplate = z.infer<typeof field>;
const column = z.object({
  key: z.string(),
  label: z.string(),
  width: z.number().positive(),
  align: z.enum(['left', 'right', 'center']).default('left'),
  wrap: z.boolean().default(false),
});
export type ColumnTemplate = z.infer<typeof column>;

const fieldsSection = z.object({
  kind: z.literal('fields'),
  heading: z.string(),
  rows: z.array(z.array(field)),
  notes: z.array(note).default([]),
});
const specificationSection = z.object({
  kind: z.literal('specification'),
  heading: z.string(),
  continued: z.string(),
  intro: z.string().default(''),
  columns: z.array(column),
  monthSubtotal: z.string(),
  total: z.string(),
});
const calculationSection = z.object({
  kind: z.literal('calculation'),
  heading: z.string(),
  lines: z.array(
    z.object({
      ...conditional,
      label: z.string(),
      value: z.string(),
      muted: z.boolean().default(false),
      rule: z.boolean().default(false),
      result: z.boolean().default(false),
    }),
  ),
  notes: z.array(note).default([]),
});
const paragraphsSection = z.object({ kind: z.literal('paragraphs'), heading: z.string(), paragraphs: z.array(z.string()) });
const checklistSection = z.object({
  kind: z.literal('checklist'),
  heading: z.string(),
  items: z.array(z.union([z.string(), note])),
});
const signatureSection = z.object({
  kind: z.literal('signature'),
  heading: z.string(),
  declaration: z.string(),
  rows: z.array(z.array(field)),
});
export const FormSectionSchema = z.discriminatedUnion('kind', [
  fieldsSection,
  specificationSection,
  calculationSection,
  paragraphsSection,
  checklistSection,
  signatureSection,
]);
export type FormSection = z.infer<typeof FormSectionSchema>;

export const FormTemplateSchema = z.object({
  form: z.string(),
  formLabel: z.string(),
  title: z.string(),
  subtitle: z.string(),
  metadata: z.object({ subject: z.string(), keywords: z.string() }),
  reference: z.array(z.object({ label: z.string(), value: z.string() })),
  recipient: z.object({ label: z.string(), lines: z.array(z.string()) }),
  deadline: z.object({ label: z.string(), value: z.string(), notes: z.array(note) }),
  texts: z.object({
    kindNew: z.string(),
    kindAdjustment: z.string(),
    contactEnded: z.string(),
    contactOngoing: z.string(),
    testMet: z.string(),
    testNotMet: z.string(),
    senderOrganisationNumber: z.string(),
  }),
  continuationHeader: z.string(),
  footerLeft: z.string(),
  sections: z.array(FormSectionSchema),
});
export type FormTemplate = z.infer<typeof FormTemplateSchema>;

function readJson(rel: string): unknown {
  const path = join(TEMPLATES_DIR, rel);
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`mallen ${rel} kan inte läsas: ${(err as Error).message}`, { cause: err });
  }
}

function parseTemplate<T>(schema: z.ZodType<T>, rel: string): T {
  const parsed = schema.safeParse(readJson(rel));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`mallen ${rel}: fältet ${issue.path.join('.') || '(roten)'}: ${issue.message}`);
  }
  return parsed.data;
}

const cache = new Map<string, unknown>();
function cached<T>(key: string, load: () => T): T {
  if (!cache.has(key)) cache.set(key, load());
  return cache.get(key) as T;
}

export function layoutTemplate(): Layout {
  return cached('layout', () => parseTemplate(LayoutSchema, 'layout.json'));
}

export function labels(): Labels {
  return cached('labels', () => parseTemplate(LabelsSchema, 'labels.json'));
}

export function formTemplate(form: '4492' | '4481'): FormTemplate {
  return cached(`form:${form}`, () => parseTemplate(FormTemplateSchema, `forms/${form}.json`));
}

/** A table column of a spreadsheet-and-PDF document (finance summary, reports, unit report). */
export const TableColumnSchema = z.object({
  key: z.string(),
  label: z.string(),
  width: z.number().positive(),
  pdfWidth: z.number().positive(),
  align: z.enum(['left', 'right', 'center']).optional(),
});
export type TableColumnTemplate = z.infer<typeof TableColumnSchema>;

/** What every document template begins with: its title, subtitle and PDF metadata. */
export const DocumentHeadSchema = z.object({
  title: z.string(),
  subtitle: z.string(),
  metadata: z.object({ subject: z.string(), keywords: z.string() }),
});

/** What the templates of documents with small-number suppression (yearly reports, unit follow-up) begin with. */
export const SuppressedDocumentTemplateSchema = DocumentHeadSchema.extend({
  footerLeft: z.string(),
  notes: z.array(z.string()),
  suppression: z.string(),
});

/** What the yearly report templates (SKR, Socialstyrelsen) begin with. */
export const ReportTemplateBaseSchema = SuppressedDocumentTemplateSchema.extend({
  file: z.string(),
  orientation: z.enum(['portrait', 'landscape']),
  groupSheet: z.record(z.string(), z.string()),
  groupHeading: z.string(),
  /** The chart of costs per care setting. */
  chart: z.object({ heading: z.string(), note: z.string() }),
});

export function textTemplate<T>(rel: string, schema: z.ZodType<T>): T {
  return cached(`text:${rel}`, () => parseTemplate(schema, rel));
}

/** A label for a coded value; the code itself when the template lacks it. */
export function label(kind: keyof Labels, code: string | null | undefined): string {
  const map = labels()[kind];
  const key = code ?? 'none';
  return map[key] ?? code ?? '';
}

/** A section heading as repeated on a continuation page. */
export function continuedHeading(heading: string): string {
  return fill(layoutTemplate().continued, { heading });
}

/** Placeholder values of one document. */
export type TemplateContext = Readonly<Record<string, string>>;

const PLACEHOLDER = /\{([A-Za-z0-9_.]+)\}/g;

/** Fills `{name}` placeholders; a name missing from the context is a template error. */
export function fill(text: string, ctx: TemplateContext): string {
  return text.replace(PLACEHOLDER, (_, name: string) => {
    const value = ctx[name];
    if (value === undefined) throw new Error(`mallen använder okänd platshållare {${name}}`);
    return value;
  });
}

/** Whether a `when` condition holds: absent → true; `name` / `!name` against the set flags. */
export function holds(when: string | undefined, flags: ReadonlySet<string>): boolean {
  if (!when) return true;
  return when.startsWith('!') ? !flags.has(when.slice(1)) : flags.has(when);
}
