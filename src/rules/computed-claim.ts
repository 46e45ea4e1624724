// A claim as the rules compute it for one person, before frozen claims are taken into account
// (SPEC §5.5) and before it gets its id.
import type { Claim, ClaimStatus, IsoDate } from '../domain/types.js';

export interface ComputedClaim extends Omit<Claim, 'id' | 'personId' | 'adjustmentOf' | 'status'> {
  /** Identifies the claim within its person across runs: the contact and quarter, or the period start. */
  key: string;
  status: Exclude<ClaimStatus, 'submitted' | 'paid' | 'rejected'>;
}

export function kostnadskravandeKey(contactId: string, quarter: string): string {
  return `kostnadskravande|${contactId}|${quarter}`;
}

export function varaktigKey(periodStart: IsoDate): string {
  return `varaktig|${periodStart}`;
}
