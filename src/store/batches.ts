// Batches (SPEC §7): the row is the truth about an upload (status, progress, per-file results, the
// Swedish error, the summary); the queue only carries the batch id to the jobs. File names are the
// user's and stay here, never in a queue payload.
import { BATCH_STATUSES, type BatchStatus, type EvaluationSummary, type FileReport, type RunSummary } from '../domain/batch.js';
import type { IsoDate } from '../domain/types.js';
import { addTo } from '../domain/collections.js';
import { camelColumns, type Db } from './db.js';

export interface NewBatch {
  id: string;
  asOf: IsoDate;
  /** Where the outputs go; null: the worker's own --out. */
  outDir: string | null;
  /** Who submitted it: a user name, or `cli`. */
  submittedBy: string;
  /** In the order given (SPEC §3.3). */
  files: { name: string; sha256: string; size: number }[];
}

export interface BatchFile {
  position: number;
  /** The file name as the user gave it. */
  name: string;
  sha256: string;
  size: number;
  /** Whether these bytes were in the store before this batch's ingest began (null: not begun). */
  seenBefore: boolean | null;
  /** Set once the file is ingested. */
  result: FileReport | null;
}

export interface Batch {
  id: string;
  status: BatchStatus;
  /** 0..1 */
  progress: number;
  asOf: IsoDate;
  outDir: string | null;
  submittedBy: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** Swedish, for the user, no personal data; set when failed. */
  error: string | null;
  files: BatchFile[];
  evaluation: EvaluationSummary | null;
  /** How many parts the applications were split into (set by the documents step). */
  documentParts: number | null;
  /** As `claims run --json` prints it; set when done. */
  summary: RunSummary | null;
}

// JSON columns are text and seen_before is 0/1/NULL in the database; the rest read as their fields.
type BatchRow = Omit<Batch, 'files' | 'evaluation' | 'summary'> & { evaluation: string | null; summary: string | null };
type FileRow = Omit<BatchFile, 'seenBefore' | 'result'> & { batchId: string; seenBefore: number | null; result: string | null };
const BATCH_COLUMNS = camelColumns(
  'id status progress as_of out_dir submitted_by created_at started_at finished_at error evaluation document_parts summary',
);
const FILE_COLUMNS = camelColumns('batch_id position name sha256 size seen_before result');

const parse = <T>(text: string | null): T | null => (text === null ? null : (JSON.parse(text) as T));

function fromRows(r: BatchRow, files: FileRow[]): Batch {
  if (!(BATCH_STATUSES as readonly string[]).includes(r.status)) throw new Error(`okänd batchstatus ${r.status}`);
  return {
    ...r,
    files: files.map(({ batchId: _, ...f }) => ({
      ...f,
      seenBefore: f.seenBefore === null ? null : f.seenBefore === 1,
      result: parse<FileReport>(f.result),
    })),
    evaluation: parse<EvaluationSummary>(r.evaluation),
    summary: parse<RunSummary>(r.summary),
  };
}

export function createBatch(db: Db, batch: NewBatch, now = new Date()): void {
  const insertFile = db.prepare('INSERT INTO batch_files (batch_id, position, name, sha256, size) VALUES (?, ?, ?, ?, ?)');
  db.transaction(() => {
    db.prepare("INSERT INTO batches (id, status, as_of, out_dir, submitted_by, created_at) VALUES (?, 'queued', ?, ?, ?, ?)").run(
      batch.id,
      batch.asOf,
      batch.outDir,
      batch.submittedBy,
      now.toISOString(),
    );
    batch.files.forEach((f, i) => insertFile.run(batch.id, i, f.name, f.sha256, f.size));
  })();
}

export function getBatch(db: Db, id: string): Batch | null {
  const row = db.prepare(`SELECT ${BATCH_COLUMNS} FROM batches WHERE id = ?`).get(id) as BatchRow | undefined;
  if (!row) return null;
  const files = db.prepare(`SELECT ${FILE_COLUMNS} FROM batch_files WHERE batch_id = ? ORDER BY position`).all(id) as FileRow[];
  return fromRows(row, files);
}

/** The most recent batches, newest first. */
export function listBatches(db: Db, opts: { limit?: number } = {}): Batch[] {
  const rows = db.prepare(`SELECT ${BATCH_COLUMNS} FROM batches ORDER BY created_at DESC, id LIMIT ?`).all(opts.limit ?? 50) as BatchRow[];
  if (rows.length === 0) return [];
  const files = db
    .prepare(`SELECT ${FILE_COLUMNS} FROM batch_files WHERE batch_id IN (${rows.map(() => '?').join(', ')}) ORDER BY batch_id, position`)
    .all(...rows.map((r) => r.id)) as FileRow[];
  const byBatch = new Map<string, FileRow[]>();
  for (const f of files) {
    addTo(byBatch, f.batchId, f);
  }
  return rows.map((r) => fromRows(r, byBatch.get(r.id) ?? []));
}

/** queued → running (a retried step leaves a running batch as it is). */
export function markBatchRunning(db: Db, id: string, now = new Date()): void {
  db.prepare("UPDATE batches SET status = 'running', started_at = COALESCE(started_at, ?) WHERE id = ? AND status = 'queued'").run(
    now.toISOString(),
    id,
  );
}

/** Progress only moves forward, and only while the batch runs. */
export function setBatchProgress(db: Db, id: string, progress: number): void {
  db.prepare("UPDATE batches SET progress = MAX(progress, MIN(1, MAX(0, ?))) WHERE id = ? AND status IN ('queued', 'running')").run(progress, id);
}

/** Records whether a file's bytes were stored before its ingest began; the first answer stays. */
export function recordSeenBefore(db: Db, id: string, position: number, seen: boolean): boolean {
  db.prepare('UPDATE batch_files SET seen_before = ? WHERE batch_id = ? AND position = ? AND seen_before IS NULL').run(seen ? 1 : 0, id, position);
  return (db.prepare('SELECT seen_before FROM batch_files WHERE batch_id = ? AND position = ?').pluck().get(id, position) as number) === 1;
}

export function recordFileResult(db: Db, id: string, position: number, result: FileReport): void {
  db.prepare('UPDATE batch_files SET result = ? WHERE batch_id = ? AND position = ?').run(JSON.stringify(result), id, position);
}

export function recordEvaluation(db: Db, id: string, evaluation: EvaluationSummary): void {
  db.prepare('UPDATE batches SET evaluation = ? WHERE id = ?').run(JSON.stringify(evaluation), id);
}

export function recordDocumentParts(db: Db, id: string, parts: number): void {
  db.prepare('UPDATE batches SET document_parts = ? WHERE id = ?').run(parts, id);
}

/** One more part of the applications drawn; progress moves through `from`..`to` as parts finish. */
export function recordPartDone(db: Db, id: string, from: number, to: number): void {
  db.prepare(
    `UPDATE batches SET parts_done = parts_done + 1,
       progress = MAX(progress, MIN(?, ? + (? - ?) * (parts_done + 1) / MAX(1, COALESCE(document_parts, 1))))
     WHERE id = ? AND status = 'running'`,
  ).run(to, from, to, from, id);
}

export function finishBatch(db: Db, id: string, summary: RunSummary, now = new Date()): void {
  db.prepare("UPDATE batches SET status = 'done', progress = 1, summary = ?, finished_at = ? WHERE id = ? AND status IN ('queued', 'running')").run(
    JSON.stringify(summary),
    now.toISOString(),
    id,
  );
}

/** Marks the batch failed with a Swedish message; a batch already done or failed keeps what it has. */
export function failBatch(db: Db, id: string, message: string, now = new Date()): boolean {
  const r = db
    .prepare("UPDATE batches SET status = 'failed', error = ?, finished_at = ? WHERE id = ? AND status IN ('queued', 'running')")
    .run(message, now.toISOString(), id);
  return r.changes === 1;
}

/** Whether a batch not yet finished (other than `exceptBatch`) still has these bytes to ingest. */
export function spooledFileNeeded(db: Db, sha256: string, exceptBatch: string): boolean {
  return (
    db
      .prepare(
        "SELECT 1 FROM batch_files f JOIN batches b ON b.id = f.batch_id WHERE f.sha256 = ? AND f.batch_id <> ? AND f.result IS NULL AND b.status IN ('queued', 'running') LIMIT 1",
      )
      .get(sha256, exceptBatch) !== undefined
  );
}

/** What the store holds for a file's bytes (source_files is ingest's table: read only here). */
export function storedSourceFile(db: Db, sha256: string): Omit<FileReport, 'file' | 'alreadyIngested' | 'error'> | null {
  const row = db.prepare('SELECT id, kind, rows, accepted, rejected, duplicates FROM source_files WHERE sha256 = ?').get(sha256) as
    { id: number; kind: 'costs' | 'persons'; rows: number; accepted: number; rejected: number; duplicates: number } | undefined;
  return row ? { fileId: row.id, kind: row.kind, rows: row.rows, accepted: row.accepted, rejected: row.rejected, duplicates: row.duplicates } : null;
}
