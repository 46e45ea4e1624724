// Swedish public holidays (lag 1989:253 om allmänna helgdagar) and the deadline rule of
// lag (1930:173) 2 §: a deadline on a Saturday, Sunday, public holiday, midsommarafton, julafton or
// nyårsafton moves to the next day that is none of these.
import { addDays, isoWeekday, toIso } from './dates.js';
import type { IsoDate } from './types.js';

/** Easter Sunday, Gregorian calendar (anonymous Gregorian algorithm, Meeus/Jones/Butcher). */
export function easterSunday(year: number): IsoDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return toIso(year, month, day);
}

/** The first date from `from` (inclusive) that falls on ISO weekday `weekday` (1 = Monday). */
function firstWeekdayFrom(from: IsoDate, weekday: number): IsoDate {
  return addDays(from, (weekday - isoWeekday(from) + 7) % 7);
}

/** Public holidays of the year (sundays that are holidays included), date → Swedish name. */
export function publicHolidays(year: number): Map<IsoDate, string> {
  const easter = easterSunday(year);
  const entries: [IsoDate, string][] = [
    [toIso(year, 1, 1), 'nyårsdagen'],
    [toIso(year, 1, 6), 'trettondedag jul'],
    [addDays(easter, -2), 'långfredagen'],
    [easter, 'påskdagen'],
    [addDays(easter, 1), 'annandag påsk'],
    [toIso(year, 5, 1), 'första maj'],
    [addDays(easter, 39), 'Kristi himmelsfärdsdag'],
    [addDays(easter, 49), 'pingstdagen'],
    [toIso(year, 6, 6), 'Sveriges nationaldag'],
    [firstWeekdayFrom(toIso(year, 6, 20), 6), 'midsommardagen'],
    [firstWeekdayFrom(toIso(year, 10, 31), 6), 'alla helgons dag'],
    [toIso(year, 12, 25), 'juldagen'],
    [toIso(year, 12, 26), 'annandag jul'],
  ];
  return new Map(entries);
}

/** Days that lag (1930:173) 2 § treats like holidays although they are not public holidays. */
export function holidayEves(year: number): Map<IsoDate, string> {
  return new Map([
    [firstWeekdayFrom(toIso(year, 6, 19), 5), 'midsommarafton'],
    [toIso(year, 12, 24), 'julafton'],
    [toIso(year, 12, 31), 'nyårsafton'],
  ]);
}

const closedDaysCache = new Map<number, Set<IsoDate>>();

function closedDays(year: number): Set<IsoDate> {
  let days = closedDaysCache.get(year);
  if (!days) {
    days = new Set([...publicHolidays(year).keys(), ...holidayEves(year).keys()]);
    closedDaysCache.set(year, days);
  }
  return days;
}

/** Saturday, Sunday, public holiday, midsommarafton, julafton or nyårsafton. */
export function isDeadlineClosedDay(iso: IsoDate): boolean {
  if (isoWeekday(iso) >= 6) return true;
  return closedDays(Number(iso.slice(0, 4))).has(iso);
}

/** Lag (1930:173) 2 §: the deadline itself if it is a working day, else the next one. */
export function moveToNextWorkingDay(deadline: IsoDate): IsoDate {
  let day = deadline;
  while (isDeadlineClosedDay(day)) day = addDays(day, 1);
  return day;
}
