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
