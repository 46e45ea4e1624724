// The columns of the two input kinds (SPEC §3.1, §3.2), named once. A parsed row carries its values
// in this order from the header match to the database: the header aliases (src/ingest/headers.ts),
// the parsers (src/ingest/schemas.ts), the dedupe key (src/ingest/dedupe.ts) and the writer
// (src/store/cost-lines.ts) all go by these lists.

export const COST_COLUMNS = [
  'person_id',
  'contact_id',
  'date',
  'amount',
  'patient_fee',
  'cost_type',
  'care_category',
  'care_setting',
  'activity',
  'quantity',
  'diagnosis',
  'doctor_ordered',
  'contact_end',
  'unit',
  'line_id',
] as const;
export type CostColumn = (typeof COST_COLUMNS)[number];

export const PERSON_COLUMNS = [
  'person_id',
  'group',
  'birth_date',
  'dossier_number',
  'name',
  'lma_from',
  'lma_to',
  'reception_date',
  'chronic_3y',
  'protection_link',
  'underlying_diagnoses',
  'municipality',
] as const;
export type PersonColumn = (typeof PERSON_COLUMNS)[number];

export type FileKind = 'costs' | 'persons';

/** A payment list from Migrationsverket (SPEC §8): read by `claims payments import`, not by ingest. */
export const PAYMENT_COLUMNS = ['claim_id', 'case_number', 'date', 'amount', 'reference', 'rejection_reason'] as const;
export type PaymentColumn = (typeof PAYMENT_COLUMNS)[number];

/** Canonical names a region's config may give extra header aliases for. */
export const KNOWN_COLUMNS: ReadonlySet<string> = new Set<string>([...COST_COLUMNS, ...PERSON_COLUMNS, ...PAYMENT_COLUMNS]);

function positions<C extends string>(columns: readonly C[]): Readonly<Record<C, number>> {
  return Object.fromEntries(columns.map((c, i) => [c, i])) as Record<C, number>;
}

/** Where each column's value stands in a parsed cost row's values. */
export const COST_AT = positions(COST_COLUMNS);
/** Where each column's value stands in a parsed register row's values. */
export const PERSON_AT = positions(PERSON_COLUMNS);
/** Where each column's value stands in a parsed payment list row's values. */
export const PAYMENT_AT = positions(PAYMENT_COLUMNS);

/** A parsed cost-export value as stored: text, öre, a count, doctor_ordered as 1 or 0, or null. */
export type CostValue = string | number | null;
