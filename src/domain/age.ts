// Age per SPEC §4: a person turns N on the same date N years after birth (28 February for a
// 29 February birth, lag 1930:173 1 §).
import { addYears, isLeapYear } from './dates.js';
import type { IsoDate } from './types.js';

/** The date the person turns `years` old. */
export function birthdayOfAge(birthDate: IsoDate, years: number): IsoDate {
  return addYears(birthDate, years);
}

/** Whether someone born on `birthDate` is younger than `years` on `onDate`. */
export function isYoungerThan(birthDate: IsoDate, years: number, onDate: IsoDate): boolean {
  return onDate < birthdayOfAge(birthDate, years);
}

/**
 * Completed years of age on `onDate`: the years between, less one before this year's birthday.
 * Compared as month-day text rather than through birthdayOfAge: the schablon asks it for every
 * person and quarter (50 000 persons, five quarters, at every run).
 */
export function ageOn(birthDate: IsoDate, onDate: IsoDate): number {
  const year = Number(onDate.slice(0, 4));
  const years = year - Number(birthDate.slice(0, 4));
  if (years <= 0) return years;
  let birthday = birthDate.slice(5);
  if (birthday === '02-29' && !isLeapYear(year)) birthday = '02-28';
  return onDate.slice(5) < birthday ? years - 1 : years;
}
