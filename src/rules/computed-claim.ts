// A claim as the rules compute it for one person, before frozen claims are taken into account
// (SPEC §5.5) and before it gets its id.
import type { ClaimStatus, IsoDate, Ore, Rule } from '../domain/types.js';

export interface ComputedClaim {
  /** Identifies the claim within its person across runs: the contact and quarter, or the period start. */
  key: string;
  rule: Rule;
  contactId: string | null;
  quarter: string | null;
  periodStart: IsoDate;
  periodEnd: IsoDate;
  careOre: Ore;
  interpreterOre: Ore;
  claimOre: Ore;
  deadline: IsoDate;
  deadlineProvisional: boolean;
  status: Exclude<ClaimStatus, 'submitted' | 'paid' | 'rejected'>;
}

export function kostnadskravandeKey(contactId: string, quarter: string): string {
  return `kostnadskravande|${contactId}|${quarter}`;
}

export function varaktigKey(periodStart: IsoDate): string {
  return `varaktig|${periodStart}`;
}
