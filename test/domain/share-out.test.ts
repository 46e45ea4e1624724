// The largest-remainder share-out (SPEC §8): parts sum to the amount exactly and each is less than
// one öre from its exact share.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shareOut } from '../../src/domain/share-out.js';

/** |part − amount·w/W| < 1, checked exactly with BigInt: |part·W − amount·w| < |W|. */
function withinOneOre(part: number, amount: number, w: number, total: number): boolean {
  const diff = BigInt(part) * BigInt(total) - BigInt(amount) * BigInt(w);
  const abs = diff < 0n ? -diff : diff;
  const t = BigInt(total < 0 ? -total : total);
  return abs < t;
}

describe('shareOut', () => {
  it('parts sum to the amount and none is an öre or more from its exact share', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -10_000_000_000, max: 10_000_000_000 }),
        fc.array(fc.oneof(fc.integer({ min: 0, max: 10_000_000_000 }), fc.integer({ min: -5_000_000, max: 50_000_000 })), {
          minLength: 1,
          maxLength: 30,
        }),
        (amount, weights) => {
          const parts = shareOut(amount, weights);
          expect(parts).toHaveLength(weights.length);
          expect(parts.reduce((s, p) => s + p, 0)).toBe(amount);
          for (const p of parts) expect(Number.isSafeInteger(p)).toBe(true);
          const total = weights.reduce((s, w) => s + w, 0);
          if (total !== 0) weights.forEach((w, i) => expect(withinOneOre(parts[i]!, amount, w, total)).toBe(true));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('gives exact shares when they are whole öre, and the extra öre to the largest remainders', () => {
    expect(shareOut(100_00, [1, 1, 2])).toEqual([25_00, 25_00, 50_00]);
    expect(shareOut(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(shareOut(-100, [1, 1, 1])).toEqual([-33, -33, -34]);
    expect(shareOut(10, [3, 3, 4])).toEqual([3, 3, 4]);
    expect(shareOut(7, [2, 5])).toEqual([2, 5]);
    // A credit among the weights: still exact in sum.
    expect(shareOut(1000, [1500, -500])).toEqual([1500, -500]);
  });

  it('shares by absolute weights when they cancel out, equally when all are zero, nothing over no parts', () => {
    expect(shareOut(100, [50, -50])).toEqual([50, 50]);
    expect(shareOut(101, [0, 0])).toEqual([51, 50]);
    expect(shareOut(0, [])).toEqual([]);
    expect(() => shareOut(1, [])).toThrow();
  });

  it('is exact where products pass 2^53 (BigInt path)', () => {
    const parts = shareOut(9_999_999_999, [9_999_999_999, 1, 7_777_777_777]);
    expect(parts.reduce((s, p) => s + p, 0)).toBe(9_999_999_999);
    const total = 9_999_999_999 + 1 + 7_777_777_777;
    parts.forEach((p, i) => expect(withinOneOre(p, 9_999_999_999, [9_999_999_999, 1, 7_777_777_777][i]!, total)).toBe(true));
  });
});
