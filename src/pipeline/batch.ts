// The steps of a batch in the service (SPEC §7), one pipeline function per job step: ingest of one
// file, evaluation, the plan of the documents, one part of the applications, and the last step
// that writes every output. Each step reads the batch from the store and may run again (a stalled
// job is retried): what it has recorded it does not do twice. The writing steps hold the writer
// lock, so they run one at a time across every worker that shares the database.
import { existsSync, linkSync, copyFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Config } from '../config.js';
import type { EvaluationSummary, FileReport, RunSummary } from '../domain/batch.js';
import { ingestFiles } from '../ingest/ingest.js';
import {
  type Batch,
  finishBatch,
  getBatch,
  markBatchRunning,
  recordDocumentParts,
  recordEvaluation,
  recordFileResult,
  recordPartDone,
  recordSeenBefore,
  setBatchProgress,
  spooledFileNeeded,
  storedSourceFile,
} from '../store/batches.js';
import { writeWhenFree } from '../store/busy.js';
import { applyPendingAssessments } from '../store/assessments.js';
import { claimChanges, recordBatchClaims, snapshotClaims } from '../store/batch-claims.js';
import { listClaims } from '../store/claims.js';
import { type Db, inTransaction } from '../store/db.js';
import { withWriterLock } from '../store/writer-lock.js';
import { writeFileAtomic } from '../util/atomic-file.js';
import type { DrawnApplications } from './applications.js';
import { evaluateStore } from './evaluate.js';
import { InputError } from './input-error.js';
import { type DrawingState, drawApplicationsPart, readDrawingState, writeOutputs } from './outputs.js';
import { spoolPath } from './spool.js';
import { runSummary } from './summary.js';

export interface BatchEnv {
  db: Db;
  config: Config;
  /** Where a batch's outputs go when it names no folder of its own. */
  outDir: string;
  spoolDir: string;
  /** Applications per part (default DOCUMENT_PART_SIZE). */
  documentPartSize?: number;
}

/** Applications per part at most: any worker draws a part; a large batch's parts go side by side. */
export const DOCUMENT_PART_SIZE = 500;
/** Enough parts for every worker to take several (an even share of the drawing), but never parts of fewer than 50. */
const MIN_PARTS = 8;
const MIN_PART_SIZE = 50;

/** How many parts `ready` applications are drawn in. */
export function documentParts(ready: number, partSize = DOCUMENT_PART_SIZE): number {
  return Math.max(Math.ceil(ready / partSize), Math.min(MIN_PARTS, Math.floor(ready / MIN_PART_SIZE)));
}

/** Where the batch's progress stands after each step. */
const PROGRESS = { ingested: 0.6, evaluated: 0.7, drawn: 0.95 } as const;

function requireBatch(db: Db, batchId: string): Batch {
  const batch = getBatch(db, batchId);
  if (!batch) throw new InputError(`batchen ${batchId} finns inte i databasen`);
  return batch;
}

export function batchOutDir(env: BatchEnv, batch: Batch): string {
  return batch.outDir ?? env.outDir;
}

/** The user's file name as a single safe path segment (for the name the store records). */
function safeFileName(name: string): string {
  const base = basename(name.replace(/\\/g, '/'));
  return base === '' || base === '.' || base === '..' || base.includes('\0') ? 'fil' : base;
}

/**
 * Ingests the spooled file under the user's own name (a link in a private folder), so the store
 * records and the messages name it as `claims run` would.
 */
async function ingestUnderName(env: BatchEnv, batch: Batch, position: number, spooled: string): Promise<FileReport> {
  const file = batch.files[position]!;
  const dir = join(env.spoolDir, '.work', `${batch.id}-${position}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const named = join(dir, safeFileName(file.name));
  try {
    try {
      linkSync(spooled, named);
    } catch {
      copyFileSync(spooled, named);
    }
    const [report] = await ingestFiles(env.db, [named], { asOf: batch.asOf, config: env.config });
    const r = report!;
    return {
      ...r,
      file: file.name,
      error: r.error === null ? null : r.error.startsWith(named) ? `${file.name}${r.error.slice(named.length)}` : r.error,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Ingest of one file of a batch (SPEC §3.3: a file whose bytes were stored before adds nothing). */
export async function ingestBatchFile(
  env: BatchEnv,
  step: { batchId: string; position: number; spoolPath: string; sha256: string },
): Promise<FileReport> {
  const { db } = env;
  const first = requireBatch(db, step.batchId);
  const file = first.files[step.position];
  if (!file || file.sha256 !== step.sha256) throw new InputError(`batchen ${step.batchId} har ingen sådan fil`);
  if (file.result) return file.result;
  return withWriterLock(db, async () => {
    const batch = requireBatch(db, step.batchId);
    const again = batch.files[step.position]!;
    if (again.result) return again.result;
    markBatchRunning(db, batch.id);
    if (!existsSync(step.spoolPath)) throw new InputError(`${file.name}: den uppladdade filen finns inte längre (spool)`);
    const seenBefore = recordSeenBefore(db, batch.id, step.position, storedSourceFile(db, step.sha256) !== null);
    const stored = storedSourceFile(db, step.sha256);
    // An earlier try stored the file and stopped before recording it: its counts are this batch's.
    const report: FileReport =
      !seenBefore && stored
        ? { file: file.name, ...stored, alreadyIngested: false, error: null }
        : await ingestUnderName(env, batch, step.position, step.spoolPath);
    recordFileResult(db, batch.id, step.position, report);
    const total = batch.files.reduce((s, f) => s + f.size, 0);
    const done = batch.files.slice(0, step.position + 1).reduce((s, f) => s + f.size, 0);
    setBatchProgress(db, batch.id, total === 0 ? PROGRESS.ingested : (PROGRESS.ingested * done) / total);
    return report;
  });
}

/** Evaluates the store as of the batch's date (incremental where it can be). */
export async function evaluateBatch(env: BatchEnv, batchId: string): Promise<EvaluationSummary> {
  const { db } = env;
  return withWriterLock(db, async () => {
    const batch = requireBatch(db, batchId);
    if (batch.evaluation) return batch.evaluation;
    markBatchRunning(db, batch.id);
    applyPendingAssessments(db);
    const before = snapshotClaims(db);
    const evaluation = await evaluateStore(db, { asOf: batch.asOf, config: env.config });
    // A retry after a crash between the two transactions finds nothing to evaluate and records no
    // changes: the batch page then lists fewer claims than it changed, never wrong ones.
    const changes = claimChanges(before, snapshotClaims(db));
    inTransaction(db, () => {
      recordBatchClaims(db, batch.id, changes);
      recordEvaluation(db, batch.id, evaluation);
    });
    setBatchProgress(db, batch.id, PROGRESS.evaluated);
    return evaluation;
  });
}

/** How many parts the batch's applications are drawn in (0 when no claim is ready). */
export function planBatchDocuments(env: BatchEnv, batchId: string): { parts: number } {
  const batch = requireBatch(env.db, batchId);
  const ready = listClaims(env.db).filter((c) => c.status === 'ready').length;
  const parts = documentParts(ready, env.documentPartSize);
  recordDocumentParts(env.db, batch.id, parts);
  return { parts };
}

function partFile(outDir: string, batchId: string, part: number): string {
  return join(outDir, 'applications', '.parts', `${batchId}-${part}.json`);
}

/**
 * The store as the parts of one batch draw from it, read once per thread for all the parts it
 * draws. Safe even if the store changes meanwhile: the last step draws again whatever changed.
 */
let drawingCache: { db: Db; batchId: string; state: DrawingState } | null = null;

function drawingStateFor(db: Db, batchId: string): DrawingState {
  if (drawingCache?.db !== db || drawingCache.batchId !== batchId) drawingCache = { db, batchId, state: readDrawingState(db) };
  return drawingCache.state;
}

/** Draws one part of the batch's applications; what it drew waits in a file for the last step. */
export async function drawBatchDocumentsPart(
  env: BatchEnv,
  batchId: string,
  part: number,
  parts: number,
): Promise<{ drawn: number; failed: number }> {
  const batch = requireBatch(env.db, batchId);
  const outDir = batchOutDir(env, batch);
  const opts = { outDir, asOf: batch.asOf, config: env.config, files: [] };
  const drawn = await drawApplicationsPart(env.db, opts, drawingStateFor(env.db, batchId), { index: part, count: parts });
  writeFileAtomic(partFile(outDir, batchId, part), JSON.stringify(drawn));
  try {
    await writeWhenFree(env.db, () => recordPartDone(env.db, batchId, PROGRESS.evaluated, PROGRESS.drawn), { timeoutMs: 10_000 });
  } catch {
    // Progress only: the part is drawn whether or not the bar moved.
  }
  return { drawn: Object.keys(drawn.entries).length, failed: drawn.errors.length };
}

function readPart(path: string): DrawnApplications | null {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as DrawnApplications;
    return parsed && typeof parsed.entries === 'object' && Array.isArray(parsed.errors) ? parsed : null;
  } catch {
    return null; // a part that left no file: the last step draws its claims itself
  }
}

/** The batch's last step: every output, from one state of the store, and the batch done. */
export async function finishBatchDocuments(env: BatchEnv, batchId: string): Promise<RunSummary> {
  const { db } = env;
  return withWriterLock(db, async () => {
    const batch = requireBatch(db, batchId);
    if (batch.status === 'done' && batch.summary) return batch.summary;
    const files = batch.files.map((f) => {
      if (!f.result) throw new Error(`fil ${f.position} i batchen saknar resultat`);
      return f.result;
    });
    const outDir = batchOutDir(env, batch);
    const paths = Array.from({ length: batch.documentParts ?? 0 }, (_, n) => partFile(outDir, batch.id, n));
    const parts = paths.map(readPart).filter((p): p is DrawnApplications => p !== null);
    const out = await writeOutputs(db, { outDir, asOf: batch.asOf, config: env.config, files }, parts);
    const evaluation = batch.evaluation ?? { mode: 'incremental', persons: 0, lines: 0 };
    const summary = runSummary({ ...out, files, evaluation }, batch.asOf, outDir);
    finishBatch(db, batch.id, summary);
    for (const p of paths) rmSync(p, { force: true });
    // The uploads hold personal data and the store has their lines now: the spool keeps a file
    // only while another batch still has it to read.
    for (const f of batch.files) if (!spooledFileNeeded(db, f.sha256, batch.id)) rmSync(spoolPath(env.spoolDir, f.sha256), { force: true });
    return summary;
  });
}
