// The claims as the web application lists them: filtered and sorted in SQL (the list must stay
// fast with a million lines), and never a claim of a papperslös person, whatever evaluation made it.
import { quarterOf } from '../domain/dates.js';
import { CLAIM_STATUSES, type ClaimStatus, type Person, type Rule } from '../domain/types.js';
import { CLAIM_COLUMNS, type ClaimRow, type StoredClaim, fromRow, getClaim } from './claims.js';
import { getPerson } from './persons.js';
import type { Db } from './db.js';
import type { Reminder } from './reminders.js';

// A claim's person id is its register person's id (the evaluation keys persons so): one primary-key
// lookup per claim, for queries that read a few claims. Those that read them all ask the list of
// papperslösa once (a partial index holds it) instead.
export const NOT_PAPPERSLOS_SCAN = "c.person_id NOT IN (SELECT person_id FROM persons WHERE grp = 'papperslös')";
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

export interface ClaimTotals {
  /** Count, claimed and paid öre per status, every status. */
  byStatus: StatusTotal[];
  /** Claimed öre per quarter (as the quarter filter counts them) and status, oldest quarter first. */
  byQuarter: { quarter: string; status: ClaimStatus; claimOre: number }[];
}

/**
 * The visible claims' totals for the overview, from one pass in the order of claims_totals (a
 * covering index: no sort, no table read), summed up here per status and per quarter.
 */
export function claimTotals(db: Db): ClaimTotals {
  const groups = db
    .prepare(
      `SELECT c.status, c.quarter, c.period_start, COUNT(*), SUM(c.claim_ore), COALESCE(SUM(c.paid_ore), 0)
         FROM claims c INDEXED BY claims_totals WHERE ${NOT_PAPPERSLOS_SCAN}
        GROUP BY c.status, c.quarter, c.period_start`,
    )
    .raw()
    .all() as [ClaimStatus, string | null, string, number, number, number][];
  const status = new Map<ClaimStatus, StatusTotal>(CLAIM_STATUSES.map((s) => [s, { status: s, count: 0, claimOre: 0, paidOre: 0 }]));
  const quarters = new Map<string, { quarter: string; status: ClaimStatus; claimOre: number }>();
  for (const [st, quarter, periodStart, count, claimOre, paidOre] of groups) {
    const t = status.get(st)!;
    t.count += count;
    t.claimOre += claimOre;
    t.paidOre += paidOre;
    const q = quarter ?? quarterOf(periodStart);
    const key = `${q} ${st}`;
    const entry = quarters.get(key);
    if (entry) entry.claimOre += claimOre;
    else quarters.set(key, { quarter: q, status: st, claimOre });
  }
  const byQuarter = [...quarters.values()].sort((a, b) => (a.quarter < b.quarter ? -1 : a.quarter > b.quarter ? 1 : a.status < b.status ? -1 : 1));
  return { byStatus: [...status.values()], byQuarter };
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
