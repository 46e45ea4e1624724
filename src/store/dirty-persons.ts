// Persons whose inputs changed since their last evaluation: the incremental evaluation evaluates
// only these. Every writer that changes a person's input marks it here, and only here.
import type { Db } from './db.js';

/** Marks person keys (a register person id, or a cost line's person id) as changed. */
export function markDirty(db: Db, keys: Iterable<string>): void {
  const insert = db.prepare('INSERT OR IGNORE INTO dirty_persons (person_key) VALUES (?)');
  for (const key of keys) insert.run(key);
}

export function dirtyKeys(db: Db): string[] {
  return db.prepare('SELECT person_key FROM dirty_persons').pluck().all() as string[];
}

export function clearDirty(db: Db): void {
  db.prepare('DELETE FROM dirty_persons').run();
}
