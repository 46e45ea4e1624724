// The sandboxed processor: BullMQ runs this compiled file in a worker thread per queue of a
// `claims worker` (src/queue/bullmq.ts), so CPU-heavy jobs never hold up the lock renewal on the
// main thread. It opens its own database connection from the worker's settings (workerData), runs
// the job through the same runner as the in-process backend, and turns children that a job hands
// back into child jobs it waits for (moveToWaitingChildren).
import { Queue, type SandboxedJob, WaitingChildrenError } from 'bullmq';
import { workerData } from 'node:worker_threads';
import type { JobRequest } from './define-job.js';
import { type WorkerSettings, WorkerSettingsSchema, openJobContext } from './context.js';
import { bullJobOptions, jobDefinition } from './jobs.js';
import { type BaseContext, runJob } from './runner.js';

let context: { base: BaseContext; settings: WorkerSettings } | null = null;
const queues = new Map<string, Queue>();

function ctx(): { base: BaseContext; settings: WorkerSettings } {
  if (!context) {
    const settings = WorkerSettingsSchema.parse(workerData);
    context = { base: openJobContext(settings).base, settings };
  }
  return context;
}

function queueFor(name: string, settings: WorkerSettings): Queue {
  let q = queues.get(name);
  if (!q) {
    q = new Queue(name, { connection: { url: settings.redisUrl ?? undefined, maxRetriesPerRequest: null }, prefix: settings.prefix });
    q.on('error', () => {
      // Reconnects on its own; a failed add fails the job, which is retried.
    });
    queues.set(name, q);
  }
  return q;
}

async function addChildren(job: SandboxedJob, children: readonly JobRequest[], settings: WorkerSettings): Promise<void> {
  for (const child of children) {
    const def = jobDefinition(child.name);
    await queueFor(def.name, settings).add(child.name, child.payload, {
      ...bullJobOptions(child.name),
      jobId: child.jobId,
      parent: { id: job.id, queue: job.queueQualifiedName },
      failParentOnFailure: true,
    });
  }
}

export default async function process(job: SandboxedJob, token?: string): Promise<null> {
  const { base, settings } = ctx();
  let data: unknown = job.data;
  for (;;) {
    const out = await runJob(job.name, data, base, { jobId: job.id, attemptsMade: job.attemptsMade });
    if (!out) return null;
    await addChildren(job, out.children, settings);
    await job.updateData(out.then);
    data = out.then;
    // Waits only when some child is still to run; otherwise goes on with `then` at once.
    if (out.children.length > 0 && (await job.moveToWaitingChildren(token))) throw new WaitingChildrenError();
  }
}
