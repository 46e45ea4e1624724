// Age per SPEC §4: a person turns N on the same date N years after birth (28 February for a
// 29 February birth, lag 1930:173 1 §).
import { addYears } from './dates.js';
import type { IsoDate } from './types.js';

/** The date the person turns `years` old. */
export function birthdayOfAge(birthDate: IsoDate, years: number): IsoDate {
  return addYears(birthDate, years);
}

/** Whether someone born on `birthDate` is younger than `years` on `onDate`. */
export function isYoungerThan(birthDate: IsoDate, years: number, onDate: IsoDate): boolean {
  return onDate < birthdayOfAge(birthDate, years);
}

/** Completed years of age on `onDate`. */
export function ageOn(birthDate: IsoDate, onDate: IsoDate): number {
  let age = Number(onDate.slice(0, 4)) - Number(birthDate.slice(0, 4));
  if (age > 0 && isYoungerThan(birthDate, age, onDate)) age--;
  return age;
}
