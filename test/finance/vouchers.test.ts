// Share-out of a claim's amounts over its units (src/finance/unit-shares.ts) and the vouchers
// built from its events (src/finance/vouchers.ts): parts sum exactly and stay within an öre of the
// exact share; every voucher balances to the öre; the receivable follows what is still open.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ClaimEvent, openOre, rejectionAmount } from '../../src/finance/claim-events.js';
import { resolvedWeights, shareByUnit, shareEvent } from '../../src/finance/unit-shares.js';
import { type Accounts, type ClaimForVoucher, claimEventVoucher, schablonVoucher } from '../../src/finance/vouchers.js';
import type { ClaimWeight } from '../../src/rules/line-fates.js';

const accounts: Accounts = {
  bank: { number: '1930', name: 'Bank' },
  receivable: { number: '1681', name: 'Fordran' },
  income: { kostnadskravande: { number: '3961', name: 'KV' }, varaktig: { number: '3962', name: 'VV' } },
  schablonReceivable: { number: '1682', name: 'Fordran schablon' },
  schablonIncome: { number: '3963', name: 'Schablon' },
};

const weightsArb = fc.array(
  fc.record({
    unit: fc.constantFrom(null, 'Akuten', 'BUP', 'Asylvård centralt'),
    quarter: fc.constantFrom('2025Q1', '2025Q2', '2025Q3'),
    netOre: fc.oneof(
      { weight: 4, arbitrary: fc.integer({ min: 1, max: 500_000_00 }) },
      { weight: 1, arbitrary: fc.integer({ min: -50_000_00, max: 0 }) },
    ),
  }),
  { maxLength: 8 },
);

const claimArb = fc.record({
  weights: weightsArb,
  claimOre: fc.oneof(
    { weight: 5, arbitrary: fc.integer({ min: 1, max: 300_000_00 }) },
    { weight: 1, arbitrary: fc.integer({ min: -50_000_00, max: -1 }) },
  ),
  rule: fc.constantFrom('kostnadskravande', 'varaktig' as const),
});

const toClaim = (c: Pick<ClaimForVoucher, 'claimOre' | 'rule'> & { weights: ClaimWeight[] }): ClaimForVoucher => ({
  id: 'KV-TEST',
  personId: 'P',
  periodStart: '2025-02-01',
  rule: c.rule,
  claimOre: c.claimOre,
  weights: c.weights,
});

const DEFAULT = 'Asylvård centralt';

describe('a claim amount shared over its units and quarters', () => {
  it('sums to the amount and no part is an öre or more from its exact share', () => {
    fc.assert(
      fc.property(claimArb, fc.integer({ min: -10_000_000_00, max: 10_000_000_00 }), (c, amount) => {
        const claim = toClaim(c);
        const shares = shareEvent(claim, amount, DEFAULT);
        expect(shares.reduce((s, x) => s + x.ore, 0)).toBe(amount);
        const weights = resolvedWeights(claim, DEFAULT);
        const total = weights.reduce((s, w) => s + w.netOre, 0);
        if (total === 0) return;
        shares.forEach((s, i) => {
          // |part − amount·w/W| < 1 öre, exactly in integers.
          const diff = BigInt(s.ore) * BigInt(total) - BigInt(amount) * BigInt(weights[i]!.netOre);
          expect((diff < 0n ? -diff : diff) < BigInt(Math.abs(total))).toBe(true);
        });
        // Lines without a unit are the default unit's.
        expect(shares.every((s) => s.unit !== null)).toBe(true);
        expect(shareByUnit(claim, amount, DEFAULT).reduce((s, x) => s + x.ore, 0)).toBe(amount);
      }),
      { numRuns: 2000 },
    );
  });

  it('a claim without weights goes whole to the default unit', () => {
    const claim = { id: 'X', personId: 'P', periodStart: '2025-05-02', weights: [] };
    expect(shareEvent(claim, 1000, DEFAULT)).toEqual([{ unit: DEFAULT, quarter: '2025Q2', ore: 1000 }]);
  });
});

describe('vouchers of a claim’s events', () => {
  const eventArb = fc.array(
    fc.oneof(
      fc.record({ kind: fc.constant('payment' as const), amountOre: fc.integer({ min: -20_000_00, max: 200_000_00 }) }),
      fc.record({ kind: fc.constant('rejection' as const), amountOre: fc.constant(0) }),
    ),
    { maxLength: 6 },
  );

  it('every voucher balances to the öre, and the receivable is what is still open', () => {
    fc.assert(
      fc.property(claimArb, eventArb, (c, later) => {
        const claim = toClaim(c);
        const events: ClaimEvent[] = [];
        const add = (kind: ClaimEvent['kind'], amountOre: number) => {
          const amount = kind === 'submitted' ? claim.claimOre : kind === 'rejection' ? rejectionAmount(claim.claimOre, events) : amountOre;
          events.push({
            id: events.length + 1,
            claimId: claim.id,
            kind,
            date: '2025-12-01',
            amountOre: amount,
            reference: null,
            reason: null,
            caseNumber: null,
            source: 'test',
          });
        };
        add('submitted', 0);
        for (const e of later) add(e.kind, e.amountOre);
        let receivable = 0;
        events.forEach((e, i) => {
          const v = claimEventVoucher(claim, e, events.slice(0, i), accounts, DEFAULT);
          if (e.amountOre === 0) return expect(v).toBeNull();
          expect(v!.rows.reduce((s, r) => s + r.amountOre, 0)).toBe(0);
          expect(v!.rows.every((r) => Number.isSafeInteger(r.amountOre) && r.amountOre !== 0)).toBe(true);
          receivable += v!.rows.filter((r) => r.account === accounts.receivable.number).reduce((s, r) => s + r.amountOre, 0);
          if (e.kind === 'submitted') {
            // Per unit: the receivable rows are the claim's share-out.
            const perUnit = shareByUnit(claim, e.amountOre, DEFAULT).filter((s) => s.ore !== 0);
            expect(v!.rows.filter((r) => r.account === accounts.receivable.number).map((r) => ({ unit: r.unit, ore: r.amountOre }))).toEqual(perUnit);
          }
        });
        // Payments in the claim's direction settle the receivable; what goes beyond it is income.
        // (A payment the other way, a refund, goes against income and leaves the receivable.)
        if (events.every((e) => e.kind !== 'payment' || Math.sign(e.amountOre) === Math.sign(claim.claimOre))) {
          const open = openOre(claim.claimOre, events);
          expect(receivable).toBe(claim.claimOre >= 0 ? Math.max(0, open) : Math.min(0, open));
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('a payment: bank against the receivable, the part beyond it to income; schablon receivable against income', () => {
    const claim: ClaimForVoucher = {
      id: 'KV-1',
      personId: 'P',
      periodStart: '2025-02-01',
      rule: 'kostnadskravande',
      claimOre: 100_00,
      weights: [{ unit: 'Akuten', quarter: '2025Q1', netOre: 1 }],
    };
    const submitted: ClaimEvent = {
      id: 1,
      claimId: 'KV-1',
      kind: 'submitted',
      date: '2025-03-01',
      amountOre: 100_00,
      reference: null,
      reason: null,
      caseNumber: null,
      source: 't',
    };
    const paid: ClaimEvent = { ...submitted, id: 2, kind: 'payment', amountOre: 120_00, reference: 'BG 1' };
    expect(claimEventVoucher(claim, paid, [submitted], accounts, DEFAULT)!.rows).toEqual([
      { account: '1930', unit: null, amountOre: 120_00 },
      { account: '1681', unit: 'Akuten', amountOre: -100_00 },
      { account: '3961', unit: 'Akuten', amountOre: -20_00 },
    ]);
    expect(schablonVoucher('2025Q1', '2025-03-31', 4435_00, accounts, DEFAULT)!.rows).toEqual([
      { account: '1682', unit: DEFAULT, amountOre: 4435_00 },
      { account: '3963', unit: DEFAULT, amountOre: -4435_00 },
    ]);
  });
});
