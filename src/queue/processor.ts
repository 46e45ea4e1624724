// The sandboxed processor: BullMQ runs this compiled file in a worker thread per queue of a
// `claims worker` (src/queue/bullmq.ts) for the CPU-heavy jobs, so they never hold up the lock
// renewal on the main thread. It opens its own database connection from the worker's settings
// (workerData) and runs the job through the same runner as the in-process backend; processJob
// (also used on the main thread for the light jobs) turns children that a job hands back into
// child jobs it waits for (moveToWaitingChildren).
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

/** Runs a job (sandboxed or not): its children, if it hands any back, become child jobs it waits for. */
export async function processJob(
  job: Pick<SandboxedJob, 'id' | 'name' | 'data' | 'attemptsMade' | 'queueQualifiedName' | 'updateData' | 'moveToWaitingChildren'>,
  token: string | undefined,
  base: BaseContext,
  addChild: (child: JobRequest, parent: { id: string; queue: string }) => Promise<void>,
): Promise<null> {
  let data: unknown = job.data;
  for (;;) {
    const out = await runJob(job.name, data, base, { jobId: job.id!, attemptsMade: job.attemptsMade });
    if (!out) return null;
    for (const child of out.children) await addChild(child, { id: job.id!, queue: job.queueQualifiedName });
    await job.updateData(out.then);
    data = out.then;
    // Waits only when some child is still to run; otherwise goes on with `then` at once.
    if (out.children.length > 0 && (await job.moveToWaitingChildren(token))) throw new WaitingChildrenError();
  }
}

/** The child job options: the child's own retry policy, and it fails its parent when it fails for good. */
export function childJobOptions(child: JobRequest, parent: { id: string; queue: string }) {
  return { ...bullJobOptions(child.name), jobId: child.jobId, parent, failParentOnFailure: true };
}

export default async function process(job: SandboxedJob, token?: string): Promise<null> {
  const { base, settings } = ctx();
  return processJob(job, token, base, async (child, parent) => {
    await queueFor(jobDefinition(child.name).name, settings).add(child.name, child.payload, childJobOptions(child, parent));
  });
}
