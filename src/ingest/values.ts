// Cell values → typed values (SPEC §3): text, dates, enumerations, ICD-10 codes, ja/nej,
// quantities. Each parser returns the value or an `Invalid` carrying the Swedish reason; the
// reasons name no personal data, so they can go anywhere.
import { excelSerialToIso, isRealDate, isoFromSpreadsheetDate, toIso } from '../domain/dates.js';
import { oreFromNumber, parseMoneyTextResult, wholeOre, type MoneyResult } from '../domain/money.js';
import type { IsoDate, Ore } from '../domain/types.js';

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

/** A cell as the readers hand it over: csv cells are strings, xlsx cells any of these. */
export type Cell = string | number | boolean | Date | CellError | null | undefined;

export class Invalid {
  constructor(readonly reason: string) {}
}

export const MISSING = new Invalid('värde saknas');
const ERROR_CELL = new Invalid('cellen innehåller ett fel i kalkylarket');

/**
 * An exceljs cell value → Cell: rich text joined, a formula replaced by its cached result,
 * a hyperlink by its text, an error kept as CellError.
 */
export function fromExcelValue(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return v;
    case 'number':
      return Number.isNaN(v) ? { error: '#VALUE!' } : v;
    default:
      break;
  }
  if (v instanceof Date) return v;
  const o = v as { richText?: { text?: string | null }[]; error?: unknown; result?: unknown; formula?: unknown; sharedFormula?: unknown; text?: unknown };
  if (Array.isArray(o.richText)) {
    let s = '';
    for (const run of o.richText) s += run.text ?? '';
    return s;
  }
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
    const t = cell.trim();
    return t === '' ? null : t;
  }
  if (typeof cell === 'number') return numberText(cell);
  if (typeof cell === 'boolean') return cell ? 'SANT' : 'FALSKT';
  if (cell instanceof Date) return isoFromSpreadsheetDate(cell);
  return ERROR_CELL;
}

/** What a rejected-row list shows as the cell's value (identity and name columns mask it further). */
export function displayCell(cell: Cell): string | null {
  if (isCellError(cell)) return cell.error;
  const t = parseText(cell);
  return t instanceof Invalid ? null : t;
}

export const DATE_REASON = {
  syntax: 'datumet kan inte tolkas (skriv ÅÅÅÅ-MM-DD, ÅÅÅÅMMDD eller ÅÅÅÅ/MM/DD)',
  notReal: 'datumet finns inte i kalendern',
} as const;
const DATE_SYNTAX = new Invalid(DATE_REASON.syntax);
const DATE_NOT_REAL = new Invalid(DATE_REASON.notReal);

// YYYY-MM-DD (optionally with a time, as xlsx ISO date cells carry), YYYYMMDD, YYYY/MM/DD.
const DATE_TEXT = /^(\d{4})(?:-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?)?|(\d{2})(\d{2})|\/(\d{2})\/(\d{2}))$/;
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
    const m = DATE_TEXT.exec(t);
    if (m) {
      const y = Number(m[1]);
      const mo = Number(m[2] ?? m[4] ?? m[6]);
      const d = Number(m[3] ?? m[5] ?? m[7]);
      return isRealDate(y, mo, d) ? toIso(y, mo, d) : DATE_NOT_REAL;
    }
    if (SERIAL_TEXT.test(t)) return serialDate(Number(t.replace(',', '.')), false);
    return DATE_SYNTAX;
  }
  if (typeof cell === 'number') return serialDate(cell, date1904);
  if (cell instanceof Date) return isoFromSpreadsheetDate(cell) ?? DATE_SYNTAX;
  if (isCellError(cell)) return ERROR_CELL;
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
    if (typeof cell !== 'string') return isCellError(cell) ? ERROR_CELL : unknown;
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
  const codes = t.toUpperCase().split(UNDERLYING_SEPARATORS).filter((c) => c !== '');
  if (codes.length === 0) return null;
  for (const c of codes) if (!ICD10.test(c)) return new Invalid(`grunddiagnoserna ska vara ICD-10-koder åtskilda av komma, semikolon eller mellanslag (t.ex. F43.1, E11)`);
  return codes.join(' ');
}

const JA_NEJ = new Invalid('värdet ska vara ja eller nej');

/** `ja` | `nej` (any case), a boolean cell; null when empty. */
export function parseJaNej(cell: Cell): boolean | null | Invalid {
  if (cell === null || cell === undefined) return null;
  if (typeof cell === 'boolean') return cell;
  if (typeof cell !== 'string') return isCellError(cell) ? ERROR_CELL : JA_NEJ;
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
  if (typeof cell !== 'string') return isCellError(cell) ? ERROR_CELL : QUANTITY;
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
  return isCellError(cell) ? ERROR_CELL : MONEY_TYPE;
}

export { ERROR_CELL };
