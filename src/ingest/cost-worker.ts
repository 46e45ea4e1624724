// Worker thread for cost-export ingest: runs CostWriter on its own connection to the database file.
// Messages and replies in order (see cost-sink.ts). An error rolls the file back; later batches of
// that file are answered with the same error.
import { parentPort } from 'node:worker_threads';
import { type Db, openDb } from '../store/db.js';
import type { WorkerReply, WorkerRequest } from './cost-sink.js';
import { CostWriter } from './cost-writer.js';

let db: Db | null = null;
let dbPath: string | null = null;
let writer: CostWriter | null = null;
let failure: WorkerReply | null = null;

function reply(r: WorkerReply): void {
  parentPort!.postMessage(r);
}

function handle(msg: WorkerRequest): WorkerReply {
  switch (msg.type) {
    case 'begin':
      failure = null;
      if (!db || dbPath !== msg.dbPath) {
        db?.close();
        db = openDb(msg.dbPath);
        dbPath = msg.dbPath;
      }
      writer = new CostWriter(db, msg.meta);
      return { type: 'begun', fileId: writer.begin() };
    case 'batch':
      if (failure) return failure;
      writer!.add(msg.lines, msg.rejected);
      return { type: 'ack' };
    case 'finish':
      if (failure) return failure;
      return { type: 'finished', counts: writer!.finish(msg.rows, msg.rejected) };
    case 'abort':
      writer?.abort();
      writer = null;
      failure = null;
      return { type: 'aborted' };
  }
}

parentPort!.on('message', (msg: WorkerRequest) => {
  try {
    reply(handle(msg));
  } catch (err) {
    writer?.abort();
    const e = err as { message?: string; code?: string };
    failure = { type: 'error', message: String(e.message ?? err), code: e.code };
    reply(failure);
  }
});
