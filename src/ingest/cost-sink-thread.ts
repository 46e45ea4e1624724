// The writer thread (cost-sink.ts): a CostFileWriter on its own connection to the database file,
// fed the batches the reading thread validated. Requests are answered in order. An error rolls the
// file back; the file's later requests get the same error.
import { parentPort } from 'node:worker_threads';
import { type Db, openDb } from '../store/db.js';
import { CostFileWriter } from './cost-file-writer.js';
import type { ThreadReply, ThreadRequest } from './cost-sink.js';

let db: Db | null = null;
let dbPath: string | null = null;
let writer: CostFileWriter | null = null;
let failure: ThreadReply | null = null;

function handle(msg: ThreadRequest): ThreadReply {
  switch (msg.type) {
    case 'begin':
      failure = null;
      if (!db || dbPath !== msg.dbPath) {
        db?.close();
        db = openDb(msg.dbPath);
        dbPath = msg.dbPath;
      }
      writer = new CostFileWriter(db, msg.meta);
      return { type: 'begun', fileId: writer.begin() };
    case 'add':
      if (failure) return failure;
      writer!.add(msg.batch);
      return { type: 'ack' };
    case 'finish':
      if (failure) return failure;
      return { type: 'finished', counts: writer!.finish() };
    case 'abort':
      writer?.abort();
      writer = null;
      failure = null;
      return { type: 'aborted' };
  }
}

parentPort!.on('message', (msg: ThreadRequest) => {
  let reply: ThreadReply;
  try {
    reply = handle(msg);
  } catch (err) {
    writer?.abort();
    const e = err as { message?: string; code?: string };
    failure = { type: 'error', message: String(e.message ?? err), code: e.code };
    reply = failure;
  }
  parentPort!.postMessage(reply);
});
