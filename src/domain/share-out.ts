// Sharing an amount of öre over parts in proportion to weights, by the largest-remainder method:
// each part is its exact share rounded down, and the öre left over go one each to the parts with
// the largest remainders (ties to the earlier part). The parts sum to the amount exactly and none
// is an öre or more from its exact share. Integer arithmetic only (BigInt where a product could
// pass 2^53).
import type { Ore } from './types.js';

const SAFE = Number.MAX_SAFE_INTEGER;

/**
 * `amount` shared over `weights` (any signs, e.g. credits). When the weights sum to zero there is no
 * proportion to follow: the amount is shared by the weights' absolute values, and equally when
 * every weight is zero. An empty list takes nothing: it returns [] and the amount must be 0.
 */
export function shareOut(amount: Ore, weights: readonly number[]): Ore[] {
  const n = weights.length;
  if (n === 0) {
    if (amount !== 0) throw new Error('ett belopp kan inte fördelas på noll delar');
    return [];
  }
  if (amount === 0) return new Array<Ore>(n).fill(0);
  let total = 0;
  for (const w of weights) total += w;
  if (total === 0) {
    const abs = weights.map((w) => Math.abs(w));
    return abs.some((w) => w !== 0) ? shareOut(amount, abs) : shareOut(amount, new Array<number>(n).fill(1));
  }
  // Normalise to a positive denominator: x_i = amount · w_i / total.
  const sign = total < 0 ? -1 : 1;
  const denominator = total * sign;
  let maxAbs = 0;
  for (const w of weights) maxAbs = Math.max(maxAbs, Math.abs(w));
  if (Math.abs(amount) * maxAbs > SAFE || denominator > SAFE) return shareOutBig(amount, weights, sign, denominator);

  const parts = new Array<Ore>(n);
  const remainders = new Array<number>(n);
  let given = 0;
  for (let i = 0; i < n; i++) {
    const numerator = amount * weights[i]! * sign;
    let q = Math.floor(numerator / denominator);
    let r = numerator - q * denominator;
    // Float division can land one off near an integer: the remainder puts it right.
    if (r < 0) {
      q -= 1;
      r += denominator;
    } else if (r >= denominator) {
      q += 1;
      r -= denominator;
    }
    parts[i] = q;
    remainders[i] = r;
    given += q;
  }
  distribute(parts, remainders, amount - given);
  return parts.map((p) => (p === 0 ? 0 : p));
}

function shareOutBig(amount: Ore, weights: readonly number[], sign: number, denominator: number): Ore[] {
  const n = weights.length;
  const d = BigInt(denominator);
  const a = BigInt(amount) * BigInt(sign);
  const parts = new Array<Ore>(n);
  const remainders = new Array<bigint>(n);
  let given = 0;
  for (let i = 0; i < n; i++) {
    const numerator = a * BigInt(weights[i]!);
    let q = numerator / d; // truncates towards zero
    let r = numerator - q * d;
    if (r < 0n) {
      q -= 1n;
      r += d;
    }
    parts[i] = Number(q);
    remainders[i] = r;
    given += Number(q);
  }
  distribute(parts, remainders, amount - given);
  return parts.map((p) => (p === 0 ? 0 : p));
}

/** Gives one öre each to the `left` parts with the largest remainders (earlier part first on a tie). */
function distribute<R extends number | bigint>(parts: Ore[], remainders: R[], left: number): void {
  if (left === 0) return;
  const order = remainders.map((_, i) => i).sort((i, j) => (remainders[j]! > remainders[i]! ? 1 : remainders[j]! < remainders[i]! ? -1 : i - j));
  for (let k = 0; k < left; k++) parts[order[k]!]! += 1;
}
