// Runs one job, the same way on both backends: the payload checked again on consume, the run
// logged (job, id, batch, attempt, duration, outcome; never the payload), and its error classified
// once: the input's fault fails the batch with its Swedish message and is not retried; anything
// else is retried, and fails the batch when the last attempt fails.
import { failBatch } from '../store/batches.js';
import { writeWhenFree } from '../store/busy.js';
import type { Db } from '../store/db.js';
import type { JobContext, JobOutcome } from './define-job.js';
import { RetryableJobError, UnrecoverableJobError, classifyError } from './errors.js';
import { checkPayload, checkRequest, jobDefinition } from './jobs.js';
import type { Logger } from './logger.js';
import { isBatchId } from './payload-fields.js';

export type BaseContext = Omit<JobContext, 'jobId' | 'attempt'>;

export interface JobRun {
  jobId: string;
  /** Attempts that failed before this one. */
  attemptsMade: number;
}

const STEP: Record<string, string> = {
  ingest: 'inläsningen',
  evaluate: 'bedömningen',
  documents: 'dokumenten',
  reports: 'årsrapporterna',
  reminders: 'påminnelserna',
};

export function batchIdOf(data: unknown): string | null {
  const id = (data as { batchId?: unknown } | null)?.batchId;
  return typeof id === 'string' && isBatchId(id) ? id : null;
}

/** Marks a job's batch failed (if it has one); a batch already done or failed keeps its state. */
export async function failJobBatch(db: Db, data: unknown, message: string, log: Logger): Promise<void> {
  const batchId = batchIdOf(data);
  if (!batchId) return;
  try {
    if (await writeWhenFree(db, () => failBatch(db, batchId, message))) log.warn({ batchId, outcome: 'batch-failed' }, 'batch failed');
  } catch (err) {
    log.error({ batchId, error: classifyError(err).kind }, 'could not mark the batch failed');
  }
}

export function internalFailureMessage(job: string, label: string, attempts: number): string {
  return `Batchen avbröts: ett internt fel i ${STEP[job] ?? job} (${label}) kvarstod efter ${attempts} försök. Försök igen; kvarstår felet, kontakta systemförvaltningen.`;
}

export async function runJob(name: string, data: unknown, base: BaseContext, run: JobRun): Promise<JobOutcome> {
  const batchId = batchIdOf(data);
  const attempt = run.attemptsMade + 1;
  const log = base.log.child({ job: name, jobId: run.jobId, ...(batchId ? { batchId } : {}), attempt });
  const t0 = performance.now();
  const ms = () => Math.round(performance.now() - t0);
  let payload: unknown;
  try {
    payload = checkPayload(name, data);
  } catch (err) {
    const c = classifyError(err);
    log.error({ outcome: 'refused' }, c.kind === 'payload' ? c.message : 'payload refused');
    throw new UnrecoverableJobError(c.kind === 'payload' ? c.message : `${name}: jobbets data avvisades`);
  }
  const def = jobDefinition(name);
  log.info('job started');
  try {
    const out = await def.run(payload, { ...base, log, jobId: run.jobId, attempt });
    if (out) {
      for (const child of out.children) checkRequest(child);
      checkPayload(name, out.then);
    }
    log.info({ durationMs: ms(), outcome: out ? 'children' : 'done' }, 'job finished');
    return out;
  } catch (err) {
    const c = classifyError(err);
    if (c.kind !== 'transient') {
      log.warn({ durationMs: ms(), outcome: 'input-error' }, 'job failed: the input cannot be used');
      await failJobBatch(base.db, data, c.message, log);
      throw new UnrecoverableJobError(`${name}: indata kunde inte användas (se batchen)`);
    }
    const final = attempt >= def.retry.attempts;
    log.error({ durationMs: ms(), outcome: final ? 'failed' : 'retry', error: c.label }, final ? 'job failed' : 'job failed, to be retried');
    if (final) await failJobBatch(base.db, data, internalFailureMessage(name, c.label, def.retry.attempts), log);
    throw new RetryableJobError(`${name}: ${c.label}`);
  }
}
