// The public face of service mode, for the web server (issue 9), the CLI and the workers:
//
//   const backend = await openQueueBackend({ db, dbPath, outDir, config, configPath, redisUrl: process.env.REDIS_URL || null, log });
//   if (backend.kind === 'in-process') await backend.start();      // no Redis: this process runs the jobs (and the schedules)
//   const { batchId } = await submitBatch({ db, backend, spoolDir: spoolDirFor(dbPath) }, { files: [{ bytes, name }], asOf, submittedBy: user });
//   getBatch(db, batchId)  → { status: 'queued' | 'running' | 'done' | 'failed', progress: 0..1, summary, error, files, … }
//   await backend.close({ timeoutMs });                             // on shutdown, before db.close()
//
// Batches are read from the store (src/store/batches.ts: getBatch, listBatches), never from Redis.
export type { QueueBackend, StartOptions } from './backend.js';
export { BullMqBackend, RedisUnavailableError, maskRedisUrl } from './bullmq.js';
export { spoolDirFor } from './context.js';
export type { JobRequest } from './define-job.js';
export { InProcessBackend } from './in-process.js';
export { createLogger, type Logger } from './logger.js';
export { QUEUES, type QueueName } from './names.js';
export { SCHEDULES } from './schedules.js';
export { type ServiceOptions, openQueueBackend } from './select.js';
export { type SubmitDeps, type SubmitFile, type SubmitRequest, enqueueBatch, submitBatch, waitForBatch } from './submit.js';
export { type Batch, type BatchFile, getBatch, listBatches } from '../store/batches.js';
export { type Reminder, listReminders } from '../store/reminders.js';
export { type ScheduledRun, listScheduledRuns } from '../store/scheduled-runs.js';
export type { BatchStatus, FileReport, RunSummary } from '../domain/batch.js';
