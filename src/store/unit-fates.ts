// The evaluation's figures per person, care unit and quarter (person_unit_fates), and the
// share-out weights stored with each claim (claims.unit_weights). Written with the person's
// other evaluation results (src/store/claims.ts saveEvaluations), read by the unit report and
// the SIE export.
import type { Db } from './db.js';

/** Replaces the stored cells of these persons (a person without lines gets none). */
export function saveUnitFates(db: Db, rows: Iterable<{ personKey: string; unitCells?: string }>, forgetKeys: Iterable<string>, replace: boolean): void {
  const remove = db.prepare('DELETE FROM person_unit_fates WHERE person_key = ?');
  const insert = db.prepare('INSERT INTO person_unit_fates (person_key, cells) VALUES (?, ?)');
  for (const key of forgetKeys) remove.run(key);
  for (const r of rows) {
    if (replace) remove.run(r.personKey);
    if (r.unitCells !== undefined && r.unitCells !== '[]') insert.run(r.personKey, r.unitCells);
  }
}

export function clearUnitFates(db: Db): void {
  db.exec('DELETE FROM person_unit_fates');
}

/** Every person's encoded cells (src/finance/unit-cells.ts), in person key order. */
export function* allUnitFates(db: Db): Generator<[personKey: string, cells: string]> {
  yield* db.prepare('SELECT person_key, cells FROM person_unit_fates ORDER BY person_key').raw().iterate() as IterableIterator<[string, string]>;
}

/**
 * Whether the last evaluation predates the unit figures (fates stored, no unit figures): an
 * evaluation writes both in one transaction, so this only happens before the first new one.
 */
export function unitFatesMissing(db: Db): boolean {
  return db.prepare('SELECT EXISTS (SELECT 1 FROM person_fates) AND NOT EXISTS (SELECT 1 FROM person_unit_fates)').pluck().get() === 1;
}

/** Stored weights (encoded) of the claims that have any, by claim id. */
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
