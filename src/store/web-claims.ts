// The claims as the web application lists them: filtered and sorted in SQL (the list must stay
// fast with a million lines), and never a claim of a papperslös person, whatever evaluation made it.
import { CLAIM_STATUSES, type ClaimStatus, type Person, type Rule } from '../domain/types.js';
import { CLAIM_COLUMNS, type ClaimRow, type StoredClaim, fromRow, getClaim } from './claims.js';
import { getPerson } from './persons.js';
import type { Db } from './db.js';
import type { Reminder } from './reminders.js';

// A claim's person id is its register person's id (the evaluation keys persons so): one primary-key
// lookup per claim.
export const NOT_PAPPERSLOS = `NOT EXISTS (SELECT 1 FROM persons p WHERE p.person_id = c.person_id AND p.grp = 'papperslös')`;

export interface ClaimFilter {
  status?: ClaimStatus;
  /** Only claims not yet submitted whose deadline can still matter (ready, waiting, needs assessment). */
  open?: boolean;
  rule?: Rule;
  /** `2025Q2`: kostnadskrävande claims of that quarter, varaktig ones whose period starts in it. */
  quarter?: string;
  /** Only claims whose deadline is on or before this date. */
  deadlineBy?: string;
  limit?: number;
}

/** The visible claims matching the filter, by deadline (then id), in one query. */
export function listVisibleClaims(db: Db, f: ClaimFilter = {}): StoredClaim[] {
  const where = [NOT_PAPPERSLOS];
  const args: (string | number)[] = [];
  if (f.status) {
    where.push('c.status = ?');
    args.push(f.status);
  }
  if (f.open) where.push("c.status IN ('ready', 'waiting', 'needs_assessment')");
  if (f.rule) {
    where.push('c.rule = ?');
    args.push(f.rule);
  }
  if (f.quarter) {
    where.push("COALESCE(c.quarter, substr(c.period_start, 1, 4) || 'Q' || ((CAST(substr(c.period_start, 6, 2) AS INTEGER) + 2) / 3)) = ?");
    args.push(f.quarter);
  }
  if (f.deadlineBy) {
    where.push('c.deadline <= ?');
    args.push(f.deadlineBy);
  }
  args.push(f.limit ?? 500);
  const rows = db
    .prepare(`SELECT ${CLAIM_COLUMNS} FROM claims c WHERE ${where.join(' AND ')} ORDER BY c.deadline, c.id LIMIT ?`)
    .all(...args) as ClaimRow[];
  return rows.map(fromRow);
}

/** One claim, or null when there is none with this id or it is a papperslös person's. */
export function getVisibleClaim(db: Db, id: string): StoredClaim | null {
  const visible = db.prepare(`SELECT 1 FROM claims c WHERE c.id = ? AND ${NOT_PAPPERSLOS}`).get(id);
  return visible ? getClaim(db, id) : null;
}

/** The visible adjustment claims that correct this claim (SPEC §5.5), by id. */
export function adjustmentsOf(db: Db, id: string): StoredClaim[] {
  return (
    db.prepare(`SELECT ${CLAIM_COLUMNS} FROM claims c WHERE c.adjustment_of = ? AND ${NOT_PAPPERSLOS} ORDER BY c.id`).all(id) as ClaimRow[]
  ).map(fromRow);
}

/** The register person a claim belongs to, with LMA periods; null when it is not in the register. */
export function personOfClaim(db: Db, claim: Pick<StoredClaim, 'personId'>): Person | null {
  return getPerson(db, claim.personId);
}

export interface StatusTotal {
  status: ClaimStatus;
  count: number;
  claimOre: number;
  paidOre: number;
}

/** Count, claimed and paid öre per status, of the visible claims. */
export function totalsByStatus(db: Db): StatusTotal[] {
  const rows = db
    .prepare(
      `SELECT c.status AS status, COUNT(*) AS count, COALESCE(SUM(c.claim_ore), 0) AS claimOre, COALESCE(SUM(c.paid_ore), 0) AS paidOre
       FROM claims c WHERE ${NOT_PAPPERSLOS} GROUP BY c.status`,
    )
    .all() as StatusTotal[];
  const by = new Map(rows.map((r) => [r.status, r]));
  return CLAIM_STATUSES.map((s) => by.get(s) ?? { status: s, count: 0, claimOre: 0, paidOre: 0 });
}

/** Claimed öre per quarter (as the quarter filter counts them) and status, oldest quarter first. */
export function totalsByQuarter(db: Db): { quarter: string; status: ClaimStatus; claimOre: number }[] {
  return db
    .prepare(
      `SELECT COALESCE(c.quarter, substr(c.period_start, 1, 4) || 'Q' || ((CAST(substr(c.period_start, 6, 2) AS INTEGER) + 2) / 3)) AS quarter,
         c.status AS status, COALESCE(SUM(c.claim_ore), 0) AS claimOre
       FROM claims c WHERE ${NOT_PAPPERSLOS} GROUP BY 1, 2 ORDER BY 1, 2`,
    )
    .all() as { quarter: string; status: ClaimStatus; claimOre: number }[];
}

/** Expired claims' öre whose deadline fell in the given year. */
export function expiredInYear(db: Db, year: number): number {
  return db
    .prepare(`SELECT COALESCE(SUM(c.claim_ore), 0) FROM claims c WHERE c.status = 'expired' AND substr(c.deadline, 1, 4) = ? AND ${NOT_PAPPERSLOS}`)
    .pluck()
    .get(String(year)) as number;
}

/** The scheduler's deadline warnings of visible claims, newest first. */
export function visibleReminders(db: Db, limit = 200): Reminder[] {
  return db
    .prepare(
      `SELECT r.claim_id AS claimId, r.days_before AS daysBefore, r.deadline, r.days_left AS daysLeft, r.written_on AS writtenOn, r.mailed_at AS mailedAt
         FROM reminders r JOIN claims c ON c.id = r.claim_id WHERE ${NOT_PAPPERSLOS}
         ORDER BY r.written_on DESC, r.deadline, r.claim_id LIMIT ?`,
    )
    .all(limit) as Reminder[];
}
