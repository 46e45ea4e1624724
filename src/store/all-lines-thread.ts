// Worker thread: on its own read-only connection, first the distinct person ids (what the
// evaluating thread needs before the first group, to join a person's ids), then the packed-lines
// query, whose groups go to the evaluating thread in batches, so SQLite's work and the rules run on
// two cores. It waits for credit before each batch, which bounds how much text is in flight.
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import type { PackedGroup } from './cost-lines.js';

export interface ReaderWorkerData {
  dbPath: string;
  /** The distinct person ids query (cost-lines.ts linePersonIdsSql). */
  idsSql: string;
  /** The packed-lines query (cost-lines.ts allPackedLinesSql). */
  sql: string;
  /** Int32 credit counter shared with the evaluating thread. */
  credits: SharedArrayBuffer;
  groupsPerBatch: number;
}

export type ReaderMessage = { personIds: string[] } | { batch: PackedGroup[] } | { done: true };

const { dbPath, idsSql, sql, credits, groupsPerBatch } = workerData as ReaderWorkerData;
const credit = new Int32Array(credits);

function takeCredit(): void {
  for (;;) {
    const available = Atomics.load(credit, 0);
    if (available > 0) {
      if (Atomics.compareExchange(credit, 0, available, available - 1) === available) return;
    } else Atomics.wait(credit, 0, available);
  }
}

function readAll(): void {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  parentPort!.postMessage({ personIds: db.prepare(idsSql).pluck().all() as string[] } satisfies ReaderMessage);
  let batch: PackedGroup[] = [];
  for (const group of db.prepare(sql).raw().iterate() as IterableIterator<PackedGroup>) {
    batch.push(group);
    if (batch.length === groupsPerBatch) {
      takeCredit();
      parentPort!.postMessage({ batch } satisfies ReaderMessage);
      batch = [];
    }
  }
  if (batch.length > 0) {
    takeCredit();
    parentPort!.postMessage({ batch } satisfies ReaderMessage);
  }
  parentPort!.postMessage({ done: true } satisfies ReaderMessage);
  db.close();
}

try {
  readAll();
} catch (err) {
  // better-sqlite3's SqliteError is no Error to the structured clone that carries it to the
  // evaluating thread: only { code } would arrive. Throw one that keeps its message and code.
  const e = (err ?? {}) as { message?: unknown; code?: unknown };
  throw Object.assign(new Error(String(e.message ?? err)), { code: e.code });
}
