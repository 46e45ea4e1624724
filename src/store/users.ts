// Users of the web application: a unique name, one role, a password hash (never the password),
// and whether they are disabled. A disabled user cannot sign in and loses their sessions.
import type { Db } from './db.js';

export const ROLES = ['handläggare', 'ekonomi', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface User {
  id: number;
  name: string;
  role: Role;
  disabled: boolean;
  createdAt: string;
}

interface UserRow {
  id: number;
  name: string;
  role: Role;
  password_hash: string;
  disabled: number;
  created_at: string;
}

const fromRow = (r: UserRow): User => ({ id: r.id, name: r.name, role: r.role, disabled: r.disabled === 1, createdAt: r.created_at });

export class UserExistsError extends Error {}

export function addUser(db: Db, user: { name: string; role: Role; passwordHash: string }, now = new Date()): User {
  try {
    const r = db
      .prepare('INSERT INTO users (name, role, password_hash, created_at) VALUES (?, ?, ?, ?)')
      .run(user.name, user.role, user.passwordHash, now.toISOString());
    return getUserById(db, Number(r.lastInsertRowid))!;
  } catch (err) {
    if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new UserExistsError(`användaren ${user.name} finns redan`);
    throw err;
  }
}

export function getUserById(db: Db, id: number): User | null {
  const row = db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
  return row ? fromRow(row) : null;
}

export function getUserByName(db: Db, name: string): User | null {
  const row = db.prepare('SELECT * FROM users WHERE name = ?').get(name) as UserRow | undefined;
  return row ? fromRow(row) : null;
}

/** The user and their hash, for checking a password at sign-in. */
export function credentialsOf(db: Db, name: string): { user: User; passwordHash: string } | null {
  const row = db.prepare('SELECT * FROM users WHERE name = ?').get(name) as UserRow | undefined;
  return row ? { user: fromRow(row), passwordHash: row.password_hash } : null;
}

export function listUsers(db: Db): User[] {
  return (db.prepare('SELECT * FROM users ORDER BY name').all() as UserRow[]).map(fromRow);
}

/** Sets one column of a user and, when asked, ends their sessions; false when there is no such user. */
function updateUser(db: Db, name: string, column: 'disabled' | 'role' | 'password_hash', value: string | number, endSessions: boolean): boolean {
  return db.transaction(() => {
    const r = db.prepare(`UPDATE users SET ${column} = ? WHERE name = ?`).run(value, name);
    if (r.changes === 0) return false;
    if (endSessions) db.prepare('DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE name = ?)').run(name);
    return true;
  })();
}

/** Disables (or enables) a user; disabling ends their sessions. False when there is no such user. */
export function setUserDisabled(db: Db, name: string, disabled: boolean): boolean {
  return updateUser(db, name, 'disabled', disabled ? 1 : 0, disabled);
}

/** A new role ends the user's sessions, so the new rights apply from their next sign-in. */
export function setUserRole(db: Db, name: string, role: Role): boolean {
  return updateUser(db, name, 'role', role, true);
}

/** A new password ends the user's sessions. */
export function setUserPassword(db: Db, name: string, passwordHash: string): boolean {
  return updateUser(db, name, 'password_hash', passwordHash, true);
}
