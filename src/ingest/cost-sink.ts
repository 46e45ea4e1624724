// Where a cost export's validated rows go: the CostFileWriter (dedupe → store), on the caller's
// connection or on a writer thread with its own. The thread earns its place on large files: the
// reading and validating (csv-parse, exceljs) and the SQLite inserts then run on two cores. Either
// way the writer gets the same batches, and its transaction dies with the process, so a file still
// goes in whole or not at all.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Db } from '../store/db.js';
import type { FileCounts } from '../store/source-files.js';
import { type CostBatch, type CostFileMeta, CostFileWriter } from './cost-file-writer.js';

export interface CostSink {
  begin(meta: CostFileMeta): Promise<number>;
  add(batch: CostBatch): Promise<void>;
  finish(): Promise<FileCounts>;
  abort(): Promise<void>;
  close(): Promise<void>;
}

export class LocalSink implements CostSink {
  private writer: CostFileWriter | null = null;

  constructor(private readonly db: Db) {}

  async begin(meta: CostFileMeta): Promise<number> {
    this.writer = new CostFileWriter(this.db, meta);
    return this.writer.begin();
  }

  async add(batch: CostBatch): Promise<void> {
    this.writer!.add(batch);
  }

  async finish(): Promise<FileCounts> {
    return this.writer!.finish();
  }

  async abort(): Promise<void> {
    this.writer?.abort();
  }

  async close(): Promise<void> {}
}

export type ThreadRequest =
  | { type: 'begin'; dbPath: string; meta: CostFileMeta }
  | { type: 'add'; batch: CostBatch }
  | { type: 'finish' }
  | { type: 'abort' };

export type ThreadReply =
  | { type: 'begun'; fileId: number }
  | { type: 'ack' }
  | { type: 'finished'; counts: FileCounts }
  | { type: 'aborted' }
  | { type: 'error'; message: string; code?: string };

/** A database error on the writer thread (never a problem of the file itself). */
export class WriterThreadError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

/** Batches in flight before the reader waits for the writer (bounds memory: a few thousand rows). */
const MAX_IN_FLIGHT = 16;

const THREAD_URL = new URL('./cost-sink-thread.js', import.meta.url);

/** Whether the writer thread's compiled script is there (not when running from TypeScript sources). */
export function writerThreadAvailable(): boolean {
  return THREAD_URL.protocol === 'file:' && existsSync(fileURLToPath(THREAD_URL));
}

export class ThreadSink implements CostSink {
  private readonly worker: Worker;
  private readonly waiting: { resolve: (r: ThreadReply) => void; reject: (e: Error) => void }[] = [];
  /** Batches sent and not yet acknowledged, and the first error one of them got. */
  private inFlight = 0;
  private batchError: Error | null = null;
  private drained: (() => void) | null = null;
  private dead: Error | null = null;

  constructor(private readonly dbPath: string) {
    this.worker = new Worker(THREAD_URL);
    this.worker.on('message', (reply: ThreadReply) => this.waiting.shift()?.resolve(reply));
    this.worker.on('error', (err) => this.fail(err));
    this.worker.on('exit', (code) => this.fail(new Error(`skrivtråden avslutades (kod ${code})`)));
  }

  private fail(err: Error): void {
    this.dead ??= err;
    for (const w of this.waiting.splice(0)) w.reject(err);
    this.drained?.();
  }

  private request(msg: ThreadRequest): Promise<ThreadReply> {
    if (this.dead) return Promise.reject(this.dead);
    return new Promise<ThreadReply>((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.worker.postMessage(msg);
    });
  }

  private static check(reply: ThreadReply): ThreadReply {
    if (reply.type === 'error') throw new WriterThreadError(reply.message, reply.code);
    return reply;
  }

  async begin(meta: CostFileMeta): Promise<number> {
    this.inFlight = 0;
    this.batchError = null;
    const r = ThreadSink.check(await this.request({ type: 'begin', dbPath: this.dbPath, meta }));
    return (r as { fileId: number }).fileId;
  }

  /** Waits until at most `max` batches are in flight; throws the first batch error. */
  private async settle(max: number): Promise<void> {
    while (this.inFlight > max && !this.batchError && !this.dead) {
      await new Promise<void>((resolve) => (this.drained = resolve));
    }
    if (this.batchError) throw this.batchError;
    if (this.dead) throw this.dead;
  }

  async add(batch: CostBatch): Promise<void> {
    this.inFlight++;
    const done = () => {
      this.inFlight--;
      this.drained?.();
      this.drained = null;
    };
    this.request({ type: 'add', batch }).then(
      (reply) => {
        if (reply.type === 'error') this.batchError ??= new WriterThreadError(reply.message, reply.code);
        done();
      },
      (err: Error) => {
        this.batchError ??= err;
        done();
      },
    );
    await this.settle(MAX_IN_FLIGHT - 1);
  }

  async finish(): Promise<FileCounts> {
    await this.settle(0);
    const r = ThreadSink.check(await this.request({ type: 'finish' }));
    return (r as { counts: FileCounts }).counts;
  }

  async abort(): Promise<void> {
    await this.settle(0).catch(() => undefined);
    if (!this.dead) await this.request({ type: 'abort' }).catch(() => undefined);
  }

  async close(): Promise<void> {
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }
}
