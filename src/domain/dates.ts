// Calendar-date arithmetic on ISO strings (`YYYY-MM-DD`). Dates carry no time or zone: every date in
// the product is a calendar date in Europe/Stockholm (SPEC §5), so UTC is used only as a counter.
import { DateTime } from 'luxon';
import type { IsoDate } from './types.js';

const DAY_MS = 86_400_000;
const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface Ymd {
  y: number;
  m: number; // 1–12
  d: number;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function isLeapYear(y: number): boolean {
  return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
}

/** Days in month m (1–12) of year y; arithmetic, no Date object (ingest checks millions of dates). */
export function daysInMonth(y: number, m: number): number {
  return m === 2 && isLeapYear(y) ? 29 : MONTH_DAYS[m - 1]!;
}

export function isRealDate(y: number, m: number, d: number): boolean {
  return Number.isInteger(y) && y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

export function toIso(y: number, m: number, d: number): IsoDate {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function parseIso(iso: IsoDate): Ymd {
  const m = iso.match(ISO_RE);
  if (!m) throw new Error(`not an ISO date: ${iso}`);
  return { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) };
}

export function isIsoDate(s: string): boolean {
  const m = s.match(ISO_RE);
  return m !== null && isRealDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** Days since 1970-01-01. */
export function dayNumber(iso: IsoDate): number {
  const { y, m, d } = parseIso(iso);
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

export function fromDayNumber(n: number): IsoDate {
  const dt = new Date(n * DAY_MS);
  return toIso(dt.getUTCFullYear(), dt.getUTCMonth() + 1, dt.getUTCDate());
}

export function addDays(iso: IsoDate, n: number): IsoDate {
  return fromDayNumber(dayNumber(iso) + n);
}

/** b − a in days. */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return dayNumber(b) - dayNumber(a);
}

/** Weekday 1 (Monday) … 7 (Sunday). */
export function isoWeekday(iso: IsoDate): number {
  const wd = new Date(dayNumber(iso) * DAY_MS).getUTCDay();
  return wd === 0 ? 7 : wd;
}

/**
 * The same day n months later; when the end month lacks that day, its last day
 * (lag 1930:173 1 §: 31 August + 1 month = 30 September, 29 February + 1 year = 28 February).
 */
export function addMonths(iso: IsoDate, n: number): IsoDate {
  const { y, m, d } = parseIso(iso);
  const index = y * 12 + (m - 1) + n;
  const ny = Math.floor(index / 12);
  const nm = (index % 12) + 1;
  return toIso(ny, nm, Math.min(d, daysInMonth(ny, nm)));
}

export function addYears(iso: IsoDate, n: number): IsoDate {
  return addMonths(iso, 12 * n);
}

/**
 * Last day of the twelve-month period starting on `start` (SPEC §5.3): the day before the same
 * calendar date one year later; a start on 29 February ends on 28 February.
 */
export function twelveMonthPeriodEnd(start: IsoDate): IsoDate {
  const { m, d } = parseIso(start);
  if (m === 2 && d === 29) return addYears(start, 1);
  return addDays(addYears(start, 1), -1);
}

/** Excel serial day → date. 1900 system counts Lotus' phantom 1900-02-29 (serial 60). */
export function excelSerialToIso(serial: number, date1904 = false): IsoDate | null {
  if (!Number.isFinite(serial)) return null;
  const whole = Math.floor(serial);
  if (whole < 1) return null;
  let base: number;
  if (date1904) base = Date.UTC(1904, 0, 1) / DAY_MS;
  else base = whole < 61 ? Date.UTC(1899, 11, 31) / DAY_MS : Date.UTC(1899, 11, 30) / DAY_MS;
  return fromDayNumber(base + whole);
}

/** A date written as a JS Date by a spreadsheet library: its UTC fields are the wall-clock date. */
export function isoFromSpreadsheetDate(date: Date): IsoDate | null {
  if (Number.isNaN(date.getTime())) return null;
  // Round to the nearest minute first: some writers store 23:59:59.999 for midnight.
  const t = new Date(Math.round(date.getTime() / 60_000) * 60_000);
  return toIso(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

export function todayInStockholm(): IsoDate {
  return DateTime.now().setZone('Europe/Stockholm').toISODate() as IsoDate;
}

export function minDate(a: IsoDate, b: IsoDate): IsoDate {
  return a <= b ? a : b;
}

export function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return a >= b ? a : b;
}

// Calendar quarters, named `2025Q2`.

export function quarterOf(iso: IsoDate): string {
  // Hot in evaluation: read the month's digits directly (the input is a valid ISO date).
  const month = (iso.charCodeAt(5) - 48) * 10 + (iso.charCodeAt(6) - 48);
  return `${iso.slice(0, 4)}Q${Math.floor((month - 1) / 3) + 1}`;
}

function parseQuarter(q: string): { y: number; n: number } {
  const m = q.match(/^(\d{4})Q([1-4])$/);
  if (!m) throw new Error(`not a quarter: ${q}`);
  return { y: Number(m[1]), n: Number(m[2]) };
}

export function quarterStart(q: string): IsoDate {
  const { y, n } = parseQuarter(q);
  return toIso(y, (n - 1) * 3 + 1, 1);
}

export function quarterEnd(q: string): IsoDate {
  const { y, n } = parseQuarter(q);
  const m = n * 3;
  return toIso(y, m, daysInMonth(y, m));
}
