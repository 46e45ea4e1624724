// A claim's amounts shared out over its care units (SPEC §8): a submission, a payment (whole or
// partial), a rejection or an adjustment is shared over the claim's specification lines per unit
// and quarter in proportion to their net, by the largest remainder (src/domain/share-out.ts), so
// the parts add up to the amount exactly. Lines without a unit go to the configured default unit.
// The ledger (SIE) and the unit report use these same parts, so they agree per unit.
import { quarterOf } from '../domain/dates.js';
import { shareOut } from '../domain/share-out.js';
import type { IsoDate, Ore } from '../domain/types.js';
import type { ClaimWeight } from '../rules/line-fates.js';

export interface ClaimShareInput {
  id: string;
  personId: string;
  periodStart: IsoDate;
  /** The claim's weights; for an adjustment of a contact or period that has no lines left, its original's. */
  weights: readonly ClaimWeight[] | null;
}

export interface UnitShare {
  unit: string;
  quarter: string;
  ore: Ore;
}

/** The claim's weights with the default unit applied (groups that become the same unit merge). */
export function resolvedWeights(claim: ClaimShareInput, defaultUnit: string): { unit: string; quarter: string; netOre: Ore }[] {
  const out: { unit: string; quarter: string; netOre: Ore }[] = [];
  const byKey = new Map<string, { unit: string; quarter: string; netOre: Ore }>();
  for (const w of claim.weights ?? []) {
    const unit = w.unit ?? defaultUnit;
    const key = `${unit}\u0001${w.quarter}`;
    const g = byKey.get(key);
    if (g) g.netOre += w.netOre;
    else {
      const n = { unit, quarter: w.quarter, netOre: w.netOre };
      byKey.set(key, n);
      out.push(n);
    }
  }
  // No lines to share by (a claim from before the weights existed, lines gone): the default unit.
  if (out.length === 0) out.push({ unit: defaultUnit, quarter: quarterOf(claim.periodStart), netOre: 1 });
  return out;
}

/** An amount of the claim over its units and quarters; the parts sum to the amount. */
export function shareEvent(claim: ClaimShareInput, amountOre: Ore, defaultUnit: string): UnitShare[] {
  const weights = resolvedWeights(claim, defaultUnit);
  const parts = shareOut(
    amountOre,
    weights.map((w) => w.netOre),
  );
  return weights.map((w, i) => ({ unit: w.unit, quarter: w.quarter, ore: parts[i]! }));
}

/** The same parts added up per unit (for a voucher's rows), in the order units first appear. */
export function shareByUnit(claim: ClaimShareInput, amountOre: Ore, defaultUnit: string): { unit: string; ore: Ore }[] {
  const out = new Map<string, Ore>();
  for (const s of shareEvent(claim, amountOre, defaultUnit)) out.set(s.unit, (out.get(s.unit) ?? 0) + s.ore);
  return [...out].map(([unit, ore]) => ({ unit, ore }));
}
