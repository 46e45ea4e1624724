// Claims and per-person fates as the last evaluation left them. Frozen claims (submitted, paid,
// rejected) are only ever written by `claims mark`; evaluations replace the rest per person.
import { FATES, FROZEN_STATUSES, emptyFates, type Claim, type Fates } from '../domain/types.js';
import { camelColumns, type Db } from './db.js';
import { addTo } from '../domain/collections.js';
import { clearUnitFates, markUnitFiguresStale } from './unit-fates.js';

export interface StoredClaim extends Claim {
  submittedOn: string | null;
  paidOre: number | null;
  paidOn: string | null;
  rejectedReason: string | null;
}

// deadline_provisional is 0/1 in the database; every other column reads as its field.
export type ClaimRow = Omit<StoredClaim, 'deadlineProvisional'> & { deadlineProvisional: number };
export const CLAIM_COLUMNS = camelColumns(
  `id rule person_id contact_id period_start period_end care_ore interpreter_ore claim_ore deadline deadline_provisional
   status quarter adjustment_of submitted_on paid_ore paid_on rejected_reason`,
);
export const fromRow = (r: ClaimRow): StoredClaim => ({ ...r, deadlineProvisional: r.deadlineProvisional === 1 });

const FROZEN_SQL = `status IN (${FROZEN_STATUSES.map((s) => `'${s}'`).join(', ')})`;

/** Every frozen claim (submitted, paid, rejected), by person id. */
export function loadFrozenClaims(db: Db): Map<string, StoredClaim[]> {
  const byPerson = new Map<string, StoredClaim[]>();
  for (const row of db.prepare(`SELECT ${CLAIM_COLUMNS} FROM claims WHERE ${FROZEN_SQL} ORDER BY id`).all() as ClaimRow[]) {
    const claim = fromRow(row);
    addTo(byPerson, claim.personId, claim);
  }
  return byPerson;
}

export function getClaim(db: Db, id: string): StoredClaim | null {
  const row = db.prepare(`SELECT ${CLAIM_COLUMNS} FROM claims WHERE id = ?`).get(id) as ClaimRow | undefined;
  return row ? fromRow(row) : null;
}

/** SPEC §6.1 order: deadline, personId, periodStart, contactId (null first), then id; plain code-unit order. */
export function compareClaims(a: Claim, b: Claim): number {
  const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return (
    cmp(a.deadline, b.deadline) ||
    cmp(a.personId, b.personId) ||
    cmp(a.periodStart, b.periodStart) ||
    (a.contactId === b.contactId ? 0 : a.contactId === null ? -1 : b.contactId === null ? 1 : cmp(a.contactId, b.contactId)) ||
    cmp(a.id, b.id)
  );
}

export function listClaims(db: Db): StoredClaim[] {
  return (db.prepare(`SELECT ${CLAIM_COLUMNS} FROM claims`).all() as ClaimRow[]).map(fromRow).sort(compareClaims);
}

export interface PersonResult {
  personKey: string;
  /** What the evaluation was made from (see personInputStamp). */
  inputStamp: string;
  claims: Claim[];
  fates: Fates;
}

/** Replaces what earlier evaluations said about these persons (frozen claims stay). */
export function saveEvaluations(
  db: Db,
  results: Iterable<PersonResult>,
  forgetKeys: Iterable<string> = [],
  opts: { replace: boolean } = { replace: true },
): void {
  const deleteClaims = db.prepare(`DELETE FROM claims WHERE person_id = ? AND NOT ${FROZEN_SQL}`);
  const deleteFates = db.prepare('DELETE FROM person_fates WHERE person_key = ?');
  const insertClaim = db.prepare(`INSERT INTO claims (id, rule, person_id, contact_id, period_start, period_end, care_ore,
      interpreter_ore, claim_ore, deadline, deadline_provisional, status, quarter, adjustment_of)
    VALUES (@id, @rule, @personId, @contactId, @periodStart, @periodEnd, @careOre, @interpreterOre, @claimOre,
      @deadline, @deadlineProvisional, @status, @quarter, @adjustmentOf)`);
  const insertFates = db.prepare(
    `INSERT INTO person_fates (person_key, input_stamp, ${FATES.join(', ')}) VALUES (?, ?, ${FATES.map(() => '?').join(', ')})`,
  );
  const markStale = markUnitFiguresStale(db);
  for (const key of forgetKeys) {
    deleteClaims.run(key);
    deleteFates.run(key);
    markStale(key);
  }
  for (const r of results) {
    if (opts.replace) {
      deleteClaims.run(r.personKey);
      deleteFates.run(r.personKey);
      // The person's unit figures (SPEC §8) follow the new evaluation (src/pipeline/unit-figures.ts).
      markStale(r.personKey);
    }
    for (const c of r.claims) insertClaim.run({ ...c, deadlineProvisional: c.deadlineProvisional ? 1 : 0 });
    insertFates.run(r.personKey, r.inputStamp, ...FATES.map((f) => r.fates[f]));
  }
}

/** Drops every evaluation result but the frozen claims (before a full evaluation). */
export function clearEvaluations(db: Db): void {
  db.exec(`DELETE FROM claims WHERE NOT ${FROZEN_SQL}; DELETE FROM person_fates;`);
  clearUnitFates(db);
}

/** Each evaluated person's input stamp, by person key. */
export function personInputStamps(db: Db): Map<string, string> {
  return new Map(db.prepare('SELECT person_key, input_stamp FROM person_fates').raw().all() as [string, string][]);
}

export function fateTotals(db: Db): Fates {
  const row = db.prepare(`SELECT ${FATES.map((f) => `COALESCE(SUM(${f}), 0) AS ${f}`).join(', ')} FROM person_fates`).get() as Fates;
  return { ...emptyFates(), ...row };
}
