// The in-process backend (no REDIS_URL): the same job declarations run in this process, one job at
// a time (SQLite's one writer), children before their parent, a failed child failing its parent,
// retries with exponential backoff, and the schedules on timers. What `claims serve` alone and
// `claims submit` without Redis use.
import { CronExpressionParser } from 'cron-parser';
import { setTimeout as sleep } from 'node:timers/promises';
import type { QueueBackend, StartOptions } from './backend.js';
import type { JobRequest } from './define-job.js';
import { checkRequest, jobDefinition } from './jobs.js';
import { type BaseContext, runJob } from './runner.js';
import { SCHEDULES } from './schedules.js';

/** Longest timer Node keeps (about 24.8 days); a later schedule waits in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export class InProcessBackend implements QueueBackend {
  readonly kind = 'in-process' as const;
  private readonly pending: JobRequest[] = [];
  /** Every job id seen, and how it ended: the same id again is not run again. */
  private readonly seen = new Map<string, 'queued' | 'done' | 'failed'>();
  private running: Promise<void> | null = null;
  private started = false;
  private closing = false;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly base: BaseContext,
    /** Scales the retry backoff (tests use a small one). */
    private readonly opts: { backoffScale?: number } = {},
  ) {}

  async enqueue(request: JobRequest): Promise<void> {
    if (this.closing) throw new Error('kön stängs: inga nya jobb');
    checkRequest(request);
    if (this.seen.has(request.jobId)) return;
    this.seen.set(request.jobId, 'queued');
    this.pending.push(request);
    this.kick();
  }

  async start(opts: StartOptions = {}): Promise<void> {
    this.started = true;
    if (opts.schedules !== false) for (const s of SCHEDULES) this.schedule(s);
    this.kick();
  }

  async close(opts: { timeoutMs?: number } = {}): Promise<void> {
    this.closing = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    if (this.running) await Promise.race([this.running, sleep(opts.timeoutMs ?? 30_000)]);
  }

  /** Resolves when nothing is queued or running (tests, and `claims submit` without Redis). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private kick(): void {
    if (!this.started || this.running || this.closing || this.pending.length === 0) return;
    this.running = (async () => {
      while (!this.closing && this.pending.length > 0) await this.runTree(this.pending.shift()!, true);
    })().finally(() => {
      this.running = null;
      this.kick();
    });
  }

  /** Children first; a child that fails fails its parent (as failParentOnFailure does on BullMQ). */
  private async runTree(node: JobRequest, root = false): Promise<boolean> {
    const before = this.seen.get(node.jobId);
    if (before === 'done') return true;
    if (before === 'failed') return false;
    if (before === 'queued' && !root) return false; // a cycle: never in a flow we build
    this.seen.set(node.jobId, 'queued');
    let ok = true;
    for (const child of node.children ?? []) if (!(ok = await this.runTree(child))) break;
    if (ok) ok = await this.runWithRetries(node);
    this.seen.set(node.jobId, ok ? 'done' : 'failed');
    return ok;
  }

  private async runWithRetries(node: JobRequest): Promise<boolean> {
    const { retry } = jobDefinition(node.name);
    let payload = node.payload;
    let attemptsMade = 0;
    for (;;) {
      try {
        const out = await runJob(node.name, payload, this.base, { jobId: node.jobId, attemptsMade });
        if (!out) return true;
        for (const child of out.children) if (!(await this.runTree(child))) return false;
        payload = out.then;
      } catch (err) {
        if ((err as Error).name === 'UnrecoverableError') return false;
        attemptsMade++;
        if (attemptsMade >= retry.attempts || this.closing) return false;
        await sleep(retry.backoffMs * 2 ** (attemptsMade - 1) * (this.opts.backoffScale ?? 1));
      }
    }
  }

  private schedule(s: (typeof SCHEDULES)[number]): void {
    const next = CronExpressionParser.parse(s.pattern, { tz: s.tz, currentDate: new Date() }).next().toDate().getTime();
    const arm = () => {
      const wait = next - Date.now();
      const timer = setTimeout(
        () => {
          this.timers.delete(timer);
          if (this.closing) return;
          if (Date.now() < next) return arm();
          this.enqueue({ name: s.job, payload: {}, jobId: `${s.id}-${next}` }).catch((err: unknown) =>
            this.base.log.error({ job: s.job, error: (err as Error).name }, 'scheduled job not enqueued'),
          );
          this.schedule(s);
        },
        Math.max(0, Math.min(wait, MAX_TIMER_MS)),
      );
      timer.unref();
      this.timers.add(timer);
    };
    arm();
  }
}
