// The quarters the finance summary shows expected schablon for: last year's and this year's up to as-of.
import { addMonths, quarterOf, quarterStart } from '../domain/dates.js';
import type { IsoDate } from '../domain/types.js';

export function schablonQuarters(asOf: IsoDate): string[] {
  const quarters: string[] = [];
  const current = quarterOf(asOf);
  for (let q = quarterOf(`${Number(asOf.slice(0, 4)) - 1}-01-01`); ; q = quarterOf(addMonths(quarterStart(q), 3))) {
    quarters.push(q);
    if (q === current) break;
  }
  return quarters;
}
