// Submitting a batch (SPEC §7), for the CLI and the web server alike: the files are copied into
// the spool beside the database under their sha256, the batch is recorded in SQLite (its truth,
// with the user's file names), and its flow is enqueued with ids only. Then its row tells how it
// goes: getBatch / waitForBatch.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { IsoDate } from '../domain/types.js';
import { type Batch, createBatch, failBatch, getBatch } from '../store/batches.js';
import { writeWhenFree } from '../store/busy.js';
import type { Db } from '../store/db.js';
import type { QueueBackend } from './backend.js';
import { batchFlow, spoolPath } from './flows.js';
import { newBatchId } from './payload-fields.js';

/** A file to submit: on disk, or bytes already in memory (an upload); `name` is the user's file name. */
export type SubmitFile = { path: string; name?: string } | { bytes: Uint8Array; name: string };

export interface SubmitRequest {
  /** In the order they are to be ingested. */
  files: readonly SubmitFile[];
  asOf: IsoDate;
  /** Where the outputs go (absolute); null or absent: the worker's own --out. */
  outDir?: string | null;
  /** A user name, or `cli`. */
  submittedBy: string;
}

export interface SubmitDeps {
  db: Db;
  backend: QueueBackend;
  spoolDir: string;
}

async function sha256OfFile(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** Copies a file into the spool under its sha256 (once: the same bytes are one spool file). */
export async function spoolFile(spoolDir: string, file: SubmitFile): Promise<{ name: string; sha256: string; size: number }> {
  mkdirSync(spoolDir, { recursive: true });
  if ('bytes' in file) {
    const sha256 = createHash('sha256').update(file.bytes).digest('hex');
    const target = spoolPath(spoolDir, sha256);
    if (!existsSync(target)) {
      const tmp = `${target}.tmp-${process.pid}`;
      writeFileSync(tmp, file.bytes);
      renameSync(tmp, target);
    }
    return { name: file.name, sha256, size: file.bytes.length };
  }
  const size = statSync(file.path).size;
  const sha256 = await sha256OfFile(file.path);
  const target = spoolPath(spoolDir, sha256);
  if (!existsSync(target)) {
    const tmp = `${target}.tmp-${process.pid}`;
    try {
      await copyFile(file.path, tmp);
      renameSync(tmp, target);
    } catch (err) {
      rmSync(tmp, { force: true });
      throw err;
    }
  }
  return { name: file.name ?? file.path, sha256, size };
}

/** Enqueues a recorded batch's flow (again: its job ids make a second time a no-op). */
export async function enqueueBatch(deps: SubmitDeps, batch: { id: string; files: readonly { position: number; sha256: string }[] }): Promise<void> {
  await deps.backend.enqueue(batchFlow(batch, deps.spoolDir));
}

export async function submitBatch(deps: SubmitDeps, req: SubmitRequest): Promise<{ batchId: string }> {
  const files: { name: string; sha256: string; size: number }[] = [];
  for (const f of req.files) files.push(await spoolFile(deps.spoolDir, f));
  const batchId = newBatchId();
  await writeWhenFree(deps.db, () =>
    createBatch(deps.db, { id: batchId, asOf: req.asOf, outDir: req.outDir ?? null, submittedBy: req.submittedBy, files }),
  );
  try {
    await enqueueBatch(deps, { id: batchId, files: files.map((f, position) => ({ position, ...f })) });
  } catch (err) {
    await writeWhenFree(deps.db, () => failBatch(deps.db, batchId, 'Batchen kunde inte läggas i kön (Redis svarar inte). Skicka in filerna igen.'));
    throw err;
  }
  return { batchId };
}

/** Polls the batch's row until it is done or failed. */
export async function waitForBatch(
  db: Db,
  batchId: string,
  opts: { pollMs?: number; timeoutMs?: number; onProgress?: (b: Batch) => void } = {},
): Promise<Batch> {
  const deadline = opts.timeoutMs === undefined ? Infinity : Date.now() + opts.timeoutMs;
  for (;;) {
    const batch = getBatch(db, batchId);
    if (!batch) throw new Error(`batchen ${batchId} finns inte`);
    if (batch.status === 'done' || batch.status === 'failed') return batch;
    opts.onProgress?.(batch);
    if (Date.now() > deadline) throw new Error(`batchen ${batchId} blev inte klar i tid`);
    await sleep(opts.pollMs ?? 200);
  }
}
