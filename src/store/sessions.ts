// Web sessions. The cookie carries a random id; only its sha256 is stored, so the table cannot be
// used to sign in. A session ends after an idle time, at sign-out, and when its user is disabled.
import { createHash } from 'node:crypto';
import type { Db } from './db.js';
import type { User } from './users.js';

/** How stale last_seen_at may get before a request writes it again (well under any idle timeout). */
export const TOUCH_EVERY_MS = 60_000;

export const hashSessionId = (id: string): string => createHash('sha256').update(id).digest('hex');

export function createSession(db: Db, sessionId: string, userId: number, now = new Date()): void {
  const at = now.toISOString();
  db.prepare('INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at) VALUES (?, ?, ?, ?)').run(hashSessionId(sessionId), userId, at, at);
}

/**
 * The signed-in user of a session id, touching its last-seen time; null (and the session gone)
 * when it is unknown, idle longer than `idleMs`, or its user is disabled.
 */
export function touchSession(db: Db, sessionId: string, idleMs: number, now = new Date()): User | null {
  const idHash = hashSessionId(sessionId);
  const row = db
    .prepare(
      `SELECT s.last_seen_at, u.id, u.name, u.role, u.disabled, u.created_at
       FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = ?`,
    )
    .get(idHash) as { last_seen_at: string; id: number; name: string; role: User['role']; disabled: number; created_at: string } | undefined;
  if (!row) return null;
  if (row.disabled === 1 || now.getTime() - Date.parse(row.last_seen_at) > idleMs) {
    endSession(db, sessionId);
    return null;
  }
  // Written at most once a minute: every page and poll would otherwise be a durable write.
  if (now.getTime() - Date.parse(row.last_seen_at) >= TOUCH_EVERY_MS) {
    db.prepare('UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?').run(now.toISOString(), idHash);
  }
  return { id: row.id, name: row.name, role: row.role, disabled: false, createdAt: row.created_at };
}

export function endSession(db: Db, sessionId: string): void {
  db.prepare('DELETE FROM sessions WHERE id_hash = ?').run(hashSessionId(sessionId));
}

/** Removes sessions idle longer than `idleMs`. */
export function pruneSessions(db: Db, idleMs: number, now = new Date()): number {
  return db.prepare('DELETE FROM sessions WHERE last_seen_at < ?').run(new Date(now.getTime() - idleMs).toISOString()).changes;
}
