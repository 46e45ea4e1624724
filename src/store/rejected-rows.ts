// Rejected rows: where in which file, which column, the value (identities already masked) and the
// Swedish reason, so the handläggare can fix the source.
import type { Db } from './db.js';

/** One bad cell of a rejected row (or the whole row, with column null). */
export interface RejectedCell {
  row: number;
  /** The column's header as written in the file; null for a problem of the whole row. */
  column: string | null;
  value: string | null;
  reason: string;
}

/** A rejected cell as listed to the user, with its file and sheet. */
export interface RejectedRowView extends RejectedCell {
  file: string;
  sheet: string | null;
}

export function insertRejectedCells(db: Db, fileId: number, sheet: string | null, cells: readonly RejectedCell[]): void {
  if (cells.length === 0) return;
  const insert = db.prepare('INSERT INTO rejected_rows (file_id, sheet, row_no, column_name, value, reason) VALUES (?, ?, ?, ?, ?, ?)');
  for (const c of cells) insert.run(fileId, sheet, c.row, c.column, c.value, c.reason);
}

/** Rejected rows of the given files, in file and row order. */
export function listRejectedRows(db: Db, fileIds: readonly number[]): RejectedRowView[] {
  const out: RejectedRowView[] = [];
  const stmt = db.prepare(
    `SELECT f.name AS file, r.sheet AS sheet, r.row_no AS row, r.column_name AS "column", r.value AS value, r.reason AS reason
     FROM rejected_rows r JOIN source_files f ON f.id = r.file_id
     WHERE r.file_id = ? ORDER BY r.row_no, r.id`,
  );
  for (const id of fileIds) for (const r of stmt.iterate(id) as IterableIterator<RejectedRowView>) out.push(r);
  return out;
}
