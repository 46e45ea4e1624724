// Assessments recorded in the web: kept as rows (who, when, what), pending until a batch's
// evaluation step applies them to the person's record. A record that carries an assessment keeps
// its values where a later register file leaves the field empty (persons.ts), so a quarterly
// register that does not know of the assessment does not erase it; a value the register gives wins.
import type { Db } from './db.js';
import { markDirty } from './dirty-persons.js';

export interface NewAssessment {
  personId: string;
  /** The claim it was recorded from (for the history; the assessment is the person's). */
  claimId: string;
  chronic3y: boolean | null;
  protectionLink: boolean | null;
  /** ICD-10 codes, upper-cased. */
  underlyingDiagnoses: readonly string[];
  recordedBy: string;
}

export interface AssessmentRecord {
  id: number;
  claimId: string;
  recordedBy: string;
  recordedAt: string;
  /** Null while no evaluation has applied it yet. */
  appliedAt: string | null;
}

const triState = (v: boolean | null): number | null => (v === null ? null : v ? 1 : 0);

export function addAssessment(db: Db, a: NewAssessment, now = new Date()): number {
  const r = db
    .prepare(
      `INSERT INTO assessments (person_id, claim_id, chronic_3y, protection_link, underlying_diagnoses, recorded_by, recorded_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(a.personId, a.claimId, triState(a.chronic3y), triState(a.protectionLink), a.underlyingDiagnoses.join(' '), a.recordedBy, now.toISOString());
  return Number(r.lastInsertRowid);
}

/**
 * Applies every pending assessment, oldest first, to its person's record and marks the person for
 * evaluation; call it holding the writer lock, before the evaluation. An assessment of a person no
 * longer in the register is marked applied and changes nothing.
 */
export function applyPendingAssessments(db: Db, now = new Date()): number {
  const pending = db
    .prepare('SELECT id, person_id, chronic_3y, protection_link, underlying_diagnoses FROM assessments WHERE applied_at IS NULL ORDER BY id')
    .raw()
    .all() as [number, string, number | null, number | null, string][];
  if (pending.length === 0) return 0;
  const update = db.prepare(
    'UPDATE persons SET chronic_3y = ?, protection_link = ?, underlying_diagnoses = ?, assessment_id = ? WHERE person_id = ?',
  );
  const applied = db.prepare('UPDATE assessments SET applied_at = ? WHERE id = ?');
  db.transaction(() => {
    for (const [id, personId, chronic, link, diagnoses] of pending) {
      if (update.run(chronic, link, diagnoses, id, personId).changes === 1) markDirty(db, [personId]);
      applied.run(now.toISOString(), id);
    }
  })();
  return pending.length;
}

/** The person's assessments recorded in the web, newest first. */
export function assessmentsOf(db: Db, personId: string, limit = 20): AssessmentRecord[] {
  return db
    .prepare(
      `SELECT id, claim_id AS claimId, recorded_by AS recordedBy, recorded_at AS recordedAt, applied_at AS appliedAt
         FROM assessments WHERE person_id = ? ORDER BY id DESC LIMIT ?`,
    )
    .all(personId, limit) as AssessmentRecord[];
}
