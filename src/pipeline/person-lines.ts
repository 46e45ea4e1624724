// The stored lines of persons, one person at a time. A person's lines may carry its personnummer or
// its dossier number (SPEC §3.2), so the groups SQLite returns by line person id are joined per
// person before the person is handed on, in ingestion order.
import { normaliseDossier } from '../domain/person-of-line.js';
import type { Person } from '../domain/types.js';
import type { RuleLine, UnitRuleLine } from '../rules/rule-line.js';
import { allLinesByPersonId, allUnitLinesByPersonId } from '../store/all-lines.js';
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
  const pending = new Map<string, number>();
  for (const id of lineIds) pending.set(opts.keyOf(id), (pending.get(opts.keyOf(id)) ?? 0) + 1);
  const waiting = new Map<string, L[]>();
  for await (const [lineId, lines] of groups) {
    const key = opts.keyOf(lineId);
    const left = pending.get(key);
    if (left === undefined) continue; // the whole table was read: a person not asked for
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

/** Each wanted person's rule lines, by person key. */
export function personRuleLines(db: Db, opts: PersonLinesOptions): AsyncGenerator<[string, RuleLine[]]> {
  const ids = lineIdsOf(db, opts);
  return joined(opts, ids, opts.wholeTable ? allLinesByPersonId(db) : linesByPersonId(db, ids));
}

/** Each wanted person's lines with their units, by person key. */
export function personUnitLines(db: Db, opts: PersonLinesOptions): AsyncGenerator<[string, UnitRuleLine[]]> {
  const ids = lineIdsOf(db, opts);
  return joined(opts, ids, opts.wholeTable ? allUnitLinesByPersonId(db) : unitLinesByPersonId(db, ids));
}
