// The figures per person, care unit and quarter (person_unit_fates) and the share-out weights of
// each claim (claims.unit_weights), computed after each evaluation from its results
// (src/pipeline/unit-figures.ts) and read by the unit report and the SIE export. An evaluation
// marks the persons it changed: their figures are stale until computed again.
import { FROZEN_STATUSES } from '../domain/types.js';
import type { Db } from './db.js';

/** A function that marks one person's figures stale (deletes them), for use inside a transaction. */
export function markUnitFiguresStale(db: Db): (personKey: string) => void {
  const remove = db.prepare('DELETE FROM person_unit_fates WHERE person_key = ?');
  return (key) => {
    remove.run(key);
  };
}

export function clearUnitFates(db: Db): void {
  db.exec('DELETE FROM person_unit_fates');
}

/** Evaluated persons whose unit figures are missing or stale. */
export function staleUnitPersons(db: Db): string[] {
  return db
    .prepare(
      'SELECT f.person_key FROM person_fates f WHERE NOT EXISTS (SELECT 1 FROM person_unit_fates u WHERE u.person_key = f.person_key) ORDER BY f.person_key',
    )
    .pluck()
    .all() as string[];
}

export function countEvaluatedPersons(db: Db): number {
  return db.prepare('SELECT COUNT(*) FROM person_fates').pluck().get() as number;
}

export interface UnitFigures {
  personKey: string;
  /** Encoded cells (src/finance/unit-cells.ts). */
  cells: string;
  /** Encoded weights per claim id. */
  weights: [claimId: string, encoded: string][];
}

const FROZEN_SQL = `status IN (${FROZEN_STATUSES.map((s) => `'${s}'`).join(', ')})`;

/**
 * Stores persons' figures and their claims' weights in one transaction. A frozen claim keeps the
 * weights it was submitted with; one frozen before weights existed gets its current lines'.
 */
export function saveUnitFigures(db: Db, rows: Iterable<UnitFigures>): void {
  const upsert = db.prepare(
    'INSERT INTO person_unit_fates (person_key, cells) VALUES (?, ?) ON CONFLICT (person_key) DO UPDATE SET cells = excluded.cells',
  );
  const weights = db.prepare(`UPDATE claims SET unit_weights = ? WHERE id = ? AND (unit_weights IS NULL OR NOT ${FROZEN_SQL})`);
  db.transaction(() => {
    for (const r of rows) {
      upsert.run(r.personKey, r.cells);
      for (const [id, w] of r.weights) weights.run(w, id);
    }
  })();
}

/** Each evaluated person's fates (FATES order), by person key. */
export function personFateRows(db: Db, fates: readonly string[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const row of db
    .prepare(`SELECT person_key, ${fates.join(', ')} FROM person_fates`)
    .raw()
    .iterate() as IterableIterator<[string, ...number[]]>) {
    out.set(row[0], row.slice(1) as number[]);
  }
  return out;
}

/** Every person's encoded cells (src/finance/unit-cells.ts), in person key order. */
export function* allUnitFates(db: Db): Generator<[personKey: string, cells: string]> {
  yield* db.prepare('SELECT person_key, cells FROM person_unit_fates ORDER BY person_key').raw().iterate() as IterableIterator<[string, string]>;
}

/** Stored weights (encoded) of every claim, by claim id. */
export function claimUnitWeights(db: Db): Map<string, string | null> {
  return new Map(db.prepare('SELECT id, unit_weights FROM claims').raw().all() as [string, string | null][]);
}

export interface ClaimWeightsRow {
  id: string;
  personId: string;
  rule: string;
  periodStart: string;
  claimOre: number;
  weights: string | null;
  /** For an adjustment: its original claim's weights. */
  originalWeights: string | null;
}

/** The claims that have events (submitted, paid, rejected), with their weights. */
export function claimsWithEvents(db: Db): ClaimWeightsRow[] {
  return db
    .prepare(
      `SELECT c.id AS id, c.person_id AS personId, c.rule AS rule, c.period_start AS periodStart, c.claim_ore AS claimOre,
         c.unit_weights AS weights, o.unit_weights AS originalWeights
       FROM claims c LEFT JOIN claims o ON o.id = c.adjustment_of
       WHERE c.id IN (SELECT claim_id FROM claim_events)
       ORDER BY c.id`,
    )
    .all() as ClaimWeightsRow[];
}
