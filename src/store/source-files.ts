// The files read into the database: one row per distinct content (sha256), with what it held.
import type { FileKind } from '../domain/columns.js';
import type { Db } from './db.js';

export interface SourceFileMeta {
  sha256: string;
  /** The file's name (not its path). */
  name: string;
  kind: FileKind;
  /** The sheet the rows came from (xlsx). */
  sheet: string | null;
  ingestedAt: string;
  /** Whether the file has a contact_end column (an empty cell then means ongoing, SPEC §5.2). */
  hasContactEnd: boolean;
}

export interface FileCounts {
  rows: number;
  accepted: number;
  rejected: number;
  duplicates: number;
}

/** The file with these bytes, if it was read before. */
export function findSourceFile(db: Db, sha256: string): { id: number; kind: FileKind } | null {
  return (db.prepare('SELECT id, kind FROM source_files WHERE sha256 = ?').get(sha256) as { id: number; kind: FileKind } | undefined) ?? null;
}

/** Whether an error is the unique constraint on the file's bytes (another process read them meanwhile). */
export function isDuplicateSourceFile(err: unknown): boolean {
  const e = (err ?? {}) as { code?: unknown; message?: unknown };
  return e.code === 'SQLITE_CONSTRAINT_UNIQUE' && String(e.message).includes('source_files.sha256');
}

export function insertSourceFile(db: Db, meta: SourceFileMeta, counts: FileCounts = { rows: 0, accepted: 0, rejected: 0, duplicates: 0 }): number {
  return Number(
    db
      .prepare(
        `INSERT INTO source_files (sha256, name, kind, sheet, ingested_at, rows, accepted, rejected, duplicates, has_contact_end)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        meta.sha256,
        meta.name,
        meta.kind,
        meta.sheet,
        meta.ingestedAt,
        counts.rows,
        counts.accepted,
        counts.rejected,
        counts.duplicates,
        meta.hasContactEnd ? 1 : 0,
      ).lastInsertRowid,
  );
}

export function setSourceFileCounts(db: Db, id: number, counts: FileCounts): void {
  db.prepare('UPDATE source_files SET rows = ?, accepted = ?, rejected = ?, duplicates = ? WHERE id = ?').run(
    counts.rows,
    counts.accepted,
    counts.rejected,
    counts.duplicates,
    id,
  );
}

/** Ids of the cost files that have a contact_end column. */
export function filesWithContactEnd(db: Db): Set<number> {
  return new Set(db.prepare('SELECT id FROM source_files WHERE has_contact_end = 1').pluck().all() as number[]);
}
