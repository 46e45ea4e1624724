// A last guard on queue payloads: no string in one may hold what looks like a personnummer or
// samordningsnummer (6 or 8 digits, optional - or +, 4 digits, with a real date in front), whatever
// field it sits in. The job schemas are tight already (ids, sha256 hashes, dates); this catches a
// path or a free field that smuggles one in.
import { isRealDate } from '../domain/dates.js';

const CANDIDATE = /(?<![0-9])(\d{6}|\d{8})[-+]?(\d{4})(?![0-9])/g;

function hasRealDate(datePart: string): boolean {
  const short = datePart.length === 6;
  const year = short ? 2000 + Number(datePart.slice(0, 2)) : Number(datePart.slice(0, 4));
  const month = Number(datePart.slice(short ? 2 : 4, short ? 4 : 6));
  let day = Number(datePart.slice(short ? 4 : 6));
  if (day > 60) day -= 60; // samordningsnummer
  // A 6-digit form may be of either century; 29 February needs a leap year in one of them.
  return isRealDate(year, month, day) || (short && isRealDate(year - 100, month, day));
}

export function holdsIdentityNumber(text: string): boolean {
  for (const m of text.matchAll(CANDIDATE)) if (hasRealDate(m[1]!)) return true;
  return false;
}

const SHA256 = /[0-9a-f]{64}/g;

/**
 * The paths (`a.b`) of every string in a value that holds an identity number. A sha256 hash (64
 * hex digits, alone or as a spool file's name) is left out: its digits are no one's number.
 */
export function identityNumberPaths(value: unknown, path = ''): string[] {
  if (typeof value === 'string') return holdsIdentityNumber(value.replace(SHA256, '/')) ? [path || '(roten)'] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => identityNumberPaths(v, `${path}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => identityNumberPaths(v, path ? `${path}.${k}` : k));
  return [];
}
