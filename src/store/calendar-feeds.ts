// Each user's calendar feed (issue 9): calendar clients send no cookies, so the feed's URL carries
// a secret. Only its sha256 is stored; a new one replaces the old, and it can be revoked. A
// disabled user's feed answers nothing.
import { createHash } from 'node:crypto';
import type { Db } from './db.js';
import type { User } from './users.js';

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

export function setCalendarFeed(db: Db, userId: number, token: string, now = new Date()): void {
  db.prepare(
    'INSERT INTO calendar_feeds (user_id, token_hash, created_at) VALUES (?, ?, ?) ON CONFLICT(user_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at',
  ).run(userId, hashOf(token), now.toISOString());
}

export function revokeCalendarFeed(db: Db, userId: number): boolean {
  return db.prepare('DELETE FROM calendar_feeds WHERE user_id = ?').run(userId).changes > 0;
}

export function calendarFeedCreated(db: Db, userId: number): string | null {
  return (db.prepare('SELECT created_at FROM calendar_feeds WHERE user_id = ?').pluck().get(userId) as string | undefined) ?? null;
}

/** The active user whose feed this token opens, or null. */
export function calendarFeedUser(db: Db, token: string): User | null {
  const row = db
    .prepare(
      'SELECT u.id, u.name, u.role, u.created_at FROM calendar_feeds f JOIN users u ON u.id = f.user_id WHERE f.token_hash = ? AND u.disabled = 0',
    )
    .get(hashOf(token)) as { id: number; name: string; role: User['role']; created_at: string } | undefined;
  return row ? { id: row.id, name: row.name, role: row.role, disabled: false, createdAt: row.created_at } : null;
}
