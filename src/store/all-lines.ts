// Every stored line grouped by person id, read by a worker thread while this thread evaluates.
// Falls back to reading here when there is no compiled worker (tests run the TypeScript sources)
// or no database file to open twice.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { RuleLine, UnitRuleLine } from '../rules/rule-line.js';
import type { Db } from './db.js';
import { allPackedLinesSql, linePersonIds, linePersonIdsSql, lineUnpacker, linesByPersonId, unitLinesByPersonId } from './cost-lines.js';
import type { ReaderMessage, ReaderWorkerData } from './all-lines-thread.js';

const WORKER_URL = new URL('./all-lines-thread.js', import.meta.url);
const BATCHES_IN_FLIGHT = 4;
const GROUPS_PER_BATCH = 256;

function workerAvailable(db: Db): boolean {
  return !db.memory && WORKER_URL.protocol === 'file:' && existsSync(fileURLToPath(WORKER_URL));
}

export interface LineReader<L> {
  /** The distinct person ids of the groups, in their order (known before the first group). */
  personIds: Promise<string[]>;
  /** The groups in person id order; read once. */
  groups: AsyncIterable<[string, L[]]> | Iterable<[string, L[]]>;
  /** Ends the reader thread (also when its groups were never read). */
  stop(): Promise<void>;
}

/**
 * Every stored line by person id, with the reader thread started now: it reads while the caller
 * loads what it needs before the first group. Without a compiled worker the groups are read here,
 * as they are asked for.
 */
export function startLineReader(db: Db): LineReader<RuleLine> {
  if (!workerAvailable(db)) return inThisThread(db, linesByPersonId(db));
  return readerThread<RuleLine>(db, allPackedLinesSql());
}

/** As startLineReader, each line with its unit (the unit figures). */
export function startUnitLineReader(db: Db): LineReader<UnitRuleLine> {
  if (!workerAvailable(db)) return inThisThread(db, unitLinesByPersonId(db));
  return readerThread<UnitRuleLine>(db, allPackedLinesSql({ withUnit: true }));
}

function inThisThread<L>(db: Db, groups: Iterable<[string, L[]]>): LineReader<L> {
  return { personIds: Promise.resolve(linePersonIds(db)), groups, stop: () => Promise.resolve() };
}

export async function* allLinesByPersonId(db: Db): AsyncGenerator<[string, RuleLine[]]> {
  yield* read(startLineReader(db));
}

async function* read<L>(reader: LineReader<L>): AsyncGenerator<[string, L[]]> {
  try {
    yield* reader.groups;
  } finally {
    await reader.stop();
  }
}

function readerThread<L extends RuleLine>(db: Db, sql: string): LineReader<L> {
  const unpack = lineUnpacker(db);
  const credits = new SharedArrayBuffer(4);
  const credit = new Int32Array(credits);
  Atomics.store(credit, 0, BATCHES_IN_FLIGHT);
  const worker = new Worker(WORKER_URL, {
    workerData: { dbPath: db.name, idsSql: linePersonIdsSql(), sql, credits, groupsPerBatch: GROUPS_PER_BATCH } satisfies ReaderWorkerData,
  });
  let gotIds!: (ids: string[]) => void;
  let noIds!: (err: Error) => void;
  const personIds = new Promise<string[]>((resolve, reject) => {
    gotIds = resolve;
    noIds = reject;
  });
  // A failure also ends the groups, which report it: one left unheard here is no crash.
  personIds.catch(() => undefined);

  const queue: Exclude<ReaderMessage, { personIds: string[] }>[] = [];
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  worker.on('message', (m: ReaderMessage) => {
    if ('personIds' in m) gotIds(m.personIds);
    else queue.push(m);
    notify();
  });
  worker.on('error', (err) => {
    failure = err;
    noIds(err);
    notify();
  });
  worker.on('exit', (code) => {
    if (code !== 0) failure ??= new Error(`lästråden avslutades med kod ${code}`);
    noIds(failure ?? new Error('lästråden avslutades'));
    notify();
  });
  const stop = async () => {
    await worker.terminate();
  };
  async function* groups(): AsyncGenerator<[string, L[]]> {
    try {
      for (;;) {
        while (queue.length === 0 && failure === null) await new Promise<void>((resolve) => (wake = resolve));
        const message = queue.shift();
        if (!message) throw failure!;
        if ('done' in message) return;
        Atomics.add(credit, 0, 1);
        Atomics.notify(credit, 0);
        for (const [personId, packed] of message.batch) yield [personId, unpack<L>(personId, packed)];
      }
    } finally {
      await stop();
    }
  }
  return { personIds, groups: groups(), stop };
}
