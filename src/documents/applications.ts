// Application PDFs (SPEC §6.2): one per claim, in Swedish, laid out from templates/forms/4492.json
// (kostnadskrävande vård) or 4481.json (varaktig vård). This module turns an ApplicationInput into
// the placeholder values and table rows the form template asks for; the drawing is in pdf/form.ts.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CostLine, Ore } from '../domain/types.js';
import { netOre } from '../domain/types.js';
import { quarterDeduction } from '../rules/kostnadskravande.js';
import { byDateThenSeq } from '../rules/rule-line.js';
import { KOSTNADSKRAVANDE_THRESHOLD_ORE, VARAKTIG_THRESHOLD_ORE } from '../rules/thresholds.js';
import { varaktigPeriodClaim } from '../rules/varaktig.js';
import type { ApplicationInput } from './application-input.js';
import { formatDate, formatKronor, formatWholeKronor, monthName, quarterLabel } from './format.js';
import { Canvas } from './pdf/canvas.js';
import { createPdf, finishPdf } from './pdf/document.js';
import { FormRenderer } from './pdf/form.js';
import type { TableRow } from './pdf/table.js';
import { fill, formTemplate, label, labels, layoutTemplate, TEMPLATES_DIR, type FormTemplate } from './templates.js';

let fingerprint: string | null = null;

/**
 * A hash of everything besides the input that decides an application's bytes: the templates and
 * fonts the forms are drawn with. Include it when deciding whether a stored PDF is still current.
 */
export function applicationTemplateFingerprint(): string {
  if (fingerprint === null) {
    const hash = createHash('sha256');
    const layout = layoutTemplate();
    for (const rel of ['layout.json', 'labels.json', 'forms/4492.json', 'forms/4481.json', layout.fonts.regular, layout.fonts.bold]) {
      hash.update(rel).update(readFileSync(join(TEMPLATES_DIR, rel)));
    }
    fingerprint = hash.digest('hex').slice(0, 16);
  }
  return fingerprint;
}

/** Thrown when an input must not or cannot become an application; the reason is Swedish and carries no personal data. */
export class ApplicationError extends Error {
  constructor(
    readonly claimId: string,
    readonly reason: string,
  ) {
    super(`ansökan ${claimId}: ${reason}`);
  }
}

/**
 * Checks that the document would show nothing it must not, and that its printed arithmetic adds up
 * to the claim by the same rule functions that made it.
 */
export function checkApplicationInput(input: ApplicationInput): void {
  const { claim, person } = input;
  const fail = (reason: string): never => {
    throw new ApplicationError(claim.id, reason);
  };
  if (person.group === 'papperslös') fail('personen är papperslös, ingen ansökan får skrivas');
  if (claim.personId !== person.personId) fail('personuppgifterna hör till en annan person än ansökan');
  const ids = new Set([person.personId, ...(person.dossierNumber ? [person.dossierNumber] : [])]);
  if (input.lines.some((l) => !ids.has(l.personId))) fail('specifikationen innehåller rader för en annan person');
  const linesNet = input.lines.reduce((s, l) => s + netOre(l), 0);
  const previously = input.previouslyClaimedOre ?? 0;
  if (claim.rule === 'kostnadskravande') {
    const k = input.kostnadskravande ?? fail('uppgifter om vårdkontakten saknas');
    const rule = quarterDeduction(k.sumBeforeQuarterOre, k.quarterSumOre);
    const printed = k.quarterSumOre - k.deductionOre;
    if (
      k.deductionOre !== rule.deductionOre ||
      k.deductedBeforeOre !== rule.deductedBeforeOre ||
      printed !== rule.claimOre ||
      printed - previously !== claim.claimOre
    ) {
      fail('beräkningen (kostnad − gränsbelopp) går inte ihop med sökt belopp');
    }
    if (linesNet !== k.quarterSumOre) fail('specifikationens summa stämmer inte med periodens kostnad');
  } else {
    const v = input.varaktig ?? fail('uppgifter om tolvmånadersperioden saknas');
    if (v.periodClaimOre !== varaktigPeriodClaim(v).claimOre || v.periodClaimOre - previously !== claim.claimOre) {
      fail('beräkningen (vård + tolk) går inte ihop med sökt belopp');
    }
    if (linesNet !== v.careOre + v.interpreterOre) fail('specifikationens summa stämmer inte med periodens kostnad');
  }
}

const kr = (ore: Ore): string => formatKronor(ore);
const amount = (ore: Ore): string => formatKronor(ore, { unit: false });

function yesNo(v: boolean | null): string {
  return labels().yesNo[String(v)] ?? '';
}

/** What each column of the specification table shows of a line, by the template's column key. */
const SPECIFICATION_CELLS: Record<string, (l: CostLine) => string> = {
  date: (l) => l.date,
  unit: (l) => l.unit ?? '',
  careSetting: (l) => (l.careSetting ? label('careSetting', l.careSetting) : ''),
  costType: (l) => label('costType', l.costType),
  careCategory: (l) => label('careCategory', l.careCategory),
  quantity: (l) => String(l.quantity),
  amount: (l) => amount(l.amountOre),
  fee: (l) => amount(l.feeOre),
  net: (l) => amount(netOre(l)),
};

/** The specification table: the claim's lines by month with a subtotal after each, then the total. */
export function specificationRows(t: FormTemplate, lines: CostLine[]): TableRow[] {
  const spec = t.sections.find((s) => s.kind === 'specification');
  if (!spec || spec.kind !== 'specification') return [];
  const keys = spec.columns.map((c) => c.key);
  const amountAt = keys.indexOf('amount');
  const cell = (l: CostLine, key: string): string => {
    const text = Object.hasOwn(SPECIFICATION_CELLS, key) ? SPECIFICATION_CELLS[key] : undefined;
    if (!text) throw new Error(`specifikationen har en okänd kolumn: ${key}`);
    return text(l);
  };
  const sumRow = (text: string, ls: CostLine[], kind: 'subtotal' | 'total'): TableRow => {
    const sums: Record<string, Ore> = { amount: 0, fee: 0, net: 0 };
    for (const l of ls) {
      sums.amount! += l.amountOre;
      sums.fee! += l.feeOre;
      sums.net! += netOre(l);
    }
    const span = amountAt > 0 ? amountAt : 1;
    return { kind, span, cells: [text, ...keys.slice(span).map((k) => (k in sums ? amount(sums[k]!) : ''))] };
  };
  const sorted = [...lines].sort(byDateThenSeq);
  const rows: TableRow[] = [];
  let month: string | null = null;
  let inMonth: CostLine[] = [];
  const flush = (): void => {
    if (month !== null) rows.push(sumRow(fill(spec.monthSubtotal, { month: monthName(month) }), inMonth, 'subtotal'));
  };
  for (const l of sorted) {
    const m = l.date.slice(0, 7);
    if (m !== month) {
      flush();
      month = m;
      inMonth = [];
    }
    inMonth.push(l);
    rows.push({ cells: keys.map((k) => cell(l, k)) });
  }
  flush();
  rows.push(sumRow(spec.total, sorted, 'total'));
  return rows;
}

function buildContext(input: ApplicationInput, t: FormTemplate): { ctx: Record<string, string>; flags: Set<string> } {
  const { claim, person, region } = input;
  const flags = new Set<string>();
  if (claim.deadlineProvisional) flags.add('provisional');
  if (claim.adjustmentOf !== null) flags.add('adjustment');
  const previously = input.previouslyClaimedOre ?? 0;
  const ctx: Record<string, string> = {
    title: t.title,
    formLabel: t.formLabel,
    asOf: formatDate(input.asOf),
    'region.name': region.name,
    'region.organisationNumber': region.organisationNumber,
    'region.street': region.address.street,
    'region.postalCity': [region.address.postalCode, region.address.city].filter((s) => s !== '').join(' '),
    'region.contactName': region.contact.name,
    'region.contactPhone': region.contact.phone,
    'region.contactEmail': region.contact.email,
    'region.place': region.place,
    'claim.id': claim.id,
    'claim.deadline': formatDate(claim.deadline),
    'claim.periodStart': formatDate(claim.periodStart),
    'claim.periodEnd': formatDate(claim.periodEnd),
    'claim.quarter': claim.quarter ? quarterLabel(claim.quarter) : '',
    'claim.adjustmentOf': claim.adjustmentOf ?? '',
    'claim.kind': claim.adjustmentOf !== null ? t.texts.kindAdjustment : t.texts.kindNew,
    'person.identity': person.personId,
    'person.dossierNumber': person.dossierNumber ?? '',
    'person.birthDate': formatDate(person.birthDate),
    'person.name': person.name ?? '',
    'person.receptionDate': formatDate(person.receptionDate),
    'person.municipality': person.municipality ?? '',
    'assessment.chronic3y': yesNo(person.chronic3y),
    'assessment.protectionLink': yesNo(person.protectionLink),
    'calc.claim': kr(claim.claimOre),
    'calc.previouslyClaimedNegated': kr(-previously),
    // The amounts the ordinances name, for the form texts (src/rules/thresholds.ts).
    'law.kostnadskravandeThreshold': formatWholeKronor(KOSTNADSKRAVANDE_THRESHOLD_ORE),
    'law.varaktigThreshold': formatWholeKronor(VARAKTIG_THRESHOLD_ORE),
  };
  const k = input.kostnadskravande;
  if (claim.rule === 'kostnadskravande' && k) {
    if (k.multiQuarter) flags.add('multiQuarter');
    if (k.sumBeforeQuarterOre < 0) flags.add('creditsBefore');
    Object.assign(ctx, {
      'contact.id': claim.contactId ?? '',
      'contact.firstDate': formatDate(k.contactFirstDate),
      'contact.lastDate': formatDate(k.contactLastDate),
      'contact.state': k.contactEnd ? fill(t.texts.contactEnded, { date: formatDate(k.contactEnd) }) : t.texts.contactOngoing,
      'contact.units': k.units.join(', '),
      'calc.periodSum': kr(k.quarterSumOre),
      'calc.sumBefore': kr(k.sumBeforeQuarterOre),
      'calc.totalToDate': kr(k.sumBeforeQuarterOre + k.quarterSumOre),
      'calc.threshold': kr(KOSTNADSKRAVANDE_THRESHOLD_ORE),
      'calc.deductedBefore': kr(k.deductedBeforeOre),
      'calc.deductionNegated': kr(-k.deductionOre),
      'calc.newTotal': kr(k.quarterSumOre - k.deductionOre),
    });
  }
  const v = input.varaktig;
  if (claim.rule === 'varaktig' && v) {
    Object.assign(ctx, {
      'calc.care': kr(v.careOre),
      'calc.interpreter': kr(v.interpreterOre),
      'calc.threshold': kr(v.thresholdOre),
      'calc.total': kr(v.careOre + v.interpreterOre),
      'calc.testResult': v.qualifies ? t.texts.testMet : t.texts.testNotMet,
      'calc.periodClaim': kr(v.periodClaimOre),
    });
    if (!v.qualifies) flags.add('testNotMet');
  }
  return { ctx, flags };
}

export async function renderApplicationPdf(input: ApplicationInput): Promise<Buffer> {
  checkApplicationInput(input);
  const t = formTemplate(input.claim.rule === 'kostnadskravande' ? '4492' : '4481');
  const { ctx, flags } = buildContext(input, t);
  const { region } = input;
  const doc = createPdf({
    title: t.title,
    author: region.name,
    subject: fill(t.metadata.subject, ctx),
    keywords: t.metadata.keywords,
    asOf: input.asOf,
  });
  const canvas = new Canvas(doc, 'portrait');
  const senderLines = [
    region.address.street,
    ctx['region.postalCity']!,
    region.organisationNumber ? fill(t.texts.senderOrganisationNumber, { number: region.organisationNumber }) : '',
  ];
  new FormRenderer(canvas, t, { ctx, flags, senderLines, specification: specificationRows(t, input.lines) }).draw();
  return finishPdf(doc);
}
