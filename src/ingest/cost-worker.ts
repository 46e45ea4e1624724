// Worker thread for cost-export ingest: validates (when sent raw rows) and writes on its own
// connection to the database file. Messages and replies in order (see cost-sink.ts). An error rolls
// the file back; later messages of that file are answered with the same error.
import { parentPort } from 'node:worker_threads';
import { type Db, openDb } from '../store/db.js';
import { CostFileTarget, type WorkerReply, type WorkerRequest } from './cost-sink.js';

let db: Db | null = null;
let dbPath: string | null = null;
let target: CostFileTarget | null = null;
let failure: WorkerReply | null = null;

function handle(msg: WorkerRequest): WorkerReply {
  switch (msg.type) {
    case 'begin':
      failure = null;
      if (!db || dbPath !== msg.dbPath) {
        db?.close();
        db = openDb(msg.dbPath);
        // Live-mode inserts into large indexes thrash a 2 MB page cache; 8 MB keeps them local.
        db.pragma('cache_size = -8192');
        dbPath = msg.dbPath;
      }
      target = new CostFileTarget(db, msg.meta, msg.spec);
      return { type: 'begun', fileId: target.begin() };
    case 'raw':
      if (failure) return failure;
      target!.addRaw(msg.raw);
      return { type: 'ack' };
    case 'lines':
      if (failure) return failure;
      target!.addLines(msg.lines, msg.rejected);
      return { type: 'ack' };
    case 'finish':
      if (failure) return failure;
      return { type: 'finished', counts: target!.finish() };
    case 'abort':
      target?.abort();
      target = null;
      failure = null;
      return { type: 'aborted' };
  }
}

parentPort!.on('message', (msg: WorkerRequest) => {
  let reply: WorkerReply;
  try {
    reply = handle(msg);
  } catch (err) {
    target?.abort();
    const e = err as { message?: string; code?: string };
    failure = { type: 'error', message: String(e.message ?? err), code: e.code };
    reply = failure;
  }
  parentPort!.postMessage(reply);
});
