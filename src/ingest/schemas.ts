// One zod schema per input kind (SPEC §3.1 cost export, §3.2 person register). Input: the row's
// cells by canonical column (readers hand over raw cells); output: normalised values. Every bad
// cell becomes its own issue (path = column, message = Swedish reason), so a rejected row lists
// all its problems; cross-column rules run even when another cell failed, on the cells that parsed.
import { z } from 'zod';
import { addYears } from '../domain/dates.js';
import { normalizeIdentity } from '../domain/identity.js';
import { ACTIVITIES, CARE_CATEGORIES, CARE_SETTINGS, COST_TYPES, GROUPS, type IsoDate } from '../domain/types.js';
import type { CostColumn, PersonColumn } from './headers.js';
import {
  type Cell,
  Invalid,
  MISSING,
  enumParser,
  parseDate,
  parseIcd10,
  parseIcd10List,
  parseJaNej,
  parseMoney,
  parseQuantity,
  parseText,
} from './values.js';

export interface RowContext {
  asOf: IsoDate;
  /** The workbook uses the 1904 date system (xlsx only). */
  date1904: boolean;
}

/** A column whose cell parses with `parse` (returning the value or an Invalid). */
function field<T>(parse: (cell: Cell) => T | Invalid) {
  return z.any().transform((cell: Cell, ctx): T => {
    const r = parse(cell);
    if (r instanceof Invalid) {
      ctx.issues.push({ code: 'custom', message: r.reason, input: cell });
      return z.NEVER;
    }
    return r;
  });
}

function required<T>(parse: (cell: Cell) => T | null | Invalid): (cell: Cell) => T | Invalid {
  return (cell) => parse(cell) ?? MISSING;
}

function withDefault<T>(parse: (cell: Cell) => T | null | Invalid, fallback: T): (cell: Cell) => T | Invalid {
  return (cell) => parse(cell) ?? fallback;
}

const BEFORE_2000 = new Invalid('datumet är före 2000-01-01');

/** Dates of a cost line: from 2000-01-01 up to one year after the as-of date (SPEC §3.1). */
function costDate(ctx: RowContext): (cell: Cell) => IsoDate | null | Invalid {
  const latest = addYears(ctx.asOf, 1);
  const tooLate = new Invalid(`datumet ligger mer än ett år efter bedömningsdatumet ${ctx.asOf}`);
  return (cell) => {
    const d = parseDate(cell, ctx.date1904);
    if (d === null || d instanceof Invalid) return d;
    return d < '2000-01-01' ? BEFORE_2000 : d > latest ? tooLate : d;
  };
}

function identity(ctx: RowContext) {
  const invalid = new Map<string, Invalid>();
  return (cell: Cell): { id: string; birthDate: IsoDate | null } | null | Invalid => {
    const text = parseText(cell);
    if (text === null || text instanceof Invalid) return text;
    const r = normalizeIdentity(text, ctx.asOf);
    if (r.ok) return { id: r.id, birthDate: r.birthDate };
    let inv = invalid.get(r.reason);
    if (!inv) invalid.set(r.reason, (inv = new Invalid(r.reason)));
    return inv;
  };
}

const isNum = (v: unknown): v is number => typeof v === 'number';
const isStr = (v: unknown): v is string => typeof v === 'string';

export const FEE_REASON = {
  debit: 'patientavgiften ska ligga mellan 0 och beloppet',
  credit: 'för en kreditering ska patientavgiften ligga mellan beloppet och 0',
} as const;

export function costRowSchema(ctx: RowContext) {
  const id = identity(ctx);
  const date = costDate(ctx);
  return z
    .object({
      person_id: field((c) => {
        const r = id(c);
        return r === null ? MISSING : r instanceof Invalid ? r : r.id;
      }),
      contact_id: field(required(parseText)),
      date: field(required(date)),
      amount: field(required(parseMoney)),
      cost_type: field(withDefault(enumParser(COST_TYPES, 'kostnadstyp'), 'vård' as const)),
      care_category: field(withDefault(enumParser(CARE_CATEGORIES, 'vårdkategori'), 'övrig' as const)),
      care_setting: field(enumParser(CARE_SETTINGS, 'vårdform')),
      activity: field(enumParser(ACTIVITIES, 'aktivitet')),
      quantity: field(withDefault(parseQuantity, 1)),
      patient_fee: field(withDefault(parseMoney, 0)),
      diagnosis: field(parseIcd10),
      doctor_ordered: field(withDefault(parseJaNej, true)),
      contact_end: field(date),
      unit: field(parseText),
      line_id: field(parseText),
    } satisfies Record<CostColumn, unknown>)
    .superRefine(
      (row, ctx) => {
        const { amount, patient_fee: fee } = row as { amount: unknown; patient_fee: unknown };
        if (!isNum(amount) || !isNum(fee)) return;
        if (amount >= 0 ? fee < 0 || fee > amount : fee < amount || fee > 0) {
          ctx.addIssue({ code: 'custom', path: ['patient_fee'], message: amount >= 0 ? FEE_REASON.debit : FEE_REASON.credit, input: fee });
        }
      },
      { when: () => true },
    );
}

export type CostRow = z.output<ReturnType<typeof costRowSchema>>;

export const PERSON_REASON = {
  lmaFromRequired: 'LMA från krävs för asylsökande och massflyktingar',
  receptionRequired: 'datum för kommunmottagande krävs för personer med uppehållstillstånd',
  lmaToBeforeFrom: 'LMA till är före LMA från',
  lmaToWithoutFrom: 'LMA till är ifyllt men LMA från saknas',
} as const;

export function personRowSchema(ctx: RowContext) {
  const id = identity(ctx);
  const date = (cell: Cell) => parseDate(cell, ctx.date1904);
  return z
    .object({
      person_id: field(required(id)),
      group: field(required(enumParser(GROUPS, 'grupp'))),
      birth_date: field(date),
      // Matched against cost lines' person ids, which keep other identifiers trimmed and upper-cased.
      dossier_number: field((c) => {
        const t = parseText(c);
        return typeof t === 'string' ? t.toUpperCase() : t;
      }),
      name: field(parseText),
      lma_from: field(date),
      lma_to: field(date),
      reception_date: field(date),
      chronic_3y: field(parseJaNej),
      protection_link: field(parseJaNej),
      underlying_diagnoses: field(parseIcd10List),
      municipality: field(parseText),
    } satisfies Record<PersonColumn, unknown>)
    .superRefine(
      (row, ctx) => {
        const r = row as Record<string, unknown>;
        const group = r.group;
        const from = r.lma_from;
        const to = r.lma_to;
        if ((group === 'asylsökande' || group === 'massflykting') && from === null) {
          ctx.addIssue({ code: 'custom', path: ['lma_from'], message: PERSON_REASON.lmaFromRequired, input: null });
        }
        if (group === 'uppehållstillstånd' && r.reception_date === null) {
          ctx.addIssue({ code: 'custom', path: ['reception_date'], message: PERSON_REASON.receptionRequired, input: null });
        }
        if (isStr(to) && isStr(from) && to < from) {
          ctx.addIssue({ code: 'custom', path: ['lma_to'], message: PERSON_REASON.lmaToBeforeFrom, input: to });
        } else if (isStr(to) && from === null && group !== 'asylsökande' && group !== 'massflykting') {
          ctx.addIssue({ code: 'custom', path: ['lma_from'], message: PERSON_REASON.lmaToWithoutFrom, input: null });
        }
      },
      { when: () => true },
    );
}

export type PersonRow = z.output<ReturnType<typeof personRowSchema>>;
