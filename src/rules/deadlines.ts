// When an application must reach Migrationsverket (SPEC §2, §5.2, §5.3), moved by lag (1930:173).
import { moveToNextWorkingDay } from '../domain/calendar.js';
import { addYears, parseIso, toIso } from '../domain/dates.js';
import { memoised } from '../domain/collections.js';
import type { IsoDate } from '../domain/types.js';
import { KOSTNADSKRAVANDE_DEADLINE_MONTH_DAY } from './thresholds.js';

// Deadlines repeat for the same dates across persons: each is computed once.

/** Förordning (1996:1357) 7 a §: six months after the end of the calendar year the contact ended in. */
export const kostnadskravandeDeadline = memoised((contactEnded: IsoDate): IsoDate => {
  const { month, day } = KOSTNADSKRAVANDE_DEADLINE_MONTH_DAY;
  return moveToNextWorkingDay(toIso(parseIso(contactEnded).y + 1, month, day));
});

/** Within one year from the end of the twelve-month period (lag 1930:173 1 § for 29 February). */
export const varaktigDeadline = memoised((periodEnd: IsoDate): IsoDate => moveToNextWorkingDay(addYears(periodEnd, 1)));
