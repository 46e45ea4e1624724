// One zod schema per input kind (SPEC §3.1 cost export, §3.2 person register). Input: the row's
// cells by canonical column (readers hand over raw cells); output: normalised values. Every bad
// cell becomes its own issue (path = column, message = Swedish reason), so a rejected row lists
// all its problems; cross-column rules run even when another cell failed, on the cells that parsed.
//
// The schemas are built from per-column parsers and cross-column rules exported here too: the
// ingest hot path runs those same functions directly on valid rows (no object per row) and asks the
// schema only for a row that fails, to collect its issues. Tests check both paths agree.
import { z } from 'zod';
import { ACTIVITIES, CARE_CATEGORIES, CARE_SETTINGS, COST_TYPES, GROUPS } from '../domain/types.js';
import { COST_COLUMNS, type CostColumn, PAYMENT_COLUMNS, type PaymentColumn, PERSON_COLUMNS, type PersonColumn } from '../domain/columns.js';
import {
  type Cell,
  type ContextParsers,
  Invalid,
  MISSING,
  type RowContext,
  contextParsers,
  enumParser,
  parseIcd10,
  parseIcd10List,
  parseJaNej,
  parseMoney,
  parseQuantity,
  parseText,
} from './values.js';

export type { RowContext };

type Parser<T> = (cell: Cell) => T | Invalid;

/** A column whose cell parses with `parse` (returning the value or an Invalid). */
function field<T>(parse: Parser<T>) {
  return z.any().transform((cell: Cell, ctx): T => {
    const r = parse(cell);
    if (r instanceof Invalid) {
      ctx.issues.push({ code: 'custom', message: r.reason, input: cell });
      return z.NEVER;
    }
    return r;
  });
}

type Fields<P> = { [K in keyof P]: P[K] extends Parser<infer T> ? ReturnType<typeof field<T>> : never };

function fields<P extends Record<string, Parser<unknown>>>(parsers: P): Fields<P> {
  const out: Record<string, unknown> = {};
  for (const [k, parse] of Object.entries(parsers)) out[k] = field(parse);
  return out as Fields<P>;
}

function required<T>(parse: (cell: Cell) => T | null | Invalid): Parser<T> {
  return (cell) => parse(cell) ?? MISSING;
}

function withDefault<T>(parse: (cell: Cell) => T | null | Invalid, fallback: T): Parser<T> {
  return (cell) => parse(cell) ?? fallback;
}

export interface CrossIssue {
  path: string;
  message: string;
}

export const FEE_REASON = {
  debit: 'patientavgiften ska ligga mellan 0 och beloppet',
  credit: 'för en kreditering ska patientavgiften ligga mellan beloppet och 0',
} as const;

/** Per-column parsers of a cost export row (SPEC §3.1), defaults applied. */
function costParsers({ identity, costDate: date }: ContextParsers) {
  return {
    person_id: (c: Cell): string | Invalid => {
      const r = identity(c);
      return r === null ? MISSING : r instanceof Invalid ? r : r.id;
    },
    contact_id: required(parseText),
    date: required(date),
    amount: required(parseMoney),
    cost_type: withDefault(enumParser(COST_TYPES, 'kostnadstyp'), 'vård' as const),
    care_category: withDefault(enumParser(CARE_CATEGORIES, 'vårdkategori'), 'övrig' as const),
    care_setting: enumParser(CARE_SETTINGS, 'vårdform'),
    activity: enumParser(ACTIVITIES, 'aktivitet'),
    quantity: withDefault(parseQuantity, 1),
    patient_fee: withDefault(parseMoney, 0),
    diagnosis: parseIcd10,
    doctor_ordered: withDefault(parseJaNej, true),
    contact_end: date,
    unit: parseText,
    line_id: parseText,
  } satisfies Record<CostColumn, Parser<unknown>>;
}

/** The fee rule (SPEC §3.1): 0 ≤ fee ≤ amount, or amount ≤ fee ≤ 0 for a credit. Skipped unless both parsed. */
export function costCrossIssues(get: ValueOf<CostColumn>): CrossIssue[] {
  const amount = get('amount');
  const fee = get('patient_fee');
  if (typeof amount !== 'number' || typeof fee !== 'number') return [];
  if (amount >= 0 ? fee >= 0 && fee <= amount : fee >= amount && fee <= 0) return [];
  return [{ path: 'patient_fee', message: amount >= 0 ? FEE_REASON.debit : FEE_REASON.credit }];
}

/** A row's value by column: the cross-column rules read values through this, in the fast path and in zod alike. */
export type ValueOf<C extends string> = (column: C) => unknown;

/** Cross-column rules of a kind, on the values that parsed (others are skipped). */
export type CrossRules<C extends string> = (get: ValueOf<C>) => CrossIssue[];

/** The zod schema of a kind: every bad cell an issue of its own, then the cross-column rules. */
function rowSchema<C extends string, P extends Record<C, Parser<unknown>>>(parsers: P, cross: CrossRules<C>) {
  return z.object(fields(parsers)).superRefine(
    (row, zctx) => {
      const r = row as Record<string, unknown>;
      for (const issue of cross((c) => r[c])) zctx.addIssue({ code: 'custom', path: [issue.path], message: issue.message, input: r[issue.path] });
    },
    { when: () => true },
  );
}

export function costRowSchema(ctx: RowContext) {
  return rowSchema(costParsers(contextParsers(ctx)), costCrossIssues);
}

export type CostRow = z.output<ReturnType<typeof costRowSchema>>;

export const PERSON_REASON = {
  lmaFromRequired: 'LMA från krävs för asylsökande och massflyktingar',
  receptionRequired: 'datum för kommunmottagande krävs för personer med uppehållstillstånd',
  lmaToBeforeFrom: 'LMA till är före LMA från',
  lmaToWithoutFrom: 'LMA till är ifyllt men LMA från saknas',
} as const;

/** Cross-column rules of a register row. */
export function personCrossIssues(get: ValueOf<PersonColumn>): CrossIssue[] {
  const issues: CrossIssue[] = [];
  const group = get('group');
  const from = get('lma_from');
  const to = get('lma_to');
  const registered = group === 'asylsökande' || group === 'massflykting';
  if (registered && from === null) issues.push({ path: 'lma_from', message: PERSON_REASON.lmaFromRequired });
  if (group === 'uppehållstillstånd' && get('reception_date') === null)
    issues.push({ path: 'reception_date', message: PERSON_REASON.receptionRequired });
  if (typeof to === 'string' && typeof from === 'string' && to < from) issues.push({ path: 'lma_to', message: PERSON_REASON.lmaToBeforeFrom });
  else if (typeof to === 'string' && from === null && !registered) issues.push({ path: 'lma_from', message: PERSON_REASON.lmaToWithoutFrom });
  return issues;
}

/** Per-column parsers of a register row (SPEC §3.2). */
function personParsers({ identity, date }: ContextParsers) {
  return {
    person_id: required(identity),
    group: required(enumParser(GROUPS, 'grupp')),
    birth_date: date,
    // Matched against cost lines' person ids, which keep other identifiers trimmed and upper-cased.
    dossier_number: (c: Cell) => {
      const t = parseText(c);
      return typeof t === 'string' ? t.toUpperCase() : t;
    },
    name: parseText,
    lma_from: date,
    lma_to: date,
    reception_date: date,
    chronic_3y: parseJaNej,
    protection_link: parseJaNej,
    underlying_diagnoses: parseIcd10List,
    municipality: parseText,
  } satisfies Record<PersonColumn, Parser<unknown>>;
}

export function personRowSchema(ctx: RowContext) {
  return rowSchema(personParsers(contextParsers(ctx)), personCrossIssues);
}

export type PersonRow = z.output<ReturnType<typeof personRowSchema>>;

/** What a row validator needs to know about one input kind (src/ingest/row-validator.ts). */
export interface RowKind<C extends string> {
  columns: readonly C[];
  parsers: Record<C, Parser<unknown>>;
  crossIssues: CrossRules<C>;
  schema: z.ZodType;
}

function rowKind<C extends string, P extends Record<C, Parser<unknown>>>(columns: readonly C[], parsers: P, crossIssues: CrossRules<C>): RowKind<C> {
  return { columns, parsers, crossIssues, schema: rowSchema(parsers, crossIssues) };
}

const costKind = (parsers: ContextParsers): RowKind<CostColumn> => rowKind(COST_COLUMNS, costParsers(parsers), costCrossIssues);
const personKind = (parsers: ContextParsers): RowKind<PersonColumn> => rowKind(PERSON_COLUMNS, personParsers(parsers), personCrossIssues);

export function costRowKind(ctx: RowContext): RowKind<CostColumn> {
  return costKind(contextParsers(ctx));
}

/** The row kind of a cost export or a register, from the file's context-bound parsers (values.ts contextParsers). */
export function rowKindFor(registerFile: boolean, parsers: ContextParsers): RowKind<CostColumn> | RowKind<PersonColumn> {
  return registerFile ? personKind(parsers) : costKind(parsers);
}

export const PAYMENT_REASON = {
  noClaim: 'varken ansökans id eller Migrationsverkets ärendenummer är ifyllt',
  noAmount: 'belopp saknas (en rad utan belopp behöver en avslagsorsak)',
  zeroAmount: 'beloppet är 0 och ingen avslagsorsak är angiven',
} as const;

/** Per-column parsers of a payment list row (SPEC §8); its date lies between 2000-01-01 and the as-of date. */
function paymentParsers({ paymentDate }: ContextParsers) {
  const upper = (cell: Cell) => {
    const t = parseText(cell);
    return typeof t === 'string' ? t.toUpperCase() : t;
  };
  return {
    claim_id: upper,
    case_number: upper,
    date: required(paymentDate),
    amount: parseMoney,
    reference: parseText,
    rejection_reason: parseText,
  } satisfies Record<PaymentColumn, Parser<unknown>>;
}

/** A payment row names its claim, and has an amount unless it is a rejection. */
export function paymentCrossIssues(get: ValueOf<PaymentColumn>): CrossIssue[] {
  const issues: CrossIssue[] = [];
  const unexplained = get('rejection_reason') === null;
  if (get('claim_id') === null && get('case_number') === null) issues.push({ path: 'claim_id', message: PAYMENT_REASON.noClaim });
  if (unexplained && get('amount') === null) issues.push({ path: 'amount', message: PAYMENT_REASON.noAmount });
  if (unexplained && get('amount') === 0) issues.push({ path: 'amount', message: PAYMENT_REASON.zeroAmount });
  return issues;
}

export function paymentRowKind(ctx: RowContext): RowKind<PaymentColumn> {
  return rowKind(PAYMENT_COLUMNS, paymentParsers(contextParsers(ctx)), paymentCrossIssues);
}
