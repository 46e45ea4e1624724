// What a batch's evaluation did to the claims: the open claims before and after are compared by
// what a case officer sees of them (amount, status, deadline, period), so a re-evaluation that
// changes nothing records nothing. Frozen claims never change (SPEC §5.5): a claim that was marked
// submitted while the batch ran is neither changed nor removed by it.
import { FROZEN_STATUSES } from '../domain/types.js';
import { CLAIM_COLUMNS, type ClaimRow, type StoredClaim, fromRow } from './claims.js';
import type { Db } from './db.js';
import { NOT_PAPPERSLOS } from './web-claims.js';

export type ClaimChange = 'created' | 'changed' | 'removed';

/** Each claim's id and what of it is compared, open claims only (frozen ones with their status). */
export type ClaimSnapshot = Map<string, string>;

const FROZEN = new Set<string>(FROZEN_STATUSES);

export function snapshotClaims(db: Db): ClaimSnapshot {
  const rows = db
    .prepare(
      `SELECT id, status || '|' || claim_ore || '|' || care_ore || '|' || interpreter_ore || '|' || deadline || '|' ||
         deadline_provisional || '|' || period_start || '|' || period_end FROM claims`,
    )
    .raw()
    .all() as [string, string][];
  return new Map(rows);
}

const statusOf = (fingerprint: string) => fingerprint.slice(0, fingerprint.indexOf('|'));

/** The open claims that are new or differ in `after`, and those of `before` that are gone. */
export function claimChanges(before: ClaimSnapshot, after: ClaimSnapshot): { id: string; change: ClaimChange }[] {
  const out: { id: string; change: ClaimChange }[] = [];
  for (const [id, now] of after) {
    if (FROZEN.has(statusOf(now))) continue;
    const was = before.get(id);
    if (was === undefined) out.push({ id, change: 'created' });
    else if (was !== now) out.push({ id, change: 'changed' });
  }
  for (const [id, was] of before) if (!FROZEN.has(statusOf(was)) && !after.has(id)) out.push({ id, change: 'removed' });
  return out;
}

export function recordBatchClaims(db: Db, batchId: string, changes: readonly { id: string; change: ClaimChange }[]): void {
  const insert = db.prepare('INSERT OR REPLACE INTO batch_claims (batch_id, claim_id, change) VALUES (?, ?, ?)');
  for (const c of changes) insert.run(batchId, c.id, c.change);
}

export interface BatchClaim {
  claimId: string;
  change: ClaimChange;
  /** The claim as stored now; null once it is gone, or when it is a papperslös person's. */
  claim: StoredClaim | null;
}

/** How many claims the batch created, changed and removed. */
export function batchClaimCounts(db: Db, batchId: string): Record<ClaimChange, number> {
  const counts: Record<ClaimChange, number> = { created: 0, changed: 0, removed: 0 };
  const rows = db.prepare('SELECT change, COUNT(*) AS n FROM batch_claims WHERE batch_id = ? GROUP BY change').all(batchId) as {
    change: ClaimChange;
    n: number;
  }[];
  for (const r of rows) counts[r.change] = r.n;
  return counts;
}

/**
 * The batch's claims by deadline (removed ones last, by id), at most `limit`. Claims of papperslösa
 * are left out whatever made them (the web shows none).
 */
export function listBatchClaims(db: Db, batchId: string, limit = 500): BatchClaim[] {
  const cols = CLAIM_COLUMNS.split(', ')
    .map((c) => `c.${c}`)
    .join(', ');
  const rows = db
    .prepare(
      `SELECT b.claim_id AS batchClaimId, b.change AS batchChange, ${cols}
         FROM batch_claims b LEFT JOIN claims c ON c.id = b.claim_id
        WHERE b.batch_id = ?
          AND ${NOT_PAPPERSLOS}
        ORDER BY c.id IS NULL, c.deadline, b.claim_id LIMIT ?`,
    )
    .all(batchId, limit) as (ClaimRow & { batchClaimId: string; batchChange: ClaimChange })[];
  return rows.map(({ batchClaimId, batchChange, ...r }) => ({
    claimId: batchClaimId,
    change: batchChange,
    claim: r.id === null ? null : fromRow(r as ClaimRow),
  }));
}
