// Where a cost export's rows go: validation (cost-validator.ts) and the CostWriter, either on the
// caller's connection or in a worker thread with its own, so reading and writing run on two cores.
// A batch is validated by whichever thread has time (costs.ts): sent raw to a worker that has caught
// up, validated by the reader while the worker is behind. The worker's transaction dies with the
// process, so atomicity holds either way.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Db } from '../store/db.js';
import { type BatchValue, CostValidator, type CostValidatorSpec } from './cost-validator.js';
import { type CostFileCounts, type CostFileMeta, CostWriter } from './cost-writer.js';
import type { Cell } from './values.js';

export type { BatchValue };

export interface CostSink {
  begin(meta: CostFileMeta, spec: CostValidatorSpec): Promise<number>;
  /** Raw rows (row number, then one cell per mapped column) for the sink to validate. */
  addRaw(raw: Cell[]): Promise<void>;
  /** Rows validated already. */
  addLines(lines: BatchValue[], rejected: BatchValue[]): Promise<void>;
  finish(): Promise<CostFileCounts>;
  abort(): Promise<void>;
  close(): Promise<void>;
  /** Whether the sink has time to validate the next batch itself (a worker that has caught up). */
  idle(): boolean;
}

/** Validator and writer in one place: the body of both sinks. */
export class CostFileTarget {
  private readonly writer: CostWriter;
  private readonly validator: CostValidator;

  constructor(db: Db, meta: CostFileMeta, spec: CostValidatorSpec) {
    this.writer = new CostWriter(db, meta);
    this.validator = new CostValidator(spec);
  }

  begin(): number {
    try {
      return this.writer.begin();
    } catch (err) {
      this.writer.abort();
      throw err;
    }
  }

  addRaw(raw: readonly Cell[]): void {
    const lines: BatchValue[] = [];
    const rejected: BatchValue[] = [];
    this.validator.validate(raw, lines, rejected);
    this.writer.add(lines, rejected);
  }

  addLines(lines: readonly BatchValue[], rejected: readonly BatchValue[]): void {
    this.writer.add(lines, rejected);
  }

  finish(): CostFileCounts {
    return this.writer.finish();
  }

  abort(): void {
    this.writer.abort();
  }
}

export class LocalSink implements CostSink {
  private target: CostFileTarget | null = null;

  constructor(private readonly db: Db) {}

  async begin(meta: CostFileMeta, spec: CostValidatorSpec): Promise<number> {
    this.target = new CostFileTarget(this.db, meta, spec);
    return this.target.begin();
  }

  async addRaw(raw: Cell[]): Promise<void> {
    this.target!.addRaw(raw);
  }

  async addLines(lines: BatchValue[], rejected: BatchValue[]): Promise<void> {
    this.target!.addLines(lines, rejected);
  }

  async finish(): Promise<CostFileCounts> {
    return this.target!.finish();
  }

  async abort(): Promise<void> {
    this.target?.abort();
  }

  async close(): Promise<void> {}

  idle(): boolean {
    return false;
  }
}

export type WorkerRequest =
  | { type: 'begin'; dbPath: string; meta: CostFileMeta; spec: CostValidatorSpec }
  | { type: 'raw'; raw: Cell[] }
  | { type: 'lines'; lines: BatchValue[]; rejected: BatchValue[] }
  | { type: 'finish' }
  | { type: 'abort' };

export type WorkerReply =
  | { type: 'begun'; fileId: number }
  | { type: 'ack' }
  | { type: 'finished'; counts: CostFileCounts }
  | { type: 'aborted' }
  | { type: 'error'; message: string; code?: string };

/** A database error in the worker (never a problem of the file itself). */
export class WorkerWriteError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

/** Batches in flight before the reader waits for the worker (bounds memory: a few thousand rows). */
const MAX_IN_FLIGHT = 32;

const WORKER_URL = new URL('./cost-worker.js', import.meta.url);

/** Whether the compiled worker script is there (not when running from TypeScript sources). */
export function workerAvailable(): boolean {
  return WORKER_URL.protocol === 'file:' && existsSync(fileURLToPath(WORKER_URL));
}

export class WorkerSink implements CostSink {
  private readonly worker: Worker;
  private readonly waiting: { resolve: (r: WorkerReply) => void; reject: (e: Error) => void }[] = [];
  /** Batches sent and not yet acknowledged, and the first error one of them got. */
  private inFlight = 0;
  private batchError: Error | null = null;
  private drained: (() => void) | null = null;
  private dead: Error | null = null;

  /**
   * `lean`: the reader is exceljs, whose heap dominates the process: keep the writer's heap small
   * (its work hides behind the reading anyway). Otherwise a larger young generation spares the
   * writer garbage collections while it is the busier thread (csv).
   */
  constructor(
    private readonly dbPath: string,
    lean: boolean,
  ) {
    this.worker = new Worker(WORKER_URL, {
      resourceLimits: lean ? { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 16 } : { maxYoungGenerationSizeMb: 16, maxOldGenerationSizeMb: 48 },
    });
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

  async begin(meta: CostFileMeta, spec: CostValidatorSpec): Promise<number> {
    this.inFlight = 0;
    this.batchError = null;
    const r = WorkerSink.check(await this.request({ type: 'begin', dbPath: this.dbPath, meta, spec }));
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

  private async send(msg: WorkerRequest): Promise<void> {
    this.inFlight++;
    const done = () => {
      this.inFlight--;
      this.drained?.();
      this.drained = null;
    };
    this.request(msg).then(
      (reply) => {
        if (reply.type === 'error') this.batchError ??= new WorkerWriteError(reply.message, reply.code);
        done();
      },
      (err: Error) => {
        this.batchError ??= err;
        done();
      },
    );
    await this.settle(MAX_IN_FLIGHT - 1);
  }

  addRaw(raw: Cell[]): Promise<void> {
    return this.send({ type: 'raw', raw });
  }

  addLines(lines: BatchValue[], rejected: BatchValue[]): Promise<void> {
    return this.send({ type: 'lines', lines, rejected });
  }

  async finish(): Promise<CostFileCounts> {
    await this.settle(0);
    const r = WorkerSink.check(await this.request({ type: 'finish' }));
    return (r as { counts: CostFileCounts }).counts;
  }

  async abort(): Promise<void> {
    await this.settle(0).catch(() => undefined);
    if (!this.dead) await this.request({ type: 'abort' }).catch(() => undefined);
  }

  idle(): boolean {
    return this.inFlight === 0;
  }

  async close(): Promise<void> {
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }
}
