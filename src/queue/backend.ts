// The one small interface the CLI, the web server and the workers use to run jobs (SPEC §7). Two
// backends implement it: in-process (no REDIS_URL: the jobs run in this process, one at a time)
// and BullMQ (queues, flows and workers over Redis). See select.ts for which one you get.
import type { JobRequest } from './define-job.js';
import type { QueueName } from './jobs.js';

export interface StartOptions {
  /** The queues this process consumes (default: all). The in-process backend always runs every job. */
  queues?: readonly QueueName[];
  /** Jobs at once per queue in this process (default 1; `ingest` and `evaluate` stay one at a time across all workers). */
  concurrency?: number;
  /** Register the schedules (yearly reports, daily reminders); default true. */
  schedules?: boolean;
}

export interface QueueBackend {
  readonly kind: 'in-process' | 'bullmq';
  /** Checks every payload of the request (and its children) against its job's schema, then enqueues it; the same job id twice is one job. */
  enqueue(request: JobRequest): Promise<void>;
  /** Starts consuming: workers for the queues (BullMQ), or the in-process runner. */
  start(opts?: StartOptions): Promise<void>;
  /** Stops taking jobs, lets active ones finish within `timeoutMs` (then abandons them to be run again), closes connections. */
  close(opts?: { timeoutMs?: number }): Promise<void>;
}
