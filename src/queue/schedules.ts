// The schedules (SPEC §6.4, §7), registered from here only: both backends read this list. Times
// are Europe/Stockholm, so 06:00 stays 06:00 across summer time.
import type { QueueName } from './jobs.js';

export interface Schedule {
  /** The scheduler's id: registering it again replaces it, so any number of workers register it once. */
  id: string;
  job: QueueName;
  /** cron: minute hour day month weekday */
  pattern: string;
  tz: string;
}

export const SCHEDULES: readonly Schedule[] = [
  { id: 'yearly-reports', job: 'reports', pattern: '0 6 15 1 *', tz: 'Europe/Stockholm' },
  { id: 'daily-reminders', job: 'reminders', pattern: '0 7 * * *', tz: 'Europe/Stockholm' },
];
