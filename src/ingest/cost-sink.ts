// Where a cost export's validated rows go: in batches to the CostFileWriter (dedupe → store), on
// the caller's connection or on a writer thread with its own. The thread earns its place on large
// files: the reading and validating (csv-parse, exceljs) and the SQLite inserts then run on two
// cores. Either way the writer gets the same batches, and its transaction dies with the process, so
// a file still goes in whole or not at all.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Db } from '../store/db.js';
import type { FileCounts } from '../store/source-files.js';
import { COST_AT, type CostValue } from '../domain/columns.js';
import { type CostBatch, type CostFileMeta, CostFileWriter } from './cost-file-writer.js';
import type { RejectedCell } from '../store/rejected-rows.js';
import type { RowSink } from './validate-rows.js';

/** A CostFileWriter here or on the writer thread. */
export interface CostWriterChannel {
  begin(meta: CostFileMeta): Promise<number>;
  add(batch: CostBatch): Promise<void>;
  finish(): Promise<FileCounts>;
  abort(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Rows per batch, at least. Not many: a batch's values stay alive until it is sent, and every
 * young-generation collection in between copies them.
 */
const BATCH_ROWS = 200;
const DOCTOR_ORDERED = COST_AT.doctor_ordered;

function emptyBatch(): CostBatch {
  return { lines: [], rejected: [], rejectedRows: 0 };
}

export class CostRowSink implements RowSink {
  private batch = emptyBatch();

  private constructor(
    private readonly channel: CostWriterChannel,
    private readonly fileId: number,
  ) {}

  /** Opens the file's transaction on the channel. */
  static async open(channel: CostWriterChannel, meta: CostFileMeta): Promise<CostRowSink> {
    return new CostRowSink(channel, await channel.begin(meta));
  }

  row(row: number, values: unknown[]): void {
    // As the database holds it, and the dedupe key reads it.
    values[DOCTOR_ORDERED] = values[DOCTOR_ORDERED] ? 1 : 0;
    this.batch.lines.push({ row, values: values as CostValue[] });
  }

  rejectedRow(cells: readonly RejectedCell[]): void {
    this.batch.rejected.push(...cells);
    this.batch.rejectedRows++;
  }

  async flush(): Promise<void> {
    if (this.batch.lines.length + this.batch.rejectedRows < BATCH_ROWS) return;
    const batch = this.batch;
    this.batch = emptyBatch();
    await this.channel.add(batch);
  }

  async finish(): Promise<FileCounts & { fileId: number }> {
    if (this.batch.lines.length + this.batch.rejectedRows > 0) await this.channel.add(this.batch);
    return { fileId: this.fileId, ...(await this.channel.finish()) };
  }

  async abort(): Promise<void> {
    await this.channel.abort();
  }
}

export class LocalWriter implements CostWriterChannel {
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
  { type: 'begin'; dbPath: string; meta: CostFileMeta } | { type: 'add'; batch: CostBatch } | { type: 'finish' } | { type: 'abort' };

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

/**
 * The writer thread's young generation: what it allocates (each batch's keys, the structured clone
 * of the batch) dies at once, and a small nursery keeps the resident memory of a million-line ingest
 * some 40 MB lower at no measurable cost. Its own heap's setting: nothing of the process changes.
 */
const WRITER_YOUNG_GENERATION_MB = 8;

/** Whether the writer thread's compiled script is there (not when running from TypeScript sources). */
export function writerThreadAvailable(): boolean {
  return THREAD_URL.protocol === 'file:' && existsSync(fileURLToPath(THREAD_URL));
}

export class ThreadWriter implements CostWriterChannel {
  private readonly worker: Worker;
  private readonly waiting: { resolve: (r: ThreadReply) => void; reject: (e: Error) => void }[] = [];
  /** Batches sent and not yet acknowledged, and the first error one of them got. */
  private inFlight = 0;
  private batchError: Error | null = null;
  private drained: (() => void) | null = null;
  private dead: Error | null = null;

  constructor(private readonly dbPath: string) {
    this.worker = new Worker(THREAD_URL, { resourceLimits: { maxYoungGenerationSizeMb: WRITER_YOUNG_GENERATION_MB } });
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
    const r = ThreadWriter.check(await this.request({ type: 'begin', dbPath: this.dbPath, meta }));
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
    const r = ThreadWriter.check(await this.request({ type: 'finish' }));
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
