// Header rows (SPEC §3, §3.1, §3.2): the aliases of every column (src/domain/columns.ts), the
// region's extra aliases from the config, the detection of a file's kind from its header row, and
// the search for that row: the first sheet with a matching header row among its first 11 rows (up to
// 10 title rows above it).
import {
  COST_COLUMNS,
  type CostColumn,
  type FileKind,
  PAYMENT_COLUMNS,
  type PaymentColumn,
  PERSON_COLUMNS,
  type PersonColumn,
} from '../domain/columns.js';
import type { RowSource } from './readers/source.js';

export const PAYMENT_ALIASES: Record<PaymentColumn, readonly string[]> = {
  claim_id: ['ärende_id', 'ansökan', 'ansökans_id', 'ansöknings_id', 'id'],
  case_number: ['ärendenummer', 'migrationsverkets_ärendenummer', 'mig_ärendenummer', 'diarienummer', 'dnr'],
  date: ['datum', 'utbetalningsdatum', 'betalningsdatum', 'beslutsdatum', 'bokföringsdatum'],
  amount: ['belopp', 'utbetalt', 'utbetalt_belopp', 'utbetalt_kr', 'belopp_kr', 'summa'],
  reference: ['referens', 'betalningsreferens', 'verifikation', 'ocr', 'meddelande'],
  rejection_reason: ['avslagsorsak', 'avslag', 'avslagsmotivering', 'motivering', 'orsak'],
};

const PERSON_ID_ALIASES = ['personnummer', 'samordningsnummer', 'reservnummer', 'patient_id', 'patient', 'person'];

export const COST_ALIASES: Record<CostColumn, readonly string[]> = {
  person_id: PERSON_ID_ALIASES,
  contact_id: ['vårdkontakt', 'vardkontakt_id', 'kontakt_id', 'vårdtillfälle'],
  date: ['datum', 'vårddatum', 'besöksdatum', 'händelsedatum'],
  amount: ['belopp', 'kostnad', 'kostnad_kr', 'pris'],
  cost_type: ['kostnadstyp', 'typ'],
  care_category: ['vårdkategori', 'kategori'],
  care_setting: ['vårdform'],
  activity: ['aktivitet', 'besökstyp'],
  quantity: ['antal'],
  patient_fee: ['patientavgift', 'vårdavgift'],
  diagnosis: ['diagnos', 'huvuddiagnos', 'icd10'],
  doctor_ordered: ['ordinerad_av_läkare'],
  contact_end: ['kontakt_slut', 'utskrivningsdatum'],
  unit: ['vårdenhet', 'enhet'],
  line_id: ['rad_id', 'transaktions_id'],
};

/** In a cost export without any person_id column, these name the person (SPEC §3.1). */
export const COST_PERSON_ID_FALLBACK: readonly string[] = ['dossiernummer', 'lma_nummer'];

export const PERSON_ALIASES: Record<PersonColumn, readonly string[]> = {
  person_id: PERSON_ID_ALIASES,
  group: ['grupp', 'kategori_person', 'status'],
  birth_date: ['födelsedatum'],
  dossier_number: ['dossiernummer', 'lma_nummer', 'migrationsverkets_id'],
  name: ['namn'],
  lma_from: ['lma_från', 'inskriven_från'],
  lma_to: ['lma_till', 'inskriven_till'],
  reception_date: ['kommunmottagen', 'mottagningsdatum'],
  chronic_3y: ['varaktigt_vårdbehov', 'vårdbehov_3_år'],
  protection_link: ['samband', 'samband_skyddsbehov'],
  underlying_diagnoses: ['grundsjukdom', 'grunddiagnoser'],
  municipality: ['kommun'],
};

export const COST_REQUIRED: readonly CostColumn[] = ['person_id', 'contact_id', 'date', 'amount'];
export const PERSON_REQUIRED: readonly PersonColumn[] = ['person_id', 'group'];

/** Case-, space-, dash-, underscore- and diacritic-insensitive form of a header (SPEC §3). */
export function normaliseHeader(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[\s\p{Pd}_]+/gu, '');
}

export interface AliasTables {
  costs: Map<string, CostColumn>;
  persons: Map<string, PersonColumn>;
  costPersonFallback: Set<string>;
}

function table<C extends string>(
  columns: readonly C[],
  aliases: Record<C, readonly string[]>,
  extra: Readonly<Record<string, readonly string[]>>,
): Map<string, C> {
  const map = new Map<string, C>();
  for (const c of columns) {
    map.set(normaliseHeader(c), c);
    for (const a of aliases[c]) map.set(normaliseHeader(a), c);
  }
  // The region's own aliases win over the built-in ones.
  for (const c of columns) for (const a of extra[c] ?? []) map.set(normaliseHeader(a), c);
  return map;
}

/** @param config the region's extra aliases per canonical column (the config's headerAliases) */
export function buildAliasTables(config: { headerAliases: Readonly<Record<string, readonly string[]>> }): AliasTables {
  return {
    costs: table(COST_COLUMNS, COST_ALIASES, config.headerAliases),
    persons: table(PERSON_COLUMNS, PERSON_ALIASES, config.headerAliases),
    costPersonFallback: new Set(COST_PERSON_ID_FALLBACK.map(normaliseHeader)),
  };
}

export interface HeaderMatch<C extends string = string> {
  kind: FileKind;
  /** Canonical column → index into the row's value array. */
  index: Map<C, number>;
  /** Canonical column → the header text as written in the file (for rejected-row lists). */
  label: Map<C, string>;
}

function mapRow<C extends string>(cells: readonly (string | null)[], aliases: Map<string, C>): { index: Map<C, number>; label: Map<C, string> } {
  const index = new Map<C, number>();
  const label = new Map<C, string>();
  cells.forEach((text, i) => {
    if (text === null) return;
    const c = aliases.get(normaliseHeader(text));
    // Two columns for one canonical name: the leftmost counts, the other is an extra column.
    if (c !== undefined && !index.has(c)) {
      index.set(c, i);
      label.set(c, text.trim());
    }
  });
  return { index, label };
}

/**
 * The kind a header row announces, or null. `cells` holds each column's text (null when empty),
 * indexed like the data rows that follow. A row with every required cost column is a cost export;
 * otherwise one with every required register column is a register.
 */
export function matchHeader(cells: readonly (string | null)[], tables: AliasTables): HeaderMatch | null {
  const costs = mapRow(cells, tables.costs);
  if (!costs.index.has('person_id')) {
    const i = cells.findIndex((t) => t !== null && tables.costPersonFallback.has(normaliseHeader(t)));
    if (i >= 0) {
      costs.index.set('person_id', i);
      costs.label.set('person_id', cells[i]!.trim());
    }
  }
  if (COST_REQUIRED.every((c) => costs.index.has(c))) return { kind: 'costs', ...costs };
  const persons = mapRow(cells, tables.persons);
  if (PERSON_REQUIRED.every((c) => persons.index.has(c))) return { kind: 'persons', ...persons };
  return null;
}

/** The payment list's aliases, the region's own included. */
export function paymentAliasTable(config: { headerAliases: Readonly<Record<string, readonly string[]>> }): Map<string, PaymentColumn> {
  return table(PAYMENT_COLUMNS, PAYMENT_ALIASES, config.headerAliases);
}

/**
 * A payment list's header row: it names the claim (claim id or case number), the date and the
 * amount. Null when the row is no such header.
 */
export function matchPaymentHeader(
  cells: readonly (string | null)[],
  aliases: Map<string, PaymentColumn>,
): Omit<HeaderMatch<PaymentColumn>, 'kind'> | null {
  const m = mapRow(cells, aliases);
  if (!m.index.has('claim_id') && !m.index.has('case_number')) return null;
  return m.index.has('date') && m.index.has('amount') ? m : null;
}

/** The Swedish message for a payment list without a recognisable header row. */
export function noPaymentHeaderMessage(): string {
  return (
    'ingen rubrikrad hittades bland de första 11 raderna. En utbetalningslista behöver kolumnerna ansökans id (t.ex. "Ärende-id") ' +
    'eller Migrationsverkets ärendenummer (t.ex. "Ärendenummer"), datum (t.ex. "Utbetalningsdatum") och belopp (t.ex. "Belopp"); ' +
    'referens och avslagsorsak är frivilliga'
  );
}

const EXAMPLE_HEADER: Record<string, string> = {
  person_id: 'Personnummer',
  contact_id: 'Vårdkontakt',
  date: 'Datum',
  amount: 'Belopp',
  group: 'Grupp',
};

/** The Swedish message for a file without a recognisable header row, naming what was expected. */
export function noHeaderMessage(): string {
  const list = (cols: readonly string[]) => cols.map((c) => `${c} (t.ex. "${EXAMPLE_HEADER[c] ?? c}")`).join(', ');
  return (
    'ingen rubrikrad hittades bland de första 11 raderna. En kostnadsexport behöver kolumnerna ' +
    `${list(COST_REQUIRED)}; ett personregister behöver ${list(PERSON_REQUIRED)}`
  );
}

/** The largest row number a header row may have. */
export const HEADER_SEARCH_ROWS = 11;

export interface FoundHeader<M extends { index: ReadonlyMap<string, number> } = HeaderMatch> {
  sheet: string | null;
  match: M;
  /** The rows after the header row, in batches. */
  rows: AsyncIterator<unknown[]>;
}

/** A header cell's text: trimmed text, a number as written; anything else is no header. */
function headerText(cell: unknown): string | null {
  if (typeof cell === 'string') return cell.trim() === '' ? null : cell.trim();
  if (typeof cell === 'number') return Number.isInteger(cell) ? cell.toFixed(0) : String(cell);
  return null;
}

/** The rest of a batch, then the batches after it. */
async function* rest<R>(first: R[], more: AsyncIterator<R[]>): AsyncGenerator<R[]> {
  if (first.length > 0) yield first;
  for (let next = await more.next(); !next.done; next = await more.next()) yield next.value;
}

/** Finds the first sheet with a header row of a cost export or register; null when no sheet has one. */
export function findHeader(source: RowSource, tables: AliasTables): Promise<FoundHeader | null> {
  return findHeaderBy(source, (cells) => matchHeader(cells, tables));
}

/** As findHeader, for any header row `match` recognises (a payment list's too). */
export async function findHeaderBy<M extends { index: ReadonlyMap<string, number> }>(
  source: RowSource,
  match: (cells: (string | null)[]) => M | null,
): Promise<FoundHeader<M> | null> {
  // Manual iteration: leaving a for-await would close the workbook stream under the found sheet.
  const sheets = source.sheets[Symbol.asyncIterator]();
  for (let s = await sheets.next(); !s.done; s = await sheets.next()) {
    const sheet = s.value;
    const batches = sheet.rows[Symbol.asyncIterator]();
    search: for (let next = await batches.next(); !next.done; next = await batches.next()) {
      for (let i = 0; i < next.value.length; i++) {
        const row = next.value[i];
        if (source.rowNumber(row) > HEADER_SEARCH_ROWS) break search;
        const found = match(source.cells(row).map(headerText));
        if (found) return { sheet: sheet.name, match: found, rows: rest(next.value.slice(i + 1), batches) };
      }
    }
    await batches.return?.();
  }
  return null;
}
