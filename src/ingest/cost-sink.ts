// Where a cost export's batches go: the CostWriter on the caller's connection, or the same writer
// in a worker thread with its own connection, so parsing (main thread) and SQLite inserts (worker)
// run on two cores at once. The worker's transaction dies with the process, so atomicity holds
// either way.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Db } from '../store/db.js';
import { type CostFileCounts, type CostFileMeta, CostWriter } from './cost-writer.js';

export type BatchValue = string | number | null;

export interface CostSink {
  begin(meta: CostFileMeta): Promise<number>;
  add(lines: BatchValue[], rejected: BatchValue[]): Promise<void>;
  finish(rows: number, rejected: number): Promise<CostFileCounts>;
  abort(): Promise<void>;
  close(): Promise<void>;
}

export class LocalSink implements CostSink {
  private writer: CostWriter | null = null;

  constructor(private readonly db: Db) {}

  async begin(meta: CostFileMeta): Promise<number> {
    this.writer = new CostWriter(this.db, meta);
    try {
      return this.writer.begin();
    } catch (err) {
      this.writer.abort();
      throw err;
    }
  }

  async add(lines: BatchValue[], rejected: BatchValue[]): Promise<void> {
    this.writer!.add(lines, rejected);
  }

  async finish(rows: number, rejected: number): Promise<CostFileCounts> {
    return this.writer!.finish(rows, rejected);
  }

  async abort(): Promise<void> {
    this.writer?.abort();
  }

  async close(): Promise<void> {}
}

export type WorkerRequest =
  | { type: 'begin'; dbPath: string; meta: CostFileMeta }
  | { type: 'batch'; lines: BatchValue[]; rejected: BatchValue[] }
  | { type: 'finish'; rows: number; rejected: number }
  | { type: 'abort' };

export type WorkerReply =
  | { type: 'begun'; fileId: number }
  | { type: 'ack' }
  | { type: 'finished'; counts: CostFileCounts }
  | { type: 'aborted' }
  | { type: 'error'; message: string; code?: string };

export class WorkerWriteError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

/** Batches in flight before the reader waits for the worker (bounds memory). */
const MAX_IN_FLIGHT = 6;

const WORKER_URL = new URL('./cost-worker.js', import.meta.url);

/** Whether the compiled worker script is there (not when running from TypeScript sources). */
export function workerAvailable(): boolean {
  return WORKER_URL.protocol === 'file:' && existsSync(fileURLToPath(WORKER_URL));
}

export class WorkerSink implements CostSink {
  private readonly worker: Worker;
  private readonly waiting: { resolve: (r: WorkerReply) => void; reject: (e: Error) => void }[] = [];
  private inFlight: Promise<WorkerReply>[] = [];
  private dead: Error | null = null;

  constructor(private readonly dbPath: string) {
    this.worker = new Worker(WORKER_URL);
    this.worker.on('message', (reply: WorkerReply) => this.waiting.shift()?.resolve(reply));
    this.worker.on('error', (err) => this.fail(err));
    this.worker.on('exit', (code) => this.fail(new Error(`skrivtråden avslutades (kod ${code})`)));
  }

  private fail(err: Error): void {
    this.dead ??= err;
    for (const w of this.waiting.splice(0)) w.reject(err);
  }

  private request(msg: WorkerRequest): Promise<WorkerReply> {
    if (this.dead) return Promise.reject(this.dead);
    return new Promise<WorkerReply>((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.worker.postMessage(msg);
    });
  }

  private static check(reply: WorkerReply): WorkerReply {
    if (reply.type === 'error') throw new WorkerWriteError(reply.message, reply.code);
    return reply;
  }

  async begin(meta: CostFileMeta): Promise<number> {
    this.inFlight = [];
    const r = WorkerSink.check(await this.request({ type: 'begin', dbPath: this.dbPath, meta }));
    return (r as { fileId: number }).fileId;
  }

  async add(lines: BatchValue[], rejected: BatchValue[]): Promise<void> {
    this.inFlight.push(this.request({ type: 'batch', lines, rejected }));
    if (this.inFlight.length >= MAX_IN_FLIGHT) WorkerSink.check(await this.inFlight.shift()!);
  }

  async finish(rows: number, rejected: number): Promise<CostFileCounts> {
    for (const p of this.inFlight.splice(0)) WorkerSink.check(await p);
    const r = WorkerSink.check(await this.request({ type: 'finish', rows, rejected }));
    return (r as { counts: CostFileCounts }).counts;
  }

  async abort(): Promise<void> {
    const pending = this.inFlight.splice(0);
    await Promise.allSettled(pending);
    if (!this.dead) await this.request({ type: 'abort' }).catch(() => undefined);
  }

  async close(): Promise<void> {
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }
}
