// Every job and queue of the service, in one place (SPEC §7). Each job has a queue of its own name.
// `ingest` and `evaluate` run one at a time across all workers (SQLite has one writer);
// `documents` runs on every worker at once.
import type { JobsOptions } from 'bullmq';
import { documentsJob } from '../../jobs/documents.js';
import { evaluateJob } from '../../jobs/evaluate.js';
import { ingestJob } from '../../jobs/ingest.js';
import { remindersJob } from '../../jobs/reminders.js';
import { reportsJob } from '../../jobs/reports.js';
import type { JobDefinition, JobRequest } from './define-job.js';
import { PayloadError } from './errors.js';
import { QUEUES, type QueueName, isQueueName } from './names.js';
import { identityNumberPaths } from './payload-guard.js';

export { QUEUES, type QueueName, isQueueName };

export const JOBS: Record<QueueName, JobDefinition> = {
  ingest: ingestJob,
  evaluate: evaluateJob,
  documents: documentsJob,
  reports: reportsJob,
  reminders: remindersJob,
};

/** Queues whose jobs run one at a time across every worker. */
export const GLOBAL_CONCURRENCY: Partial<Record<QueueName, number>> = { ingest: 1, evaluate: 1 };

export function jobDefinition(name: string): JobDefinition {
  if (!isQueueName(name)) throw new PayloadError(name, ['name']);
  return JOBS[name];
}

/**
 * A payload as the job's schema takes it: refused (PayloadError, naming the fields, never their
 * values) when it holds an identity number anywhere or does not fit the schema. Called on enqueue
 * and again on consume.
 */
export function checkPayload(name: string, payload: unknown): unknown {
  const def = jobDefinition(name);
  const identities = identityNumberPaths(payload);
  if (identities.length > 0) throw new PayloadError(name, identities);
  const parsed = def.payload.safeParse(payload);
  if (!parsed.success) throw new PayloadError(name, [...new Set(parsed.error.issues.map((i) => i.path.join('.')))]);
  return parsed.data;
}

/** Checks a request and all its children before anything is enqueued. */
export function checkRequest(request: JobRequest): void {
  checkPayload(request.name, request.payload);
  for (const child of request.children ?? []) checkRequest(child);
}

const DAY_S = 24 * 3600;

/** BullMQ options of a job: its retry policy, and how long finished jobs are kept (their ids too: an id seen is not run again). */
export function bullJobOptions(name: string): JobsOptions {
  const { retry } = jobDefinition(name);
  return {
    attempts: retry.attempts,
    backoff: { type: 'exponential', delay: retry.backoffMs },
    removeOnComplete: { age: 7 * DAY_S, count: 100_000 },
    removeOnFail: { age: 30 * DAY_S },
    stackTraceLimit: 0,
  };
}
