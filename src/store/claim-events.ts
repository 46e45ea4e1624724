// Claim events (SPEC §8): the dated submissions, payments and rejections of claims. One function
// records an event for `claims mark` and the payment import alike, and keeps the claim's own
// columns (status, submitted_on, paid_ore, paid_on, rejected_reason) in step.
import { type ClaimEvent, type ClaimEventKind, STATUS_AFTER, eventKey, rejectionAmount } from '../finance/claim-events.js';
import type { IsoDate, Ore } from '../domain/types.js';
import { camelColumns, type Db } from './db.js';
import { addTo } from '../domain/collections.js';
import { markDirty } from './dirty-persons.js';

// Every column reads as its ClaimEvent field.
const COLUMNS = camelColumns('id claim_id kind date amount_ore reference reason case_number source');

/** A claim's events in the order they happened (date, then when recorded). */
export function claimEventsOf(db: Db, claimId: string): ClaimEvent[] {
  return db.prepare(`SELECT ${COLUMNS} FROM claim_events WHERE claim_id = ? ORDER BY date, id`).all(claimId) as ClaimEvent[];
}

/** Every event by claim id, each claim's in the order they happened. */
export function eventsByClaim(db: Db): Map<string, ClaimEvent[]> {
  const out = new Map<string, ClaimEvent[]>();
  for (const event of db.prepare(`SELECT ${COLUMNS} FROM claim_events ORDER BY claim_id, date, id`).all() as ClaimEvent[]) {
    addTo(out, event.claimId, event);
  }
  return out;
}

/** Case numbers compare trimmed and upper-cased, however they were typed. */
export function normaliseCaseNumber(caseNumber: string): string {
  return caseNumber.trim().toUpperCase();
}

/** The claims a Migrationsverket case number was recorded for. */
export function claimIdsForCaseNumber(db: Db, caseNumber: string): string[] {
  return db
    .prepare('SELECT DISTINCT claim_id FROM claim_events WHERE case_number = ? ORDER BY claim_id')
    .pluck()
    .all(normaliseCaseNumber(caseNumber)) as string[];
}

/** Records Migrationsverket's case number for a submitted claim; false when it has no submission. */
export function setCaseNumber(db: Db, claimId: string, caseNumber: string): boolean {
  const r = db
    .prepare("UPDATE claim_events SET case_number = ? WHERE claim_id = ? AND kind = 'submitted'")
    .run(normaliseCaseNumber(caseNumber), claimId);
  return r.changes > 0;
}

export interface NewClaimEvent {
  claimId: string;
  kind: ClaimEventKind;
  date: IsoDate;
  /** A payment's amount; a submission takes the claim's amount and a rejection what is open. */
  amountOre?: Ore;
  reference?: string | null;
  reason?: string | null;
  caseNumber?: string | null;
  source: string;
  /** Which of several identical rows of one payment list this is (1 for `claims mark`). */
  occurrence?: number;
}

export interface RecordResult {
  /** False when the same event was recorded before (nothing changed). */
  recorded: boolean;
  event: ClaimEvent | null;
}

/**
 * Records one event and updates the claim, in one transaction; the person is marked for
 * re-evaluation (a marked claim is frozen). Whether the claim may take the event is the caller's
 * check (eventRefusal): this only refuses an unknown claim.
 */
export function recordClaimEvent(db: Db, input: NewClaimEvent): RecordResult {
  return db.transaction((): RecordResult => {
    const claim = db.prepare('SELECT claim_ore, person_id FROM claims WHERE id = ?').get(input.claimId) as
      { claim_ore: number; person_id: string } | undefined;
    if (!claim) throw new Error(`ingen ansökan med id ${input.claimId}`);
    const earlier = claimEventsOf(db, input.claimId);
    const amountOre =
      input.kind === 'submitted' ? claim.claim_ore : input.kind === 'rejection' ? rejectionAmount(claim.claim_ore, earlier) : input.amountOre;
    if (amountOre === undefined || !Number.isSafeInteger(amountOre)) throw new Error('en utbetalning behöver ett belopp i öre');
    const fields = {
      claimId: input.claimId,
      kind: input.kind,
      date: input.date,
      amountOre,
      reference: input.reference ?? null,
      reason: input.reason ?? null,
    };
    const inserted = db
      .prepare(
        `INSERT OR IGNORE INTO claim_events (claim_id, kind, date, amount_ore, reference, reason, case_number, source, dedupe_key, recorded_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        fields.claimId,
        fields.kind,
        fields.date,
        fields.amountOre,
        fields.reference,
        fields.reason,
        input.caseNumber ? normaliseCaseNumber(input.caseNumber) : null,
        input.source,
        eventKey(fields, input.occurrence ?? 1),
        new Date().toISOString(),
      );
    if (inserted.changes === 0) return { recorded: false, event: null };
    db.prepare(
      `UPDATE claims SET status = @status,
         submitted_on = CASE WHEN @kind = 'submitted' THEN @date ELSE submitted_on END,
         paid_ore = (SELECT SUM(amount_ore) FROM claim_events WHERE claim_id = @id AND kind = 'payment'),
         paid_on = (SELECT MAX(date) FROM claim_events WHERE claim_id = @id AND kind = 'payment'),
         rejected_reason = CASE WHEN @kind = 'rejection' THEN @reason ELSE rejected_reason END
       WHERE id = @id`,
    ).run({ id: input.claimId, status: STATUS_AFTER[input.kind], kind: input.kind, date: input.date, reason: fields.reason });
    // The person's next evaluation must see the claim as frozen.
    // The person's next evaluation must see the claim as frozen.
    markDirty(db, [claim.person_id]);
    const caseNumber = input.caseNumber ? normaliseCaseNumber(input.caseNumber) : null;
    const event: ClaimEvent = { id: Number(inserted.lastInsertRowid), ...fields, caseNumber, source: input.source };
    return { recorded: true, event };
  })();
}

/** Events dated within [from, to], in the order they happened. */
export function eventsBetween(db: Db, from: IsoDate, to: IsoDate): ClaimEvent[] {
  return db.prepare(`SELECT ${COLUMNS} FROM claim_events WHERE date >= ? AND date <= ? ORDER BY date, id`).all(from, to) as ClaimEvent[];
}
