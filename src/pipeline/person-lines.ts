// The stored lines of persons, one person at a time. A person's lines may carry its personnummer or
// its dossier number (SPEC §3.2), so the groups SQLite returns by line person id are joined per
// person before the person is handed on, in ingestion order.
import { normaliseDossier } from '../domain/person-of-line.js';
import type { Person } from '../domain/types.js';
import type { RuleLine, UnitRuleLine } from '../rules/rule-line.js';
import { type LineReader, allUnitLinesByPersonId, startLineReader } from '../store/all-lines.js';
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

function lineIdsOf(db: Db, opts: PersonLinesOptions): string[] {
  const { keys, keyOf } = opts;
  if (keys === null) return linePersonIds(db);
  if (opts.wholeTable) return linePersonIds(db).filter((id) => keys.has(keyOf(id)));
  const candidates = new Set<string>();
  for (const key of keys) {
    candidates.add(key);
    const dossier = opts.persons.get(key)?.dossierNumber;
    if (dossier) candidates.add(normaliseDossier(dossier));
  }
  return linePersonIds(db, [...candidates]).filter((id) => keys.has(keyOf(id)));
}

async function* joined<L extends RuleLine>(
  opts: PersonLinesOptions,
  lineIds: readonly string[],
  groups: AsyncIterable<[string, L[]]> | Iterable<[string, L[]]>,
): AsyncGenerator<[string, L[]]> {
  // Each line id's key, worked out once; how many line ids each key still waits for.
  const keyOfId = new Map<string, string>();
  const pending = new Map<string, number>();
  for (const id of lineIds) {
    const key = opts.keyOf(id);
    keyOfId.set(id, key);
    pending.set(key, (pending.get(key) ?? 0) + 1);
  }
  const waiting = new Map<string, L[]>();
  for await (const [lineId, lines] of groups) {
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

/**
 * Each wanted person's rule lines, by person key. The whole table comes from `reader` when the
 * caller started one (so that it reads while the caller loads the register; the caller stops
 * it), else from one started and stopped here.
 */
export async function* personRuleLines(db: Db, opts: PersonLinesOptions & { reader?: LineReader<RuleLine> }): AsyncGenerator<[string, RuleLine[]]> {
  if (!opts.wholeTable) {
    const ids = lineIdsOf(db, opts);
    yield* joined(opts, ids, linesByPersonId(db, ids));
    return;
  }
  // A reader the caller started is the caller's to stop.
  const own = opts.reader === undefined;
  const reader = opts.reader ?? startLineReader(db);
  try {
    yield* joined(opts, lineIdsOf(db, opts), reader.groups);
  } finally {
    if (own) await reader.stop();
  }
}

/** Each wanted person's lines with their units, by person key. */
export function personUnitLines(db: Db, opts: PersonLinesOptions): AsyncGenerator<[string, UnitRuleLine[]]> {
  const ids = lineIdsOf(db, opts);
  return joined(opts, ids, opts.wholeTable ? allUnitLinesByPersonId(db) : unitLinesByPersonId(db, ids));
}
