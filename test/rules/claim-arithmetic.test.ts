// What an application prints about a claim adds up to its claimOre for every sequence of charges
// and credits (issue 10): contacts whose counting sum goes below zero in an earlier quarter,
// credits dated before the charges they correct, frozen claims corrected by adjustments, twelve-
// month periods that stop qualifying. Checked with the same function the renderer checks with.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ApplicationInput } from '../../src/documents/application-input.js';
import { checkApplicationInput } from '../../src/documents/applications.js';
import { type Claim, type CostLine, type Person, netOre } from '../../src/domain/types.js';
import { claimDetail } from '../../src/rules/claim-detail.js';
import { evaluatePerson, frozenClaimKey } from '../../src/rules/evaluate-person.js';
import { quarterDeduction } from '../../src/rules/kostnadskravande.js';
import { KOSTNADSKRAVANDE_THRESHOLD_ORE } from '../../src/rules/thresholds.js';
import { asylumSeeker, line, settled, testClaimId } from '../helpers/builders.js';

const AS_OF = '2026-03-01';
const REGION = {
  name: 'Region Test',
  organisationNumber: '232100-0000',
  address: { street: '', postalCode: '', city: '' },
  contact: { name: '', phone: '', email: '' },
  place: '',
};

/** A day in 2024–2025 (eight quarters), so credits can fall in any quarter before or after charges. */
const day = fc.integer({ min: 0, max: 729 }).map((d) => new Date(Date.UTC(2024, 0, 1 + d)).toISOString().slice(0, 10));

/** Mostly charges, often credits, amounts around the thresholds so every branch is reached. */
const amount = fc.oneof(
  fc.integer({ min: 1_000_00, max: 90_000_00 }),
  fc.integer({ min: -90_000_00, max: -1_00 }),
  fc.constantFrom(KOSTNADSKRAVANDE_THRESHOLD_ORE, -KOSTNADSKRAVANDE_THRESHOLD_ORE, 60_000_00, 1),
);

const lineSpec = fc.record({
  contact: fc.integer({ min: 0, max: 2 }),
  date: day,
  amountOre: amount,
  fee: fc.boolean(),
  tolk: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
});

type LineSpec = { contact: number; date: string; amountOre: number; fee: boolean; tolk: boolean };

function toLines(personId: string, specs: readonly LineSpec[], firstSeq: number): CostLine[] {
  return specs.map((s, i) =>
    line({
      seq: firstSeq + i,
      personId,
      contactId: `K-${s.contact}`,
      date: s.date,
      amountOre: s.amountOre,
      feeOre: s.fee && s.amountOre > 0 ? Math.min(s.amountOre, 400_00) : 0,
      costType: s.tolk ? 'tolk' : 'vård',
      careCategory: 'akut',
      diagnosis: 'F43.1',
      contactEnd: s.date,
      fileHasContactEnd: true,
    }),
  );
}

/** Every claim that would get an application, with what its form prints. */
function applications(person: Person, lines: readonly CostLine[], frozen: readonly Claim[]): ApplicationInput[] {
  const { claims } = evaluatePerson({ personKey: person.personId, person, lines, frozen, asOf: AS_OF, claimId: testClaimId });
  return claims.map((claim) => {
    const earlier = frozen.filter((f) => frozenClaimKey(f) === frozenClaimKey(claim));
    return {
      claim,
      person,
      region: REGION,
      asOf: AS_OF,
      ...claimDetail(claim, person, lines, AS_OF),
      previouslyClaimedOre: claim.adjustmentOf ? earlier.reduce((s, f) => s + f.claimOre, 0) : null,
    };
  });
}

/** The printed lines of the calculation section, summed as a reader of the form would. */
function printedClaim(input: ApplicationInput): number {
  const previously = input.previouslyClaimedOre ?? 0;
  if (input.kostnadskravande) return input.kostnadskravande.quarterSumOre - input.kostnadskravande.deductionOre - previously;
  return input.varaktig!.periodClaimOre - previously;
}

function expectAddsUp(inputs: readonly ApplicationInput[]): void {
  for (const input of inputs) {
    expect(() => checkApplicationInput(input)).not.toThrow();
    expect(printedClaim(input)).toBe(input.claim.claimOre);
    expect(input.lines.reduce((s, l) => s + netOre(l), 0)).toBe(
      input.kostnadskravande?.quarterSumOre ?? input.varaktig!.careOre + input.varaktig!.interpreterOre,
    );
  }
}

describe('quarterDeduction', () => {
  it('deducts what the quarter does not claim, and earlier quarters deducted min(C(q−1), T)', () => {
    fc.assert(
      fc.property(fc.array(amount, { minLength: 1, maxLength: 8 }), (quarters) => {
        let before = 0;
        let deducted = 0;
        let claimed = 0;
        for (const sum of quarters) {
          const q = quarterDeduction(before, sum);
          expect(q.deductedBeforeOre).toBe(deducted);
          expect(sum - q.deductionOre).toBe(q.claimOre);
          deducted += q.deductionOre;
          claimed += q.claimOre;
          before += sum;
        }
        // Over the whole contact the claims add up to what lies above the threshold.
        expect(claimed).toBe(Math.max(0, before - KOSTNADSKRAVANDE_THRESHOLD_ORE));
        expect(deducted).toBe(Math.min(before, KOSTNADSKRAVANDE_THRESHOLD_ORE));
      }),
      { numRuns: 5000 },
    );
  });

  it('prints a negative earlier deduction when credits took the contact below zero', () => {
    // −50 000 kr in Q1, then +200 000 kr: the quarter claims 50 000 kr.
    expect(quarterDeduction(-50_000_00, 200_000_00)).toEqual({ deductedBeforeOre: -50_000_00, deductionOre: 150_000_00, claimOre: 50_000_00 });
  });
});

describe('every application adds up to its claim', () => {
  it('kostnadskrävande: contacts with credits in any quarter', () => {
    fc.assert(
      fc.property(fc.array(lineSpec, { minLength: 1, maxLength: 30 }), (specs) => {
        const person = asylumSeeker({ personId: '19850101-0000' });
        expectAddsUp(applications(person, toLines(person.personId, specs, 1), []));
      }),
      { numRuns: 3000 },
    );
  });

  it('varaktig: periods with credits, interpreter costs and periods that stop qualifying', () => {
    fc.assert(
      fc.property(fc.array(lineSpec, { minLength: 1, maxLength: 30 }), (specs) => {
        const person = settled({ personId: '19850101-0000', receptionDate: '2023-06-01' });
        expectAddsUp(applications(person, toLines(person.personId, specs, 1), []));
      }),
      { numRuns: 2000 },
    );
  });

  it('adjustments of submitted claims after more charges and credits', () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.array(lineSpec, { minLength: 1, maxLength: 20 }),
        fc.array(lineSpec, { minLength: 1, maxLength: 10 }),
        fc.integer({ min: 0, max: 2 ** 16 }),
        (settledPerson, first, more, submitMask) => {
          const person = settledPerson
            ? settled({ personId: '19850101-0000', receptionDate: '2023-06-01' })
            : asylumSeeker({ personId: '19850101-0000' });
          const before = toLines(person.personId, first, 1);
          const frozen = applications(person, before, [])
            .map((a) => a.claim)
            .filter((c, i) => c.status !== 'expired' && (submitMask >> i) % 2 === 1)
            .map((c) => ({ ...c, status: 'submitted' as const }));
          const after = [...before, ...toLines(person.personId, more, before.length + 1)];
          expectAddsUp(applications(person, after, frozen));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
