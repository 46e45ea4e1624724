// Deadline reminders (SPEC §5.6): a claim not yet submitted is warned at 60, 30, 14, 7 and 1 days
// before its deadline. A day the service did not run loses no warning: the level due is the
// nearest one not passed, and the store keeps each (claim, level, deadline) once.
import { daysBetween } from '../domain/dates.js';
import type { Claim, IsoDate } from '../domain/types.js';

export const REMINDER_DAYS = [60, 30, 14, 7, 1] as const;

const OPEN = new Set(['ready', 'waiting', 'needs_assessment']);

/** The warning level due `daysLeft` days before a deadline (the smallest level ≥ daysLeft), or null. */
export function reminderLevel(daysLeft: number): number | null {
  if (daysLeft < 0) return null;
  let level: number | null = null;
  for (const d of REMINDER_DAYS) if (daysLeft <= d) level = d;
  return level;
}

export interface DueReminder {
  claimId: string;
  daysBefore: number;
  deadline: IsoDate;
  daysLeft: number;
  writtenOn: IsoDate;
}

export function dueReminders(claims: readonly Claim[], asOf: IsoDate): DueReminder[] {
  const due: DueReminder[] = [];
  for (const c of claims) {
    if (!OPEN.has(c.status)) continue;
    const daysLeft = daysBetween(asOf, c.deadline);
    const level = reminderLevel(daysLeft);
    if (level !== null) due.push({ claimId: c.id, daysBefore: level, deadline: c.deadline, daysLeft, writtenOn: asOf });
  }
  return due;
}
