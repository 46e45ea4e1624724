// The stored lines of persons, one person at a time. A person's lines may carry its personnummer or
// its dossier number (SPEC §3.2), so the groups SQLite returns by line person id are joined per
// person before the person is handed on, in ingestion order.
import { normaliseDossier } from '../domain/person-of-line.js';
import type { Person } from '../domain/types.js';
import type { RuleLine, UnitRuleLine } from '../rules/rule-line.js';
import { type GroupBatches, type LineGroup, type LineReader, inBatches, startLineReader, startUnitLineReader } from '../store/all-lines.js';
import { linePersonIds, linesByPersonId, unitLinesByPersonId } from '../store/cost-lines.js';
import type { Db } from '../store/db.js';

export interface PersonLinesOptions {
  /** The person keys wanted; null for every person with lines. */
  keys: ReadonlySet<string> | null;
  /** Read the whole table in one pass (on the reader thread) rather than the keys' lines one by one. */
  wholeTable: boolean;
  persons: ReadonlyMap<string, Person>;
  /** A line person id → its person key (the register person's id, or itself). */
  keyOf: (linePersonId: string) => string;
}

/** Of these line person ids, those whose person key is wanted. */
function ofKeys(opts: PersonLinesOptions, ids: readonly string[]): readonly string[] {
  const { keys, keyOf } = opts;
  return keys === null ? ids : ids.filter((id) => keys.has(keyOf(id)));
}

/** The line person ids with lines that the wanted keys' persons may have them under (personnummer, dossier number). */
function candidateIds(db: Db, opts: PersonLinesOptions): readonly string[] {
  if (opts.keys === null) return linePersonIds(db);
  const candidates = new Set<string>();
  for (const key of opts.keys) {
    candidates.add(key);
    const dossier = opts.persons.get(key)?.dossierNumber;
    if (dossier) candidates.add(normaliseDossier(dossier));
  }
  return ofKeys(opts, linePersonIds(db, [...candidates]));
}

/**
 * The groups joined per person key, batch by batch as they come: each yielded batch must be read
 * whole before the next is asked for (it is read lazily, one person's lines made at a time).
 */
async function* joined<L extends RuleLine>(
  opts: PersonLinesOptions,
  lineIds: readonly string[],
  batches: GroupBatches<L>,
): AsyncGenerator<Iterable<LineGroup<L>>> {
  // Each line id's key, worked out once; how many line ids each key still waits for.
  const keyOfId = new Map<string, string>();
  const pending = new Map<string, number>();
  for (const id of lineIds) {
    const key = opts.keyOf(id);
    keyOfId.set(id, key);
    pending.set(key, (pending.get(key) ?? 0) + 1);
  }
  const waiting = new Map<string, L[]>();
  function* completed(batch: Iterable<LineGroup<L>>): Generator<LineGroup<L>> {
    for (const [lineId, lines] of batch) {
      const key = keyOfId.get(lineId);
      if (key === undefined) continue; // the whole table was read: a person not asked for
      const left = pending.get(key)!;
      pending.set(key, left - 1);
      const earlier = waiting.get(key);
      const all = earlier ? [...earlier, ...lines].sort((a, b) => a.seq - b.seq) : lines;
      if (left > 1) waiting.set(key, all);
      else {
        waiting.delete(key);
        yield [key, all];
      }
    }
  }
  for await (const batch of batches) yield completed(batch);
}

/**
 * Each wanted person's rule lines, by person key. The whole table comes from `reader` when the
 * caller started one (so that it reads while the caller loads the register; the caller stops
 * it), else from one started and stopped here.
 */
export function personRuleLines(db: Db, opts: PersonLinesOptions & { reader?: LineReader<RuleLine> }): AsyncGenerator<Iterable<LineGroup<RuleLine>>> {
  return personLines(
    db,
    opts,
    opts.reader,
    () => startLineReader(db),
    (ids) => linesByPersonId(db, ids),
  );
}

/** Each wanted person's lines with their units, by person key. */
export function personUnitLines(db: Db, opts: PersonLinesOptions): AsyncGenerator<Iterable<LineGroup<UnitRuleLine>>> {
  return personLines(
    db,
    opts,
    undefined,
    () => startUnitLineReader(db),
    (ids) => unitLinesByPersonId(db, ids),
  );
}

async function* personLines<L extends RuleLine>(
  db: Db,
  opts: PersonLinesOptions,
  given: LineReader<L> | undefined,
  start: () => LineReader<L>,
  byIds: (ids: readonly string[]) => Iterable<LineGroup<L>>,
): AsyncGenerator<Iterable<LineGroup<L>>> {
  if (!opts.wholeTable) {
    const ids = candidateIds(db, opts);
    yield* joined(opts, ids, inBatches(byIds(ids)));
    return;
  }
  const reader = given ?? start();
  try {
    // The reader found the ids while this thread loaded the register.
    yield* joined(opts, ofKeys(opts, await reader.personIds), reader.batches);
  } finally {
    // A reader the caller started is the caller's to stop.
    if (!given) await reader.stop();
  }
}
