// Frister: the open claims by deadline, the scheduler's warnings, and each user's iCalendar feed
// (all-day events with claim id, rule and amount only: no identity, since a calendar is shared
// and synced far beyond this server).
import { randomBytes } from 'node:crypto';
import { addDays } from '../../domain/dates.js';
import { formatKronor } from '../../domain/money.js';
import type { IsoDate } from '../../domain/types.js';
import { audit } from '../../store/audit.js';
import { calendarFeedCreated, calendarFeedUser, revokeCalendarFeed, setCalendarFeed } from '../../store/calendar-feeds.js';
import type { Db } from '../../store/db.js';
import type { User } from '../../store/users.js';
import { listVisibleClaims, visibleReminders } from '../../store/web-claims.js';
import { RULE_TEXT, claimRows } from './claims.js';

export const FEED_TOKEN = /^[A-Za-z0-9_-]{43}$/;
/** The roles that see claims, and so may have a feed of their deadlines. */
const FEED_ROLES: readonly User['role'][] = ['handläggare', 'ekonomi'];

export function deadlinesPage(db: Db, user: User, today: IsoDate) {
  return {
    ...claimRows(db, { open: true }, today),
    reminders: visibleReminders(db),
    feedCreated: calendarFeedCreated(db, user.id),
  };
}

/** A new feed secret for the user (the old URL stops working); shown once. */
export function newCalendarFeed(db: Db, user: User): string {
  const token = randomBytes(32).toString('base64url');
  setCalendarFeed(db, user.id, token);
  audit(db, { user: user.name, action: 'kalenderlänk skapad', object: null, outcome: 'ok' });
  return token;
}

export function revokeFeed(db: Db, user: User): void {
  const had = revokeCalendarFeed(db, user.id);
  audit(db, { user: user.name, action: 'kalenderlänk återkallad', object: null, outcome: had ? 'ok' : 'failed' });
}

/** RFC 5545 text: backslash, semicolon, comma and line breaks escaped. */
function icsText(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

const icsDate = (iso: IsoDate) => iso.replace(/-/g, '');

/** The feed a token opens, or null (unknown, revoked, or its user disabled or without claims). */
export function calendarFeed(db: Db, token: string, now = new Date()): string | null {
  const user = FEED_TOKEN.test(token) ? calendarFeedUser(db, token) : null;
  if (!user || !FEED_ROLES.includes(user.role)) return null;
  const stamp = `${now.toISOString().slice(0, 19).replace(/[-:]/g, '')}Z`;
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//claims//Frister//SV',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'X-WR-CALNAME:Frister för ersättningsansökningar',
  ];
  for (const c of listVisibleClaims(db, { open: true, limit: Number.MAX_SAFE_INTEGER })) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${c.id}@claims`,
      `DTSTAMP:${stamp}`,
      `DTSTART;VALUE=DATE:${icsDate(c.deadline)}`,
      `DTEND;VALUE=DATE:${icsDate(addDays(c.deadline, 1))}`,
      `SUMMARY:${icsText(`Frist ${c.id}: ${RULE_TEXT[c.rule]}, ${formatKronor(c.claimOre)}`)}`,
      'TRANSP:TRANSPARENT',
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return `${lines.join('\r\n')}\r\n`;
}
