// The embedded database: one SQLite file in WAL mode, schema moved forward by numbered migrations
// guarded by PRAGMA user_version (one migration = one transaction).
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { MIGRATIONS } from './migrations/index.js';

export type Db = Database.Database;

export const DEFAULT_DB_PATH = 'data/claims.db';

export function openDb(path: string = DEFAULT_DB_PATH): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 10000');
  migrate(db);
  return db;
}

export function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(`databasen har schemaversion ${current}, men programmet känner bara till ${MIGRATIONS.length}`);
  }
  for (let version = current + 1; version <= MIGRATIONS.length; version++) {
    const sql = MIGRATIONS[version - 1]!;
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${version}`);
    })();
  }
}

/** Runs `work` in one transaction: all of it is stored, or nothing. */
export function inTransaction<T>(db: Db, work: () => T): T {
  return db.transaction(work)();
}

/**
 * A transaction held open across awaits (a file streamed in batches): BEGIN IMMEDIATE takes the
 * write lock at once, so a second writer waits (busy_timeout) instead of failing half-way.
 */
export function beginWrite(db: Db): void {
  db.prepare('BEGIN IMMEDIATE').run();
}

export function commit(db: Db): void {
  db.prepare('COMMIT').run();
}

/** Undoes the open transaction, if one is open. */
export function rollback(db: Db): void {
  if (db.inTransaction) db.prepare('ROLLBACK').run();
}
