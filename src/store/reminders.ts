// Deadline reminders (SPEC §5.6, §7): each warning (claim, days before, deadline) is written once;
// the web page lists them, and the daily digest mails the ones not mailed yet.
import type { IsoDate } from '../domain/types.js';
import type { Db } from './db.js';

export interface Reminder {
  claimId: string;
  /** The warning level: 60, 30, 14, 7 or 1 days before the deadline. */
  daysBefore: number;
  deadline: IsoDate;
  /** Days left when it was written. */
  daysLeft: number;
  writtenOn: IsoDate;
  mailedAt: string | null;
}

/** Writes the warnings not written before; returns how many were new. */
export function writeReminders(db: Db, reminders: readonly Omit<Reminder, 'mailedAt'>[]): number {
  const insert = db.prepare('INSERT OR IGNORE INTO reminders (claim_id, days_before, deadline, days_left, written_on) VALUES (?, ?, ?, ?, ?)');
  return db.transaction(() => reminders.reduce((n, r) => n + insert.run(r.claimId, r.daysBefore, r.deadline, r.daysLeft, r.writtenOn).changes, 0))();
}

interface Row {
  claim_id: string;
  days_before: number;
  deadline: string;
  days_left: number;
  written_on: string;
  mailed_at: string | null;
}

const fromRow = (r: Row): Reminder => ({
  claimId: r.claim_id,
  daysBefore: r.days_before,
  deadline: r.deadline,
  daysLeft: r.days_left,
  writtenOn: r.written_on,
  mailedAt: r.mailed_at,
});

/** Warnings not mailed yet, nearest deadline first. */
export function unmailedReminders(db: Db): Reminder[] {
  return (db.prepare('SELECT * FROM reminders WHERE mailed_at IS NULL ORDER BY deadline, claim_id, days_before').all() as Row[]).map(fromRow);
}

export function markRemindersMailed(db: Db, reminders: readonly Pick<Reminder, 'claimId' | 'daysBefore' | 'deadline'>[], now = new Date()): void {
  const mark = db.prepare('UPDATE reminders SET mailed_at = ? WHERE claim_id = ? AND days_before = ? AND deadline = ?');
  db.transaction(() => reminders.forEach((r) => mark.run(now.toISOString(), r.claimId, r.daysBefore, r.deadline)))();
}

/** The latest warnings, newest first (for the deadlines page). */
export function listReminders(db: Db, opts: { limit?: number } = {}): Reminder[] {
  return (db.prepare('SELECT * FROM reminders ORDER BY written_on DESC, deadline, claim_id LIMIT ?').all(opts.limit ?? 500) as Row[]).map(fromRow);
}
