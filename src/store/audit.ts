// The audit log (issue 9): who did what to which object, when, and how it went. Append only (the
// migration's triggers refuse updates and deletes). Objects are claim ids, batch ids and user
// names, never identity numbers or file contents.
import type { Db } from './db.js';

export interface AuditEntry {
  id: number;
  at: string;
  /** The user name; null for an anonymous attempt. */
  user: string | null;
  action: string;
  object: string | null;
  outcome: 'ok' | 'refused' | 'failed';
}

export function audit(db: Db, entry: Omit<AuditEntry, 'id' | 'at'>, now = new Date()): void {
  db.prepare('INSERT INTO audit_log (at, user, action, object, outcome) VALUES (?, ?, ?, ?, ?)').run(
    now.toISOString(),
    entry.user,
    entry.action,
    entry.object,
    entry.outcome,
  );
}

/** The newest entries first. */
export function listAudit(db: Db, opts: { limit?: number } = {}): AuditEntry[] {
  return db.prepare('SELECT id, at, user, action, object, outcome FROM audit_log ORDER BY id DESC LIMIT ?').all(opts.limit ?? 200) as AuditEntry[];
}

/** Every entry, oldest first, for the CSV export. */
export function allAudit(db: Db): IterableIterator<AuditEntry> {
  return db.prepare('SELECT id, at, user, action, object, outcome FROM audit_log ORDER BY id').iterate() as IterableIterator<AuditEntry>;
}
