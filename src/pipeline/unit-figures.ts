// The unit figures (SPEC §8): after an evaluation, each changed person's fates per care unit and
// quarter and the share-out weights of its claims, from the evaluation's stored results (claims,
// fates) and the person's lines with their units. Its own phase so the evaluation pays nothing
// for it; `claims run` runs it after evaluating, and the unit report and the SIE export run it
// first for whatever is stale (nothing, after a run).
import { FATES, FROZEN_STATUSES, emptyFates, type Claim, type IsoDate, type Person } from '../domain/types.js';
import { encodeWeights, personUnitFigures } from '../finance/unit-cells.js';
import type { PersonEvaluation } from '../rules/evaluate-person.js';
import type { UnitRuleLine } from '../rules/rule-line.js';
import { listClaims } from '../store/claims.js';
import type { Db } from '../store/db.js';
import { getMeta } from '../store/meta.js';
import { personResolver } from '../domain/person-of-line.js';
import { loadAllPersons } from '../store/persons.js';
import { type UnitFigures, countEvaluatedPersons, personFateRows, saveUnitFigures, staleUnitPersons } from '../store/unit-fates.js';
import { personUnitLines } from './person-lines.js';

/** The as-of date of the evaluation the stored results come from; null when there was none. */
function evaluatedAsOf(db: Db): IsoDate | null {
  const fingerprint = getMeta(db, 'evaluation');
  if (fingerprint === null) return null;
  const asOf = (JSON.parse(fingerprint) as { asOf?: unknown }).asOf;
  return typeof asOf === 'string' ? asOf : null;
}

/** Computes the figures of every person whose figures are stale; returns how many. */
export async function updateUnitFigures(db: Db, opts: { persons?: ReadonlyMap<string, Person> } = {}): Promise<{ persons: number }> {
  const asOf = evaluatedAsOf(db);
  if (asOf === null) return { persons: 0 };
  const stale = new Set(staleUnitPersons(db));
  if (stale.size === 0) return { persons: 0 };
  const persons = opts.persons ?? loadAllPersons(db);
  const resolve = personResolver(persons);
  const keyOf = (linePersonId: string) => resolve(linePersonId)?.personId ?? linePersonId;

  const claimsOf = new Map<string, { frozen: Claim[]; claims: Claim[] }>();
  for (const c of listClaims(db)) {
    if (!stale.has(c.personId)) continue;
    let e = claimsOf.get(c.personId);
    if (!e) claimsOf.set(c.personId, (e = { frozen: [], claims: [] }));
    (FROZEN_STATUSES.includes(c.status) ? e.frozen : e.claims).push(c);
  }
  const fateRows = personFateRows(db, FATES);
  // Saved in chunks as they come: each person's row is whole in itself, and a phase stopped half
  // way leaves the rest stale for the next one. Holding them all would only feed the collector.
  let rows: UnitFigures[] = [];
  let saved = 0;
  const flush = () => {
    saveUnitFigures(db, rows);
    saved += rows.length;
    rows = [];
  };
  const compute = (personKey: string, lines: readonly UnitRuleLine[]) => {
    const row = fateRows.get(personKey);
    if (!row) return;
    const fates = emptyFates();
    for (let i = 0; i < FATES.length; i++) fates[FATES[i]!] = row[i]!;
    const c = claimsOf.get(personKey) ?? { frozen: [], claims: [] };
    const evaluation: PersonEvaluation = { claims: c.claims, fates };
    const input = { personKey, person: persons.get(personKey) ?? null, lines, frozen: c.frozen, asOf, claimId: noClaimIds };
    const figures = personUnitFigures(input, evaluation);
    rows.push({ personKey, cells: figures.cells, weights: [...(figures.weights ?? [])].map(([id, w]) => [id, encodeWeights(w)]) });
    stale.delete(personKey);
    if (rows.length === SAVE_EVERY) flush();
  };

  const wholeTable = stale.size * 4 > countEvaluatedPersons(db);
  for await (const batch of personUnitLines(db, { keys: stale, wholeTable, persons, keyOf })) for (const [key, lines] of batch) compute(key, lines);
  // Evaluated persons without lines (frozen claims only): their claims' residue.
  for (const key of [...stale]) compute(key, []);
  flush();
  return { persons: saved };
}

const SAVE_EVERY = 2000;

/** The attribution never makes claim ids; the input type asks for a factory. */
const noClaimIds = (): string => {
  throw new Error('line fates make no claims');
};
