// Money (SPEC §3.1): kronor as written in a cost export → integer öre, and öre → Swedish text.
// No float ever holds a sum: number cells are converted through their decimal text, text is parsed
// digit by digit.
import type { Ore } from './types.js';

/** ±100 000 000 kr: anything beyond is rejected (SPEC §3.1). */
export const MAX_ABS_ORE: Ore = 10_000_000_000;

export type MoneyResult = { ok: true; ore: Ore } | { ok: false; reason: string };

export const MONEY_REASON = {
  syntax: 'beloppet kan inte tolkas (skriv t.ex. 1 234,50, 1234.50, 1 234 kr eller -500,00)',
  decimals: 'beloppet har fler än två decimaler',
  bound: 'beloppet ligger utanför ±100 000 000 kr',
  notNumber: 'beloppet är inte ett tal',
} as const;

// Optional sign (hyphen-minus or U+2212), digits grouped in threes by space, no-break space or
// narrow no-break space (or not grouped), a decimal comma or point with one or two decimals, an
// optional "kr" in any case with or without a space.
const MONEY_TEXT = /^([-\u2212]?)(\d{1,3}(?:[ \u00A0\u202F]\d{3})+|\d+)(?:[.,](\d{1,2}))?(?:[ \u00A0\u202F]?[kK][rR])?$/;
const GROUP_SEPARATORS = /[ \u00A0\u202F]/g;
/** Longest money text looked at, surrounding spaces and leading zeros included. */
const MAX_MONEY_TEXT = 256;

function fromParts(negative: boolean, integerDigits: string, decimals: string | undefined): MoneyResult {
  const digits = integerDigits.replace(/^0+(?=\d)/, '');
  // 100 000 000 kr has 9 digits: a longer integer part is out of bounds before any arithmetic.
  if (digits.length > 9) return { ok: false, reason: MONEY_REASON.bound };
  const fraction = decimals === undefined ? 0 : decimals.length === 1 ? Number(decimals) * 10 : Number(decimals);
  const abs = Number(digits) * 100 + fraction;
  if (abs > MAX_ABS_ORE) return { ok: false, reason: MONEY_REASON.bound };
  return { ok: true, ore: negative && abs !== 0 ? -abs : abs };
}

/**
 * The plain forms exports write most (`1234,50`, `-500.00`, `0`): öre, or null when the text is
 * anything else and the full syntax must decide. Digit by digit, no regular expression: a million
 * lines have two amounts each.
 */
function plainOre(text: string): Ore | null {
  const n = text.length;
  let i = text.charCodeAt(0) === 45 ? 1 : 0; // '-'
  const start = i;
  let whole = 0;
  for (; i < n; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    whole = whole * 10 + c;
  }
  const digits = i - start;
  if (digits === 0 || digits > 9) return null;
  let fraction = 0;
  if (i < n) {
    const sep = text.charCodeAt(i);
    if ((sep !== 44 && sep !== 46) || n - i - 1 < 1 || n - i - 1 > 2) return null; // ',' '.'
    for (let k = i + 1; k < n; k++) {
      const c = text.charCodeAt(k) - 48;
      if (c < 0 || c > 9) return null;
      fraction = fraction * 10 + c;
    }
    if (n - i - 1 === 1) fraction *= 10;
  }
  const abs = whole * 100 + fraction;
  if (abs > MAX_ABS_ORE) return null;
  return start === 1 && abs !== 0 ? -abs : abs;
}

/** Money text such as `1 234,50`, `1234.50`, `1 234 kr`, `-500,00`, `−500` → öre (SPEC §3.1). */
export function parseMoneyTextResult(text: string): MoneyResult {
  const plain = text.length <= 16 ? plainOre(text) : null;
  return plain !== null ? { ok: true, ore: plain } : moneyTextSyntax(text);
}

/** The whole money syntax, without the plain-form fast path (a test holds the two against each other). */
export function moneyTextSyntax(text: string): MoneyResult {
  // No accepted amount is longer (−100 000 000,00 kr is 18 characters): longer text is not read.
  if (text.length > MAX_MONEY_TEXT) return { ok: false, reason: MONEY_REASON.syntax };
  const m = text.trim().match(MONEY_TEXT);
  if (!m) return { ok: false, reason: MONEY_REASON.syntax };
  return fromParts(m[1] !== '', m[2]!.replace(GROUP_SEPARATORS, ''), m[3]);
}

/** Money text → öre, or null when it is not accepted money text. */
export function parseMoneyText(text: string): Ore | null {
  const r = parseMoneyTextResult(text);
  return r.ok ? r.ore : null;
}

const NUMBER_TEXT = /^(-?)(\d+)(?:\.(\d+))?$/;

/**
 * The fast path of oreFromNumber: öre when the value is a whole number of öre up to binary noise
 * (1234.57 * 100 = 123456.99999999999) and within bounds; null when the full check must decide.
 */
export function wholeOre(value: number): Ore | null {
  const x = value * 100;
  const r = Math.round(x);
  if (!(Math.abs(x - r) <= Math.abs(x) * 1e-14 + 1e-12) || Math.abs(r) > MAX_ABS_ORE) return null;
  return r === 0 ? 0 : r;
}

/**
 * A number cell in kronor → öre. The value is read the way a spreadsheet shows it (15 significant
 * digits, which removes binary noise such as 0.30000000000000004) and converted through that
 * decimal text, so 1234.57 becomes exactly 123457 öre. More than two decimals is rejected.
 */
export function oreFromNumber(value: number): MoneyResult {
  if (!Number.isFinite(value)) return { ok: false, reason: MONEY_REASON.notNumber };
  if (Math.abs(value) > MAX_ABS_ORE / 100) return { ok: false, reason: MONEY_REASON.bound };
  const exact = wholeOre(value);
  if (exact !== null) return { ok: true, ore: exact };
  const text = String(Number(value.toPrecision(15)));
  const m = text.match(NUMBER_TEXT);
  // No match: exponent notation, which below the bound only a tiny fraction (1e-7) produces.
  if (!m || (m[3] !== undefined && m[3].length > 2)) return { ok: false, reason: MONEY_REASON.decimals };
  return fromParts(m[1] === '-', m[2]!, m[3]);
}

/** Groups digits in threes with a space: 1234567 → "1 234 567" (what sv-SE shows, without loading ICU's locale data). */
export function groupThousands(digits: string): string {
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += ' ';
    out += digits[i];
  }
  return out;
}

/** 123450 öre → `1 234,50 kr`; −50000 → `-500,00 kr`. Integer arithmetic only. */
export function formatKronor(ore: Ore, opts: { unit?: boolean } = {}): string {
  if (!Number.isSafeInteger(ore)) throw new Error('belopp i öre måste vara ett heltal');
  const abs = Math.abs(ore);
  const text = `${ore < 0 ? '-' : ''}${groupThousands(String(Math.floor(abs / 100)))},${String(abs % 100).padStart(2, '0')}`;
  return opts.unit === false ? text : `${text} kr`;
}
