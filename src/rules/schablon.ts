// Schablon (förordning 1996:1357 6 §): a flat sum per quarter for every person registered with
// Migrationsverket on the quarter's last day, by age that day; paid without application on the last
// banking day of the month after the quarter. The region does not apply for it: the product shows
// what to expect so finance can follow up. Pure: persons and amounts in, figures out.
import { ageOn } from '../domain/age.js';
import { isDeadlineClosedDay } from '../domain/calendar.js';
import { addDays, daysInMonth, parseIso, quarterEnd, toIso } from '../domain/dates.js';
import type { IsoDate, Ore, Person } from '../domain/types.js';
import type { Config } from '../config.js';

export const SCHABLON_BANDS = ['upTo18', 'from19To60', 'from61'] as const;
export type SchablonBand = (typeof SCHABLON_BANDS)[number];

export interface SchablonQuarter {
  /** `2025Q2`. */
  quarter: string;
  /** The day registration and age are taken on: the quarter's last day. */
  lastDay: IsoDate;
  /** Persons registered that day, per age band. */
  persons: Record<SchablonBand, number>;
  /** The amount per person and band in force (configuration), öre. */
  rateOre: Record<SchablonBand, Ore>;
  /** Amount per band (persons × the band's amount) in öre. */
  amountOre: Record<SchablonBand, Ore>;
  totalPersons: number;
  totalOre: Ore;
  /** Expected payment: last banking day of the month after the quarter. */
  paymentDate: IsoDate;
}

/** Age band on a day: up to and including 18 years, 19–60, 61 and older; no birth date = adult. */
export function schablonBand(person: Pick<Person, 'birthDate'>, day: IsoDate): SchablonBand {
  if (person.birthDate === null) return 'from19To60';
  const age = ageOn(person.birthDate, day);
  if (age <= 18) return 'upTo18';
  if (age <= 60) return 'from19To60';
  return 'from61';
}

/** Registered with Migrationsverket that day: inside an LMA period, and not papperslös (§4). */
export function registeredOn(person: Pick<Person, 'group' | 'lma'>, day: IsoDate): boolean {
  if (person.group === 'papperslös') return false;
  return person.lma.some((p) => p.from <= day && (p.to === null || day <= p.to));
}

/** A banking day: a weekday that is not a public holiday, midsommarafton, julafton or nyårsafton. */
export function isBankingDay(day: IsoDate): boolean {
  return !isDeadlineClosedDay(day);
}

/** The last banking day of the month after the quarter (2025Q2 → last banking day of July 2025). */
export function schablonPaymentDate(quarter: string): IsoDate {
  const { y, m } = parseIso(quarterEnd(quarter));
  const py = m === 12 ? y + 1 : y;
  const pm = m === 12 ? 1 : m + 1;
  let day = toIso(py, pm, daysInMonth(py, pm));
  while (!isBankingDay(day)) day = addDays(day, -1);
  return day;
}

function amountFor(band: SchablonBand, amounts: Config['schablon']): Ore {
  switch (band) {
    case 'upTo18':
      return amounts.upTo18Ore;
    case 'from19To60':
      return amounts.from19To60Ore;
    case 'from61':
      return amounts.from61Ore;
  }
}

/**
 * Expected schablon per quarter. `amounts` are the configuration's amounts (already in öre despite
 * the field names, see src/config.ts).
 */
export function expectedSchablon(
  persons: readonly Pick<Person, 'group' | 'birthDate' | 'lma'>[],
  quarters: string[],
  amounts: Config['schablon'],
): SchablonQuarter[] {
  return quarters.map((quarter) => {
    const lastDay = quarterEnd(quarter);
    const counts: Record<SchablonBand, number> = { upTo18: 0, from19To60: 0, from61: 0 };
    for (const p of persons) {
      if (registeredOn(p, lastDay)) counts[schablonBand(p, lastDay)]++;
    }
    const amountOre = {} as Record<SchablonBand, Ore>;
    const rateOre = {} as Record<SchablonBand, Ore>;
    let totalOre = 0;
    let totalPersons = 0;
    for (const band of SCHABLON_BANDS) {
      rateOre[band] = amountFor(band, amounts);
      amountOre[band] = counts[band] * rateOre[band];
      totalOre += amountOre[band];
      totalPersons += counts[band];
    }
    return { quarter, lastDay, persons: counts, rateOre, amountOre, totalPersons, totalOre, paymentDate: schablonPaymentDate(quarter) };
  });
}
