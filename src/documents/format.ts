// Swedish formatting for documents: money from integer öre, counts, dates, quarters, masked
// identities. Pure string work; no floats touch money (integer maths on öre).
import { groupThousands } from '../domain/money.js';
import type { IsoDate, Ore } from '../domain/types.js';

const MINUS = '-';

/** An integer's digits without its sign, grouped in threes ("1 234 567"). */
function grouped(n: number): string {
  return groupThousands(String(Math.abs(n)));
}

// Money and identities are formatted the one way the whole product does (src/domain).
export { formatKronor } from '../domain/money.js';
export { maskIdentity } from '../domain/identity.js';

/** Whole kronor without decimals ("100 000 kr"), for thresholds named in law texts. */
export function formatWholeKronor(ore: Ore): string {
  const negative = ore < 0;
  const kronor = Math.floor((Math.abs(ore) + 50) / 100); // rounded half up, integer maths
  return `${negative ? MINUS : ''}${grouped(kronor)} kr`;
}

/** An integer count with Swedish digit grouping. */
export function formatCount(n: number): string {
  return `${n < 0 ? MINUS : ''}${grouped(Math.trunc(n))}`;
}

/** A ratio with one decimal and a decimal comma ("2,5"). */
export function formatRatio(numerator: number, denominator: number): string {
  if (denominator === 0) return '–';
  const tenths = Math.round((numerator * 10) / denominator);
  return `${grouped(Math.floor(tenths / 10))},${tenths % 10}`;
}

export const MONTHS_SV = [
  'januari',
  'februari',
  'mars',
  'april',
  'maj',
  'juni',
  'juli',
  'augusti',
  'september',
  'oktober',
  'november',
  'december',
] as const;

/** "2025-03" → "mars 2025". */
export function monthName(isoMonth: string): string {
  const y = isoMonth.slice(0, 4);
  const m = Number(isoMonth.slice(5, 7));
  return `${MONTHS_SV[m - 1] ?? isoMonth} ${y}`;
}

/** Dates are written the Swedish standard way, ÅÅÅÅ-MM-DD. */
export function formatDate(iso: IsoDate | null | undefined): string {
  return iso ?? '';
}

/** "2025Q2" → "kvartal 2 2025". */
export function quarterLabel(quarter: string): string {
  const m = quarter.match(/^(\d{4})Q([1-4])$/);
  return m ? `kvartal ${m[2]} ${m[1]}` : quarter;
}
