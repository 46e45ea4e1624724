// Every stored line grouped by person id, read by a worker thread while this thread evaluates.
// Falls back to reading here when there is no compiled worker (tests run the TypeScript sources)
// or no database file to open twice.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { RuleLine, UnitRuleLine } from '../rules/rule-line.js';
import type { Db } from './db.js';
import {
  type PackedGroup,
  allPackedLinesSql,
  linePersonIds,
  linePersonIdsSql,
  lineUnpacker,
  linesByPersonId,
  unitLinesByPersonId,
} from './cost-lines.js';
import type { ReaderMessage, ReaderWorkerData } from './all-lines-thread.js';

const WORKER_URL = new URL('./all-lines-thread.js', import.meta.url);
const BATCHES_IN_FLIGHT = 4;
const GROUPS_PER_BATCH = 256;

function workerAvailable(db: Db): boolean {
  return !db.memory && WORKER_URL.protocol === 'file:' && existsSync(fileURLToPath(WORKER_URL));
}

/** A person id's lines. */
export type LineGroup<L> = [personId: string, lines: L[]];

/**
 * Groups handed on a batch at a time (as the reader thread sends them): one asynchronous step per
 * batch, not per person, which at 50 000 persons is some 60 ms of promises less.
 */
export type GroupBatches<L> = AsyncIterable<Iterable<LineGroup<L>>> | Iterable<Iterable<LineGroup<L>>>;

export interface LineReader<L> {
  /** The distinct person ids of the groups, in their order (known before the first group). */
  personIds: Promise<string[]>;
  /** The groups in person id order, in batches; read once. */
  batches: GroupBatches<L>;
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

function inThisThread<L>(db: Db, groups: Iterable<LineGroup<L>>): LineReader<L> {
  return { personIds: Promise.resolve(linePersonIds(db)), batches: inBatches(groups), stop: () => Promise.resolve() };
}

/** The groups in batches of the reader thread's size, each read as it is asked for. */
export function* inBatches<G>(groups: Iterable<G>): Generator<G[]> {
  let batch: G[] = [];
  for (const group of groups) {
    batch.push(group);
    if (batch.length === GROUPS_PER_BATCH) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

export async function* allLinesByPersonId(db: Db): AsyncGenerator<LineGroup<RuleLine>> {
  const reader = startLineReader(db);
  try {
    for await (const batch of reader.batches) yield* batch;
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
  /** A batch's groups, each unpacked as it is asked for: only one person's lines are made at a time. */
  function* unpacked(batch: readonly PackedGroup[]): Generator<LineGroup<L>> {
    for (const [personId, packed] of batch) yield [personId, unpack<L>(personId, packed)];
  }
  async function* batches(): AsyncGenerator<Iterable<LineGroup<L>>> {
    try {
      for (;;) {
        while (queue.length === 0 && failure === null) await new Promise<void>((resolve) => (wake = resolve));
        const message = queue.shift();
        if (!message) throw failure!;
        if ('done' in message) return;
        Atomics.add(credit, 0, 1);
        Atomics.notify(credit, 0);
        yield unpacked(message.batch);
      }
    } finally {
      await stop();
    }
  }
  return { personIds, batches: batches(), stop };
}
