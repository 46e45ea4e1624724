// Cell values → typed values (SPEC §3): text, dates, enumerations, ICD-10 codes, ja/nej,
// quantities. Each parser returns the value or an `Invalid` carrying the Swedish reason; the
// reasons name no personal data, so they can go anywhere.
import { addYears, excelSerialToIso, isRealDate, isoFromSpreadsheetDate, toIso } from '../domain/dates.js';
import { normalizeIdentity } from '../domain/identity.js';
import { groupThousands, oreFromNumber, parseMoneyTextResult, wholeOre, type MoneyResult } from '../domain/money.js';
import type { IsoDate, Ore } from '../domain/types.js';
import { MAX_CELL_CHARS } from './limits.js';

/**
 * An error cell (`#N/A`, `#VALUE!`, …) or a formula whose cached result is an error. A plain
 * object, so it survives the trip to a worker thread.
 */
export interface CellError {
  error: string;
}

export function isCellError(cell: unknown): cell is CellError {
  return typeof cell === 'object' && cell !== null && !(cell instanceof Date) && typeof (cell as CellError).error === 'string';
}

/**
 * A cell the readers could not hand over as itself (text over MAX_CELL_CHARS, a number cell holding
 * no number, a missing shared string): every parser rejects it with `reason`, and a rejected-row
 * list shows `shown`. A plain object, so it survives the trip to a worker thread.
 */
export interface BadCell {
  reason: string;
  shown: string;
}

export function isBadCell(cell: unknown): cell is BadCell {
  return typeof cell === 'object' && cell !== null && typeof (cell as BadCell).reason === 'string' && typeof (cell as BadCell).shown === 'string';
}

/** A cell as the readers hand it over: csv cells are strings, xlsx cells any of these. */
export type Cell = string | number | boolean | Date | CellError | BadCell | null | undefined;

export class Invalid {
  constructor(readonly reason: string) {}
}

export const TOO_LONG_REASON = `värdet är längre än ${groupThousands(String(MAX_CELL_CHARS))} tecken, Excels gräns för en cell`;
const TOO_LONG = new Invalid(TOO_LONG_REASON);
const BAD_CELL = new Map<string, Invalid>([[TOO_LONG_REASON, TOO_LONG]]);

function badCellValue(cell: BadCell): Invalid {
  let inv = BAD_CELL.get(cell.reason);
  if (!inv) BAD_CELL.set(cell.reason, (inv = new Invalid(cell.reason)));
  return inv;
}

// A personnummer or samordningsnummer anywhere in a text: its last four digits are masked.
const IDENTITY_IN_TEXT = /(?<!\d)((?:\d{2})?\d{6})([-+]?)\d{4}(?!\d)/g;

/**
 * Text over the cell limit as a BadCell: shown as its first characters (identity numbers in them
 * masked) and its length, never whole.
 */
export function tooLongCell(text: string): BadCell {
  const head = Array.from(text.slice(0, 64))
    .slice(0, 24)
    .join('')
    .replace(IDENTITY_IN_TEXT, (_, date: string) => `${date}-****`);
  return { reason: TOO_LONG_REASON, shown: `${head}… (${groupThousands(String(text.length))} tecken)` };
}

/** A string cell as a reader hands it over: over the cell limit it becomes a BadCell. */
export function textCell(text: string): string | BadCell {
  return text.length > MAX_CELL_CHARS ? tooLongCell(text) : text;
}

export const MISSING = new Invalid('värde saknas');
export const NOT_A_NUMBER_REASON = 'cellen är en talcell men innehåller inget tal';
const ERROR_CELL = new Invalid('cellen innehåller ett fel i kalkylarket');

/**
 * An exceljs cell value → Cell: rich text joined, a formula replaced by its cached result,
 * a hyperlink by its text, an error kept as CellError.
 */
export function fromExcelValue(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case 'string':
      return v.length > MAX_CELL_CHARS ? tooLongCell(v) : v;
    case 'boolean':
      return v;
    case 'number':
      return Number.isNaN(v) ? { error: '#VALUE!' } : v;
    default:
      break;
  }
  if (v instanceof Date) return v;
  const o = v as {
    richText?: { text?: string | null }[];
    error?: unknown;
    result?: unknown;
    formula?: unknown;
    sharedFormula?: unknown;
    text?: unknown;
    notANumber?: unknown;
    missingSharedString?: unknown;
  };
  if (Array.isArray(o.richText)) {
    let s = '';
    for (const run of o.richText) s += run.text ?? '';
    return textCell(s);
  }
  // From the strict worksheet reader (readers/worksheet-reader.ts).
  if (typeof o.notANumber === 'string') return { reason: NOT_A_NUMBER_REASON, shown: o.notANumber };
  if (o.missingSharedString !== undefined) return { reason: 'cellen pekar på en delad text som saknas i filen (skadad fil)', shown: '' };
  if (o.error !== undefined) return { error: String(o.error) };
  if (o.formula !== undefined || o.sharedFormula !== undefined) return fromExcelValue(o.result);
  if (o.text !== undefined) return fromExcelValue(o.text);
  return null;
}

/** A number as a spreadsheet shows it in a text column: integers without decimals. */
function numberText(n: number): string {
  return Number.isInteger(n) ? n.toFixed(0) : String(n);
}

/** Whether a cell holds nothing (empty or whitespace only). */
export function isEmptyCell(cell: Cell): boolean {
  return cell === null || cell === undefined || (typeof cell === 'string' && cell.trim() === '');
}

/** Text of a cell, trimmed; null when empty. */
export function parseText(cell: Cell): string | null | Invalid {
  if (cell === null || cell === undefined) return null;
  if (typeof cell === 'string') {
    if (cell.length > MAX_CELL_CHARS) return TOO_LONG;
    const t = cell.trim();
    return t === '' ? null : t;
  }
  if (typeof cell === 'number') return numberText(cell);
  if (typeof cell === 'boolean') return cell ? 'SANT' : 'FALSKT';
  if (cell instanceof Date) return isoFromSpreadsheetDate(cell);
  return isBadCell(cell) ? badCellValue(cell) : ERROR_CELL;
}

/** What a rejected-row list shows as the cell's value (identity and name columns mask it further). */
export function displayCell(cell: Cell): string | null {
  if (isCellError(cell)) return cell.error;
  if (isBadCell(cell)) return cell.shown === '' ? null : cell.shown;
  if (typeof cell === 'string' && cell.length > MAX_CELL_CHARS) return tooLongCell(cell).shown;
  const t = parseText(cell);
  return t instanceof Invalid ? null : t;
}

export const DATE_REASON = {
  syntax: 'datumet kan inte tolkas (skriv ÅÅÅÅ-MM-DD, ÅÅÅÅMMDD eller ÅÅÅÅ/MM/DD)',
  notReal: 'datumet finns inte i kalendern',
  time: 'datumet har en klockslagsdel som inte är ett klockslag (skriv ÅÅÅÅ-MM-DD)',
} as const;
const DATE_SYNTAX = new Invalid(DATE_REASON.syntax);
const DATE_NOT_REAL = new Invalid(DATE_REASON.notReal);
const DATE_TIME = new Invalid(DATE_REASON.time);

// YYYY-MM-DD (optionally with a time of day, as xlsx ISO date cells carry), YYYYMMDD, YYYY/MM/DD.
const DATE_TEXT = /^(\d{4})(?:-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?Z?)?|(\d{2})(\d{2})|\/(\d{2})\/(\d{2}))$/;
// An Excel serial day written as text (a csv saved from a General-formatted column).
const SERIAL_TEXT = /^\d{1,5}(?:[.,]\d+)?$/;

/** Digits of text[from, to) as a number; -1 when any is no digit. */
function digits(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

function serialDate(serial: number, date1904: boolean): IsoDate | Invalid {
  return excelSerialToIso(serial, date1904) ?? DATE_SYNTAX;
}

/**
 * A date cell: an xlsx date cell, an Excel serial number (1900 or 1904 date system), or text
 * `YYYY-MM-DD`, `YYYYMMDD`, `YYYY/MM/DD`. Null when empty.
 */
export function parseDate(cell: Cell, date1904: boolean): IsoDate | null | Invalid {
  if (cell === null || cell === undefined) return null;
  if (typeof cell === 'string') {
    const t = cell.trim();
    if (t === '') return null;
    // Fast path: already YYYY-MM-DD.
    if (t.length === 10 && t.charCodeAt(4) === 45 && t.charCodeAt(7) === 45) {
      const y = digits(t, 0, 4);
      const mo = digits(t, 5, 7);
      const d = digits(t, 8, 10);
      if (y >= 0 && mo >= 0 && d >= 0) return isRealDate(y, mo, d) ? t : DATE_NOT_REAL;
    }
    const m = t.length <= 40 ? t.match(DATE_TEXT) : null;
    if (m) {
      const y = Number(m[1]);
      const mo = Number(m[2] ?? m[7] ?? m[9]);
      const d = Number(m[3] ?? m[8] ?? m[10]);
      // A time must be one (2025-02-03T25:61 is no date at all).
      if (m[4] !== undefined && (Number(m[4]) > 23 || Number(m[5]) > 59 || (m[6] !== undefined && Number(m[6]) > 59))) return DATE_TIME;
      return isRealDate(y, mo, d) ? toIso(y, mo, d) : DATE_NOT_REAL;
    }
    if (SERIAL_TEXT.test(t)) return serialDate(Number(t.replace(',', '.')), false);
    return DATE_SYNTAX;
  }
  if (typeof cell === 'number') return serialDate(cell, date1904);
  if (cell instanceof Date) return isoFromSpreadsheetDate(cell) ?? DATE_SYNTAX;
  if (isCellError(cell)) return ERROR_CELL;
  if (isBadCell(cell)) return badCellValue(cell);
  return DATE_SYNTAX;
}

/** Case- and diacritic-insensitive form of an enumerated value, spaces as underscores. */
export function normaliseEnumText(text: string): string {
  return text
    .trim()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\s+/g, '_');
}

/** A parser for an enumerated column; empty cells give null (the caller applies the default). */
export function enumParser<T extends string>(values: readonly T[], what: string): (cell: Cell) => T | null | Invalid {
  const byForm = new Map<string, T>();
  for (const v of values) byForm.set(normaliseEnumText(v), v);
  const unknown = new Invalid(`okänt värde för ${what} (tillåtna: ${values.map((v) => v.replace(/_/g, ' ')).join(', ')})`);
  // Values repeat a lot: remember the raw texts already seen (bounded, so a hostile file cannot grow it).
  const seen = new Map<string, T | Invalid>();
  return (cell) => {
    if (cell === null || cell === undefined) return null;
    if (typeof cell !== 'string') return isCellError(cell) ? ERROR_CELL : isBadCell(cell) ? badCellValue(cell) : unknown;
    const hit = seen.get(cell);
    if (hit !== undefined) return hit;
    const t = cell.trim();
    if (t === '') return null;
    const r = byForm.get(normaliseEnumText(t)) ?? unknown;
    if (seen.size < 1000) seen.set(cell, r);
    return r;
  };
}

const ICD10 = /^[A-Z]\d{2}(?:\.?[0-9A-Z]{1,4})?$/;
export const ICD_REASON = 'diagnosen är ingen ICD-10-kod (t.ex. F43.1)';
const NOT_ICD = new Invalid(ICD_REASON);

/** An ICD-10 code, upper-cased as written (with or without the dot). Null when empty. */
export function parseIcd10(cell: Cell): string | null | Invalid {
  const t = parseText(cell);
  if (t === null || t instanceof Invalid) return t;
  const code = t.toUpperCase();
  return ICD10.test(code) ? code : NOT_ICD;
}

const UNDERLYING_SEPARATORS = /[,;\s]+/;

/** ICD-10 codes separated by `,` `;` or spaces → upper-cased, joined by single spaces. */
export function parseIcd10List(cell: Cell): string | null | Invalid {
  const t = parseText(cell);
  if (t === null || t instanceof Invalid) return t;
  const codes = t
    .toUpperCase()
    .split(UNDERLYING_SEPARATORS)
    .filter((c) => c !== '');
  if (codes.length === 0) return null;
  for (const c of codes)
    if (!ICD10.test(c)) return new Invalid(`grunddiagnoserna ska vara ICD-10-koder åtskilda av komma, semikolon eller mellanslag (t.ex. F43.1, E11)`);
  return codes.join(' ');
}

const JA_NEJ = new Invalid('värdet ska vara ja eller nej');

/** `ja` | `nej` (any case), a boolean cell; null when empty. */
export function parseJaNej(cell: Cell): boolean | null | Invalid {
  if (cell === null || cell === undefined) return null;
  if (typeof cell === 'boolean') return cell;
  if (typeof cell !== 'string') return isCellError(cell) ? ERROR_CELL : isBadCell(cell) ? badCellValue(cell) : JA_NEJ;
  const t = cell.trim().toLowerCase();
  if (t === '') return null;
  if (t === 'ja') return true;
  if (t === 'nej') return false;
  return JA_NEJ;
}

const QUANTITY = new Invalid('antalet ska vara ett heltal som är 0 eller större');
const DIGITS = /^\d{1,15}$/;

/** An integer ≥ 0; null when empty. */
export function parseQuantity(cell: Cell): number | null | Invalid {
  if (cell === null || cell === undefined) return null;
  if (typeof cell === 'number') return Number.isSafeInteger(cell) && cell >= 0 ? cell : QUANTITY;
  if (typeof cell !== 'string') return isCellError(cell) ? ERROR_CELL : isBadCell(cell) ? badCellValue(cell) : QUANTITY;
  const t = cell.trim();
  if (t === '') return null;
  return DIGITS.test(t) ? Number(t) : QUANTITY;
}

const MONEY_INVALID = new Map<string, Invalid>();
function moneyValue(r: MoneyResult): Ore | Invalid {
  if (r.ok) return r.ore;
  let inv = MONEY_INVALID.get(r.reason);
  if (!inv) MONEY_INVALID.set(r.reason, (inv = new Invalid(r.reason)));
  return inv;
}
const MONEY_TYPE = new Invalid('beloppet ska vara ett tal i kronor');

/** Kronor as a number cell or money text (SPEC §3.1) → öre; null when empty. */
export function parseMoney(cell: Cell): Ore | null | Invalid {
  if (cell === null || cell === undefined) return null;
  if (typeof cell === 'number') return wholeOre(cell) ?? moneyValue(oreFromNumber(cell));
  if (typeof cell === 'string') return cell.trim() === '' ? null : moneyValue(parseMoneyTextResult(cell));
  return isCellError(cell) ? ERROR_CELL : isBadCell(cell) ? badCellValue(cell) : MONEY_TYPE;
}

export { ERROR_CELL };

/** What a file's parsers depend on besides the cell. */
export interface RowContext {
  asOf: IsoDate;
  /** The workbook uses the 1904 date system (xlsx only). */
  date1904: boolean;
}

const BEFORE_2000 = new Invalid('datumet är före 2000-01-01');

/**
 * The parsers that depend on the file's context, built once a file for whichever kind its rows
 * are (src/ingest/schemas.ts): identities normalised as of the as-of date (SPEC §4), dates in the
 * workbook's date system, and the bounded dates of cost lines and payments (SPEC §3.1, §8).
 */
export function contextParsers(ctx: RowContext) {
  const date = (cell: Cell) => parseDate(cell, ctx.date1904);
  /** A date from 2000-01-01 up to `latest`; null when empty. */
  const dateUpTo = (latest: IsoDate, tooLate: string) => {
    const late = new Invalid(tooLate);
    return (cell: Cell): IsoDate | null | Invalid => {
      const d = date(cell);
      if (d === null || d instanceof Invalid) return d;
      return d < '2000-01-01' ? BEFORE_2000 : d > latest ? late : d;
    };
  };
  /** A cost line's dates: up to one year after the as-of date. */
  const costDate = dateUpTo(addYears(ctx.asOf, 1), `datumet ligger mer än ett år efter bedömningsdatumet ${ctx.asOf}`);
  /** A payment's date: up to the as-of date. */
  const paymentDate = dateUpTo(ctx.asOf, `datumet ligger efter ${ctx.asOf}`);
  const invalid = new Map<string, Invalid>();
  const identity = (cell: Cell): { id: string; birthDate: IsoDate | null } | null | Invalid => {
    const text = parseText(cell);
    if (text === null || text instanceof Invalid) return text;
    const r = normalizeIdentity(text, ctx.asOf);
    if (r.ok) return { id: r.id, birthDate: r.birthDate };
    let inv = invalid.get(r.reason);
    if (!inv) invalid.set(r.reason, (inv = new Invalid(r.reason)));
    return inv;
  };
  return { date, costDate, paymentDate, identity };
}

/** The context-bound parsers of one file. */
export type ContextParsers = ReturnType<typeof contextParsers>;
