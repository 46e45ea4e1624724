// A short write from a process that does not hold the writer lock (a submit, a progress tick) while
// another connection holds SQLite's write lock for a whole file's ingest: it waits by sleeping
// between tries instead of blocking the event loop in SQLite's busy handler.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Db } from './db.js';

export async function writeWhenFree<T>(db: Db, write: () => T, opts: { timeoutMs?: number } = {}): Promise<T> {
  const deadline = Date.now() + (opts.timeoutMs ?? 300_000);
  let delay = 10;
  for (;;) {
    const saved = db.pragma('busy_timeout', { simple: true }) as number;
    db.pragma('busy_timeout = 25');
    try {
      return write();
    } catch (err) {
      if ((err as { code?: unknown }).code !== 'SQLITE_BUSY' || Date.now() > deadline) throw err;
    } finally {
      db.pragma(`busy_timeout = ${saved}`);
    }
    await sleep(delay);
    delay = Math.min(delay * 2, 250);
  }
}
