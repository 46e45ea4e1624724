// Identities (SPEC §4): personnummer and samordningsnummer normalised to `YYYYMMDD-NNNN` with a
// Luhn check, any other identifier (dossier number, reservnummer) trimmed and upper-cased; the
// birth date they carry; masking for everything shown outside the documents that need the identity.
import { ageOn, isYoungerThan } from './age.js';
import { isRealDate, toIso } from './dates.js';
import type { IsoDate } from './types.js';

export type IdentityKind = 'personnummer' | 'samordningsnummer' | 'other';

export type IdentityResult = { ok: true; id: string; kind: IdentityKind; birthDate: IsoDate | null } | { ok: false; reason: string };

export const IDENTITY_REASON = {
  missing: 'identitet saknas',
  luhn: 'kontrollsiffran stämmer inte (personnummer/samordningsnummer)',
} as const;

// 6 or 8 digits, an optional - or +, 4 digits.
const NUMBER_FORM = /^(\d{6}|\d{8})([-+]?)(\d{4})$/;
const NORMALISED = /^(\d{4})(\d{2})(\d{2})-\d{4}$/;

/** Luhn check over exactly ten digits (YYMMDDNNNN). */
export function luhnValid(tenDigits: string): boolean {
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    let v = (tenDigits.charCodeAt(i) - 48) * (i % 2 === 0 ? 2 : 1);
    if (v > 9) v -= 9;
    sum += v;
  }
  return sum % 10 === 0;
}

/**
 * Normalises a person_id (SPEC §4). `asOf` decides the century of a 10-digit form: the one that
 * makes the person 0–99 years old on that date, or 100 or more with `+`.
 */
export function normalizeIdentity(raw: string, asOf: IsoDate): IdentityResult {
  const text = raw.trim();
  if (text === '') return { ok: false, reason: IDENTITY_REASON.missing };
  if (text.length === 13 && text.charCodeAt(8) === 45) {
    const fast = normalisedForm(text);
    if (fast) return fast;
  }
  const m = text.match(NUMBER_FORM);
  if (!m) return { ok: true, id: text.toUpperCase(), kind: 'other', birthDate: null };
  const datePart = m[1]!;
  const plus = m[2] === '+';
  const serial = m[3]!;
  const short = datePart.length === 6;
  const month = Number(datePart.slice(short ? 2 : 4, short ? 4 : 6));
  const dayWritten = Number(datePart.slice(short ? 4 : 6));
  const samordning = dayWritten > 60;
  const day = samordning ? dayWritten - 60 : dayWritten;
  let year: number;
  if (short) {
    year = Math.floor(Number(asOf.slice(0, 4)) / 100) * 100 + Number(datePart.slice(0, 2));
    // The latest century in which the birth date is not after the as-of date: age 0–99 (ISO dates
    // compare as strings; month and day have two digits here even before they are checked).
    if (toIso(year, month, day) > asOf) year -= 100;
    if (plus) year -= 100;
  } else {
    year = Number(datePart.slice(0, 4));
  }
  if (!isRealDate(year, month, day)) return { ok: true, id: text.toUpperCase(), kind: 'other', birthDate: null };
  const yyyy = String(year).padStart(4, '0');
  const written = `${String(month).padStart(2, '0')}${String(dayWritten).padStart(2, '0')}`;
  if (!luhnValid(`${yyyy.slice(2)}${written}${serial}`)) return { ok: false, reason: IDENTITY_REASON.luhn };
  return {
    ok: true,
    id: `${yyyy}${written}-${serial}`,
    kind: samordning ? 'samordningsnummer' : 'personnummer',
    birthDate: toIso(year, month, day),
  };
}

/**
 * The common case, already `YYYYMMDD-NNNN`, checked without regular expressions or Date objects;
 * null when the text is not of that form with a real date (the general path decides then).
 */
function normalisedForm(text: string): IdentityResult | null {
  let year = 0;
  for (let i = 0; i < 13; i++) {
    if (i === 8) continue;
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return null;
    if (i < 4) year = year * 10 + c;
  }
  const month = (text.charCodeAt(4) - 48) * 10 + text.charCodeAt(5) - 48;
  const dayWritten = (text.charCodeAt(6) - 48) * 10 + text.charCodeAt(7) - 48;
  const day = dayWritten > 60 ? dayWritten - 60 : dayWritten;
  if (!isRealDate(year, month, day)) return null;
  if (!luhnValid(text.slice(2, 8) + text.slice(9))) return { ok: false, reason: IDENTITY_REASON.luhn };
  return {
    ok: true,
    id: text,
    kind: dayWritten > 60 ? 'samordningsnummer' : 'personnummer',
    birthDate: dayWritten > 60 ? toIso(year, month, day) : `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}`,
  };
}

/** Whether a normalised id is a personnummer or samordningsnummer (`YYYYMMDD-NNNN`). */
export function isPersonalIdentityNumber(id: string): boolean {
  return NORMALISED.test(id);
}

/** The birth date a normalised personnummer or samordningsnummer carries (day − 60 for the latter). */
export function birthDateFromIdentity(id: string): IsoDate | null {
  const m = id.match(NORMALISED);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  let d = Number(m[3]);
  if (d > 60) d -= 60;
  return isRealDate(y, mo, d) ? toIso(y, mo, d) : null;
}

/**
 * An identity as it may be shown in logs, terminals and rejected-row lists (SPEC §4): a
 * personnummer or samordningsnummer keeps its date part (`19850101-****`); any other value keeps
 * at most its first two characters (fewer for short values, so at least four stay hidden).
 */
export function maskIdentity(id: string): string {
  const m = id.match(NORMALISED);
  if (m) return `${m[1]}${m[2]}${m[3]}-****`;
  const keep = Math.min(2, Math.max(0, id.length - 4));
  return `${id.slice(0, keep)}****`;
}

/**
 * A raw identity value as written (e.g. one that failed the checksum) masked for a rejected-row
 * list: the date part of a number form stays (`850101-****`), anything else as `maskIdentity`.
 */
export function maskRawIdentity(raw: string): string {
  const text = raw.trim();
  const m = text.match(NUMBER_FORM);
  if (m) return `${m[1]}-****`;
  return maskIdentity(text.toUpperCase());
}

/** A person is under 18 until the day 18 years after birth (28 February for a 29 February birth). */
export function isUnder18(birthDate: IsoDate, onDate: IsoDate): boolean {
  return isYoungerThan(birthDate, 18, onDate);
}

export { ageOn };
