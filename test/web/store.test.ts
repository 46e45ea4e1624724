// src/store/users.ts, sessions.ts, audit.ts: the web's tables.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { audit, listAudit } from '../../src/store/audit.js';
import { type Db, openDb } from '../../src/store/db.js';
import { createSession, hashSessionId, touchSession } from '../../src/store/sessions.js';
import { UserExistsError, addUser, getUserByName, setUserDisabled, setUserRole } from '../../src/store/users.js';

let db: Db;
beforeEach(() => {
  db = openDb(':memory:');
});
afterEach(() => db.close());

describe('users', () => {
  it('keeps names unique and refuses an unknown role', () => {
    addUser(db, { name: 'hanna', role: 'handläggare', passwordHash: 'h' });
    expect(() => addUser(db, { name: 'hanna', role: 'admin', passwordHash: 'h' })).toThrow(UserExistsError);
    expect(() => db.prepare("INSERT INTO users (name, role, password_hash, created_at) VALUES ('x', 'chef', 'h', '')").run()).toThrow(/CHECK/);
  });

  it('disabling and a new role end the user’s sessions', () => {
    const u = addUser(db, { name: 'hanna', role: 'handläggare', passwordHash: 'h' });
    createSession(db, 'a'.repeat(43), u.id);
    expect(touchSession(db, 'a'.repeat(43), 60_000)?.name).toBe('hanna');
    setUserRole(db, 'hanna', 'ekonomi');
    expect(touchSession(db, 'a'.repeat(43), 60_000)).toBeNull();
    createSession(db, 'b'.repeat(43), u.id);
    expect(setUserDisabled(db, 'hanna', true)).toBe(true);
    expect(touchSession(db, 'b'.repeat(43), 60_000)).toBeNull();
    expect(getUserByName(db, 'hanna')?.disabled).toBe(true);
    expect(setUserDisabled(db, 'nobody', true)).toBe(false);
  });
});

describe('sessions', () => {
  it('stores only the sha256 of the id and ends an idle session', () => {
    const u = addUser(db, { name: 'hanna', role: 'handläggare', passwordHash: 'h' });
    const id = 'c'.repeat(43);
    createSession(db, id, u.id, new Date('2025-01-01T10:00:00Z'));
    expect(db.prepare('SELECT id_hash FROM sessions').pluck().all()).toEqual([hashSessionId(id)]);
    expect(touchSession(db, id, 30 * 60_000, new Date('2025-01-01T10:29:00Z'))?.id).toBe(u.id);
    // Last seen 10:29: still alive at 10:58, gone after 11:00.
    expect(touchSession(db, id, 30 * 60_000, new Date('2025-01-01T10:58:00Z'))?.id).toBe(u.id);
    expect(touchSession(db, id, 30 * 60_000, new Date('2025-01-01T11:29:01Z'))).toBeNull();
    expect(db.prepare('SELECT COUNT(*) FROM sessions').pluck().get()).toBe(0);
  });

  it('writes last seen at most once a minute', () => {
    const u = addUser(db, { name: 'erik', role: 'ekonomi', passwordHash: 'h' });
    const id = 'd'.repeat(43);
    createSession(db, id, u.id, new Date('2025-01-01T10:00:00Z'));
    const seen = () => db.prepare('SELECT last_seen_at FROM sessions').pluck().get();
    touchSession(db, id, 30 * 60_000, new Date('2025-01-01T10:00:59Z'));
    expect(seen()).toBe('2025-01-01T10:00:00.000Z');
    touchSession(db, id, 30 * 60_000, new Date('2025-01-01T10:01:00Z'));
    expect(seen()).toBe('2025-01-01T10:01:00.000Z');
  });
});

describe('audit log', () => {
  it('is append-only', () => {
    audit(db, { user: 'alma', action: 'inloggning', object: null, outcome: 'ok' });
    expect(listAudit(db)).toMatchObject([{ user: 'alma', action: 'inloggning', outcome: 'ok' }]);
    expect(() => db.prepare("UPDATE audit_log SET outcome = 'refused'").run()).toThrow(/ändras inte/);
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/ändras inte/);
  });
});
