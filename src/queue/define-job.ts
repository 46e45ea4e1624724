// A job is a declaration: its name (also its queue's), a strict zod schema for its payload, its
// retry policy, and a run() that calls one pipeline function. The same declaration runs in-process
// and on a BullMQ worker (src/queue/in-process.ts, src/queue/bullmq.ts).
import type { z } from 'zod';
import type { Config } from '../config.js';
import type { MailSettings } from '../pipeline/mail.js';
import type { Db } from '../store/db.js';
import type { Logger } from './logger.js';

export interface JobContext {
  db: Db;
  config: Config;
  /** The worker's --out: where scheduled reports go, and a batch's outputs when it names no folder. */
  outDir: string;
  /** Uploaded files, named by their sha256, beside the database. */
  spoolDir: string;
  /** Applications per documents part (default 500). */
  documentPartSize?: number;
  /** SMTP for the reminder digest; null: nothing is mailed. */
  mail: MailSettings | null;
  log: Logger;
  jobId: string;
  /** 1 on the first try. */
  attempt: number;
}

/** A job to enqueue; children run before it (a flow), each of them failing it when they fail. */
export interface JobRequest {
  name: string;
  payload: unknown;
  /** Derived from what the job is about (a batch id), so the same request twice is one job. */
  jobId: string;
  children?: JobRequest[];
}

/** run() may hand back children to run first, and the payload to run again with once they are done. */
// Most jobs' run() returns nothing: `void` lets an async function that has no return be one.
// eslint-disable-next-line @typescript-eslint/no-invalid-void-type
export type JobOutcome = void | { children: JobRequest[]; then: unknown };

export interface RetryPolicy {
  attempts: number;
  /** First delay of the exponential backoff. */
  backoffMs: number;
}

export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  name: string;
  payload: S;
  retry: RetryPolicy;
  /** CPU-heavy (xlsx parsing, PDF drawing): on BullMQ it runs in a worker thread, so the lock renewal on the main thread never starves. */
  sandboxed: boolean;
  run(payload: z.output<S>, ctx: JobContext): Promise<JobOutcome>;
}

export function defineJob<S extends z.ZodType>(def: JobDefinition<S>): JobDefinition<S> {
  return def;
}
