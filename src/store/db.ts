// The embedded database: one SQLite file in WAL mode, schema moved forward by numbered migrations
// guarded by PRAGMA user_version (one migration = one transaction).
// It holds identities and health data: the file is created 0600 before SQLite opens it (SQLite gives
// its -wal and -shm files the database file's mode), a missing folder is made 0700, and wider modes
// left by an earlier version are tightened. synchronous = FULL: a commit (a file ingested, a
// decision recorded with `claims mark`) is on disk once the command returns, power cut or not.
import Database from 'better-sqlite3';
import { closeSync, existsSync, fchmodSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { PRIVATE_FILE_MODE, makePrivateDir, tightenEntry } from '../util/private-dir.js';
import { MIGRATIONS } from './migrations/index.js';

export type Db = Database.Database;

export const DEFAULT_DB_PATH = 'data/claims.db';

/** The database file (and its WAL files, when there) exists and is readable by its owner only. */
function preparePrivateFile(path: string): void {
  makePrivateDir(dirname(path));
  if (!existsSync(path)) {
    try {
      const fd = openSync(path, 'wx', PRIVATE_FILE_MODE);
      fchmodSync(fd, PRIVATE_FILE_MODE);
      closeSync(fd);
    } catch (err) {
      // Created meanwhile by another process (a worker): it made it the same way.
      if ((err as { code?: unknown }).code !== 'EEXIST') throw err;
    }
  }
  for (const p of [path, `${path}-wal`, `${path}-shm`, `${path}-journal`]) tightenEntry(p);
}

export function openDb(path: string = DEFAULT_DB_PATH): Db {
  if (path !== ':memory:' && path !== '') preparePrivateFile(path);
  const db = new Database(path);
  db.pragma('busy_timeout = 10000');
  switchToWal(db);
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  migrate(db);
  return db;
}

const WAL_SWITCH_TRIES = 200;
const WAL_SWITCH_PAUSE_MS = 25;

/**
 * Switching a new database file to WAL can answer SQLITE_BUSY at once, without waiting: SQLite
 * skips the busy handler where waiting could deadlock, as when several service workers open the
 * same new database together. Each tries again after a pause (five seconds in all).
 */
function switchToWal(db: Db): void {
  for (let attempt = 1; ; attempt++) {
    try {
      db.pragma('journal_mode = WAL');
      return;
    } catch (err) {
      if ((err as { code?: unknown }).code !== 'SQLITE_BUSY' || attempt === WAL_SWITCH_TRIES) throw err;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, WAL_SWITCH_PAUSE_MS);
    }
  }
}

export function migrate(db: Db): void {
  // Each step reads the version inside its own write transaction: several processes opening a new
  // database at once (service workers) move it forward once.
  const step = db.transaction((): boolean => {
    const current = db.pragma('user_version', { simple: true }) as number;
    if (current > MIGRATIONS.length) {
      throw new Error(`databasen har schemaversion ${current}, men programmet känner bara till ${MIGRATIONS.length}`);
    }
    if (current === MIGRATIONS.length) return false;
    db.exec(MIGRATIONS[current]!);
    db.pragma(`user_version = ${current + 1}`);
    return true;
  });
  if ((db.pragma('user_version', { simple: true }) as number) === MIGRATIONS.length) return;
  while (step.immediate()) {
    // one migration per transaction
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

/**
 * A SELECT list that reads snake_case columns under their camelCase field names
 * (`person_id AS "personId"`), so a row comes back shaped as the object it stands for.
 * `columns` are separated by spaces; `rename` gives a field that is not its column's camelCase.
 */
export function camelColumns(columns: string, rename: Record<string, string> = {}): string {
  return columns
    .split(/\s+/)
    .filter((c) => c !== '')
    .map((column) => {
      const field = rename[column] ?? column.replace(/_([a-z0-9])/g, (_, ch: string) => ch.toUpperCase());
      return column === field ? column : `${column} AS "${field}"`;
    })
    .join(', ');
}
