// Worker thread: runs the packed-lines query on its own read-only connection and hands the
// groups to the evaluating thread in batches, so SQLite's work and the rules run on two cores.
// It waits for credit before each batch, which bounds how much text is in flight.
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { ALL_PACKED_LINES_SQL, ALL_PACKED_LINES_WITH_UNIT_SQL, type PackedGroup } from './lines-read.js';

export interface ReaderWorkerData {
  dbPath: string;
  /** Int32 credit counter shared with the evaluating thread. */
  credits: SharedArrayBuffer;
  groupsPerBatch: number;
  /** Each line with its unit (the unit figures). */
  withUnit?: boolean;
}

export type ReaderMessage = { batch: PackedGroup[] } | { done: true };

const { dbPath, credits, groupsPerBatch, withUnit } = workerData as ReaderWorkerData;
const credit = new Int32Array(credits);

function takeCredit(): void {
  for (;;) {
    const available = Atomics.load(credit, 0);
    if (available > 0) {
      if (Atomics.compareExchange(credit, 0, available, available - 1) === available) return;
    } else Atomics.wait(credit, 0, available);
  }
}

const db = new Database(dbPath, { readonly: true, fileMustExist: true });
let batch: PackedGroup[] = [];
for (const group of db.prepare(withUnit ? ALL_PACKED_LINES_WITH_UNIT_SQL : ALL_PACKED_LINES_SQL).raw().iterate() as IterableIterator<PackedGroup>) {
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
