// The BullMQ backend (REDIS_URL set): one queue per job, a batch as one flow (every child with
// failParentOnFailure), `ingest` and `evaluate` at a global concurrency of 1, the schedules as job
// schedulers, and workers whose processor runs sandboxed in a worker thread (the compiled
// processor.js), so xlsx parsing and PDF drawing never starve the lock renewal on this thread.
// Producers fail fast when Redis is down (no offline queue); workers wait for it and carry on.
import { type FlowJob, FlowProducer, type Job, Queue, Worker } from 'bullmq';
import { loadConfig } from '../config.js';
import { Redis } from 'ioredis';
import type { Db } from '../store/db.js';
import type { QueueBackend, StartOptions } from './backend.js';
import { type WorkerSettings, spoolDirFor } from './context.js';
import type { JobRequest } from './define-job.js';
import { errorLabel } from './errors.js';
import { GLOBAL_CONCURRENCY, QUEUES, type QueueName, bullJobOptions, checkRequest, jobDefinition } from './jobs.js';
import type { Logger } from './logger.js';
import { childJobOptions, processJob } from './processor.js';
import { type BaseContext, failJobBatch } from './runner.js';
import { SCHEDULES } from './schedules.js';

export const PROCESSOR_URL = new URL('./processor.js', import.meta.url);

/** Redis could not be reached: the one line a producer prints. */
export class RedisUnavailableError extends Error {
  override readonly name = 'RedisUnavailableError';
}

/** The URL without a password, for messages. */
export function maskRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '****';
    return u.toString();
  } catch {
    return 'REDIS_URL (ogiltig)';
  }
}

export interface BullMqOptions {
  url: string;
  prefix?: string;
  /** What the sandboxed processors open (database, folders, config, mail, log). */
  settings: WorkerSettings;
  /** This process's connection, for marking a batch failed when a job dies outside its processor. */
  db: Db;
  log: Logger;
  /** Lock of an active job and how often stalled jobs are looked for (a killed worker's job is run again after about this long). */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  /** How long a producer waits for Redis before giving up. */
  connectTimeoutMs?: number;
}

export class BullMqBackend implements QueueBackend {
  readonly kind = 'bullmq' as const;
  private readonly queues = new Map<QueueName, Queue>();
  private readonly workers: Worker[] = [];

  private constructor(
    private readonly opts: BullMqOptions,
    private readonly client: Redis,
    private readonly flows: FlowProducer,
  ) {
    for (const q of QUEUES) {
      const queue = new Queue(q, { connection: client, prefix: this.prefix });
      queue.on('error', (err) => opts.log.warn({ queue: q, error: errorLabel(err) }, 'redis (producer)'));
      this.queues.set(q, queue);
    }
  }

  private get prefix(): string {
    return this.opts.prefix ?? 'claims';
  }

  /** Connects the producer side; throws RedisUnavailableError (one line, no password) when Redis does not answer. */
  static async connect(opts: BullMqOptions): Promise<BullMqBackend> {
    const client = new Redis(opts.url, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: opts.connectTimeoutMs ?? 3_000,
      // No retry while connecting: a producer facing no Redis says so at once.
      retryStrategy: () => null,
    });
    let lastError = '';
    client.on('error', (err: Error) => {
      lastError = (err as { code?: string }).code ?? err.name;
    });
    try {
      await Promise.race([
        client.connect(),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), opts.connectTimeoutMs ?? 3_000).unref()),
      ]);
    } catch {
      client.disconnect();
      throw new RedisUnavailableError(
        `Redis svarar inte på ${maskRedisUrl(opts.url)}${lastError ? ` (${lastError})` : ''}: starta redis-server eller sätt REDIS_URL`,
      );
    }
    // Once connected, a blip is waited out (enqueues meanwhile fail at once: no offline queue).
    client.options.retryStrategy = (times) => Math.min(times * 200, 2_000);
    const flows = new FlowProducer({ connection: client, prefix: opts.prefix ?? 'claims' });
    flows.on('error', (err) => opts.log.warn({ error: errorLabel(err) }, 'redis (producer)'));
    return new BullMqBackend(opts, client, flows);
  }

  queue(name: QueueName): Queue {
    return this.queues.get(name)!;
  }

  async enqueue(request: JobRequest): Promise<void> {
    checkRequest(request);
    if (request.children && request.children.length > 0) await this.flows.add(this.flowJob(request, false));
    else
      await this.queue(jobDefinition(request.name).name as QueueName).add(request.name, request.payload, {
        ...bullJobOptions(request.name),
        jobId: request.jobId,
      });
  }

  private flowJob(r: JobRequest, child: boolean): FlowJob {
    return {
      name: r.name,
      queueName: r.name,
      data: r.payload,
      opts: { ...bullJobOptions(r.name), jobId: r.jobId, ...(child ? { failParentOnFailure: true } : {}) },
      ...(r.children && r.children.length > 0 ? { children: r.children.map((c) => this.flowJob(c, true)) } : {}),
    } as FlowJob;
  }

  /** Registers every schedule; upserting by id makes any number of workers register each once. */
  async registerSchedules(): Promise<void> {
    for (const s of SCHEDULES) {
      const { attempts, backoff, removeOnComplete, removeOnFail } = bullJobOptions(s.job);
      await this.queue(s.job).upsertJobScheduler(
        s.id,
        { pattern: s.pattern, tz: s.tz },
        { name: s.job, data: {}, opts: { attempts, backoff, removeOnComplete, removeOnFail } },
      );
    }
  }

  async start(opts: StartOptions = {}): Promise<void> {
    for (const [q, n] of Object.entries(GLOBAL_CONCURRENCY)) await this.queue(q as QueueName).setGlobalConcurrency(n);
    if (opts.schedules !== false) await this.registerSchedules();
    const { log, db } = this.opts;
    for (const q of opts.queues ?? QUEUES) {
      // The light jobs run on this thread (no worker thread to start); the heavy ones sandboxed.
      const processor = jobDefinition(q).sandboxed
        ? PROCESSOR_URL
        : (job: Job, token?: string) => processJob(job as never, token, this.inlineContext(), (child, parent) => this.addChild(child, parent));
      const worker = new Worker(q, processor, {
        connection: { url: this.opts.url, maxRetriesPerRequest: null },
        prefix: this.prefix,
        concurrency: opts.concurrency ?? 1,
        useWorkerThreads: true,
        workerThreadsOptions: { workerData: this.opts.settings },
        lockDuration: this.opts.lockDurationMs ?? 30_000,
        stalledInterval: this.opts.stalledIntervalMs ?? 15_000,
        maxStalledCount: 2,
        name: `claims-${process.pid}`,
      });
      // The processor reports its own failures on the batch; this catches a job that died outside
      // it (stalled too often, a thread that crashed).
      worker.on('failed', (job, err) => {
        if (!job) return;
        const final = err.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1);
        if (!final) return;
        log.warn({ job: job.name, jobId: job.id, attempts: job.attemptsMade, error: err.name }, 'job failed for good');
        void failJobBatch(
          db,
          job.data,
          `Batchen avbröts: steget ${job.name} kunde inte slutföras (arbetaren stannade eller kraschade) efter ${job.attemptsMade} försök. Försök igen.`,
          log,
        );
      });
      worker.on('error', (err) => log.error({ queue: q, error: errorLabel(err) }, 'worker error'));
      this.workers.push(worker);
    }
    await Promise.all(this.workers.map((w) => w.waitUntilReady()));
    log.info({ queues: opts.queues ?? QUEUES, concurrency: opts.concurrency ?? 1 }, 'workers started');
  }

  private inline: BaseContext | null = null;

  /** The context of the jobs that run on this thread: this process's database connection. */
  private inlineContext(): BaseContext {
    const s = this.opts.settings;
    this.inline ??= {
      db: this.opts.db,
      config: loadConfig(s.configPath ?? undefined),
      outDir: s.outDir,
      spoolDir: spoolDirFor(s.dbPath),
      mail: s.mail,
      documentPartSize: s.documentPartSize,
      log: this.opts.log,
    };
    return this.inline;
  }

  private async addChild(child: JobRequest, parent: { id: string; queue: string }): Promise<void> {
    checkRequest(child);
    await this.queue(child.name as QueueName).add(child.name, child.payload, childJobOptions(child, parent));
  }

  async close(opts: { timeoutMs?: number } = {}): Promise<void> {
    const timeoutMs = opts.timeoutMs ?? 30_000;
    // 1. Stop taking jobs; let the active ones finish, or after the timeout abandon them: their
    //    locks lapse and another worker runs them again (every job is idempotent).
    await Promise.all(
      this.workers.map(async (w) => {
        let timer: NodeJS.Timeout | undefined;
        const finished = await Promise.race([
          w.pause().then(() => true),
          new Promise<boolean>((r) => {
            timer = setTimeout(() => r(false), timeoutMs);
          }),
        ]);
        clearTimeout(timer);
        if (!finished) this.opts.log.warn({ queue: w.name }, 'active jobs did not finish in time: handed back');
        await w.close(!finished);
      }),
    );
    // 2. The producer side and its Redis connection.
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    await this.flows.close();
    await this.client.quit().catch(() => this.client.disconnect());
  }
}
