// One writer at a time across every process and thread that shares a database file: the service's
// ingest, evaluate and final document steps run under this lock, so an evaluation never clears the
// dirty marks of an ingest that committed while it ran, and a batch's outputs read one state of
// the store. The lock is an exclusive transaction on a small SQLite file beside the database: the
// operating system releases it when its holder dies, so a killed worker never leaves it held.
import Database from 'better-sqlite3';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Db } from './db.js';

export function writerLockPath(db: Db): string {
  return `${db.name}.writer-lock`;
}

/** Runs `fn` holding the database's writer lock; waits (without blocking the event loop) while another holds it. */
export async function withWriterLock<T>(db: Db, fn: () => Promise<T>, opts: { pollMs?: number } = {}): Promise<T> {
  if (db.memory) return fn();
  const lock = new Database(writerLockPath(db));
  try {
    lock.pragma('busy_timeout = 0');
    let delay = 5;
    for (;;) {
      try {
        lock.exec('BEGIN EXCLUSIVE');
        break;
      } catch (err) {
        if ((err as { code?: unknown }).code !== 'SQLITE_BUSY') throw err;
      }
      await sleep(delay);
      delay = Math.min(delay * 2, opts.pollMs ?? 100);
    }
    try {
      return await fn();
    } finally {
      lock.exec('ROLLBACK');
    }
  } finally {
    lock.close();
  }
}
