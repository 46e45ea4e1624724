// What happens to a claim after it is applied for (SPEC §5.5, §8): submitted, paid (possibly in
// parts), rejected. Pure rules shared by `claims mark` and the payment import: which event a
// claim may take, what a rejection takes away, and the key that makes the same event count once.
import { FROZEN_STATUSES, type ClaimStatus, type IsoDate, type Ore } from '../domain/types.js';

export const CLAIM_EVENT_KINDS = ['submitted', 'payment', 'rejection'] as const;
export type ClaimEventKind = (typeof CLAIM_EVENT_KINDS)[number];

export interface ClaimEvent {
  id: number;
  claimId: string;
  kind: ClaimEventKind;
  date: IsoDate;
  /** Submitted: the claim's amount; payment: what was paid; rejection: what will not be paid. */
  amountOre: Ore;
  reference: string | null;
  reason: string | null;
  /** Migrationsverket's case number, when known (recorded with the submission or a payment). */
  caseNumber: string | null;
  source: string;
}

/** The status a claim has after the event. */
export const STATUS_AFTER: Record<ClaimEventKind, Extract<ClaimStatus, 'submitted' | 'paid' | 'rejected'>> = {
  submitted: 'submitted',
  payment: 'paid',
  rejection: 'rejected',
};

/** Why a claim with this status cannot take the event (Swedish), or null when it can. */
export function eventRefusal(status: ClaimStatus, kind: ClaimEventKind): string | null {
  if (kind === 'submitted') {
    return status === 'ready' ? null : `bara en ansökan med status ready kan markeras som inskickad (den har status ${status})`;
  }
  return FROZEN_STATUSES.includes(status) ? null : `ansökan måste först markeras som inskickad (den har status ${status})`;
}

/** What is still open of a claim: its amount less what was paid and rejected. */
export function openOre(claimOre: Ore, events: readonly Pick<ClaimEvent, 'kind' | 'amountOre'>[]): Ore {
  let open = claimOre;
  for (const e of events) if (e.kind !== 'submitted') open -= e.amountOre;
  return open;
}

/** A rejection takes what is still open, and never more than brings it to zero. */
export function rejectionAmount(claimOre: Ore, events: readonly Pick<ClaimEvent, 'kind' | 'amountOre'>[]): Ore {
  const open = openOre(claimOre, events);
  return claimOre >= 0 ? Math.max(0, open) : Math.min(0, open);
}

/**
 * The event's identity: the same payment recorded by `claims mark` and by a payment list, or by
 * the same list imported twice, has the same key. `occurrence` numbers identical rows of one list
 * (two equal payments on one day are two payments).
 */
export function eventKey(
  e: { kind: ClaimEventKind; claimId: string; date: IsoDate; amountOre: Ore; reference: string | null; reason: string | null },
  occurrence = 1,
): string {
  switch (e.kind) {
    case 'submitted':
      return `submitted|${e.claimId}`;
    case 'payment':
      return `payment|${e.claimId}|${e.date}|${e.amountOre}|${e.reference ?? ''}|${occurrence}`;
    case 'rejection':
      return `rejection|${e.claimId}|${e.date}|${e.reason ?? ''}|${occurrence}`;
  }
}
