import { describe, expect, it } from 'vitest';
import { emptyFates, type Claim, type CostLine, type Person } from '../../src/domain/types.js';
import { evaluatePerson } from '../../src/rules/evaluate-person.js';
import { kr, line, settled, testClaimId } from '../helpers/builders.js';

function evaluate(p: Person, lines: CostLine[], asOf = '2025-12-01', frozen: Claim[] = []) {
  return evaluatePerson({ personKey: p.personId, person: p, lines, frozen, asOf, claimId: testClaimId });
}

const care = (date: string, kronor: number, more: Partial<CostLine> = {}) => line({ date, amountOre: kr(kronor), diagnosis: 'F43.1', ...more });
const interpreter = (date: string, kronor: number, more: Partial<CostLine> = {}) =>
  care(date, kronor, { costType: 'tolk', diagnosis: null, ...more });

describe('varaktig vård: the 60 000 kr test (SPEC §5.3)', () => {
  it('the shared example: one qualifying period chosen, the rest below threshold, unlinked care excluded', () => {
    const p = settled({ receptionDate: '2023-11-20', underlyingDiagnoses: ['F43'] });
    const r = evaluate(p, [
      care('2024-01-10', 20_000, { contactId: 'R-1' }),
      interpreter('2024-01-10', 3_000, { contactId: 'R-1' }),
      care('2024-10-15', 25_000, { contactId: 'R-2' }),
      care('2025-01-20', 38_000, { contactId: 'R-2' }),
      care('2024-11-01', 9_000, { contactId: 'R-3', diagnosis: 'K35.8' }),
    ]);
    expect(r.claims).toHaveLength(1);
    expect(r.claims[0]).toMatchObject({
      rule: 'varaktig',
      contactId: null,
      periodStart: '2024-10-15',
      periodEnd: '2025-10-14',
      careOre: kr(63_000),
      interpreterOre: 0,
      claimOre: kr(63_000),
      deadline: '2026-10-14',
      status: 'ready',
    });
    expect(r.fates).toEqual({ ...emptyFates(), claimed: kr(63_000), below_threshold: kr(23_000), not_linked: kr(9_000) });
  });

  it('interpreter costs do not count towards 60 000 kr but are claimed once it is reached', () => {
    const p = settled();
    expect(evaluate(p, [care('2024-03-01', 59_999.99), interpreter('2024-03-02', 10_000)]).claims).toEqual([]);
    const r = evaluate(p, [care('2024-03-01', 60_000), interpreter('2024-03-02', 5_000)]);
    expect(r.claims[0]).toMatchObject({ careOre: kr(60_000), interpreterOre: kr(5_000), claimOre: kr(65_000) });
  });

  it('60 000 kr is a qualifying level, not a deductible: the whole period is claimed', () => {
    const r = evaluate(settled(), [care('2024-03-01', 70_000)]);
    expect(r.claims[0]!.claimOre).toBe(kr(70_000));
  });

  it('a period starting on 29 February ends on 28 February; its deadline is 28 February a year on, moved', () => {
    const r = evaluate(settled(), [care('2024-02-29', 60_000), care('2025-02-28', 1_000), care('2025-03-01', 99)], '2025-06-01');
    expect(r.claims[0]).toMatchObject({ periodStart: '2024-02-29', periodEnd: '2025-02-28', claimOre: kr(61_000), deadline: '2026-03-02' });
  });

  it('a deadline on julafton moves past Christmas', () => {
    const r = evaluate(settled(), [care('2024-12-25', 60_000)], '2026-01-10');
    expect(r.claims[0]).toMatchObject({ periodEnd: '2025-12-24', deadline: '2026-12-28' });
  });
});

describe('choosing periods', () => {
  it('picks the non-overlapping periods that recover the most', () => {
    const p = settled();
    const r = evaluate(
      p,
      [care('2022-01-10', 40_000), care('2022-06-01', 30_000), care('2023-02-01', 45_000), care('2023-05-01', 20_000)],
      '2023-06-01',
    );
    // Best: 2022-01-10 (70 000) and 2023-02-01 (65 000) = 135 000; 2022-06-01 alone would block the second.
    expect(r.claims.map((c) => [c.periodStart, c.claimOre])).toEqual([
      ['2022-01-10', kr(70_000)],
      ['2023-02-01', kr(65_000)],
    ]);
  });

  it('a tie goes to the choice whose first differing period starts earlier', () => {
    const p = settled();
    // 2024-01-01 window: 30k+30k = 60k (claims 60k); 2024-06-01 window: 30k+30k = 60k too. Overlapping.
    const r = evaluate(p, [care('2024-01-01', 30_000), care('2024-06-01', 30_000), care('2025-03-01', 30_000)], '2025-06-01');
    expect(r.claims.map((c) => c.periodStart)).toEqual(['2024-01-01']);
  });

  it('never chooses an expired period; what it would have claimed is the expired fate', () => {
    const p = settled();
    const r = evaluate(p, [care('2022-01-10', 70_000), care('2024-03-01', 65_000)], '2025-06-01');
    expect(r.claims.map((c) => c.periodStart)).toEqual(['2024-03-01']);
    expect(r.fates).toEqual({ ...emptyFates(), claimed: kr(65_000), expired: kr(70_000) });
  });

  it('lost money is what the optimum ignoring deadlines would have claimed beyond the claimable one', () => {
    const p = settled();
    // Expired alone: 2022-05-01 → 80k. Claimable: 2023-04-01 window holds 2023-04-01 (70k) → 70k.
    // Ignoring deadlines: 2022-05-01 (80k) + 2023-04-01? 2022-05-01 ends 2023-04-30: overlaps. Best = 80k+? or 70k+? …
    const r = evaluate(p, [care('2022-05-01', 80_000), care('2023-04-01', 70_000)], '2024-05-03');
    const claimed = r.claims.reduce((s, c) => s + c.claimOre, 0);
    expect(r.fates.claimed).toBe(claimed);
    expect(r.fates.claimed + r.fates.expired + r.fates.below_threshold).toBe(kr(150_000));
  });

  it('a period that has not ended yet waits', () => {
    const r = evaluate(settled(), [care('2025-03-01', 60_000)], '2025-12-01');
    expect(r.claims[0]!.status).toBe('waiting');
  });

  it('missing assessments or diagnoses: needs_assessment', () => {
    expect(evaluate(settled({ chronic3y: null }), [care('2024-03-01', 60_000)]).claims[0]!.status).toBe('needs_assessment');
    expect(evaluate(settled({ protectionLink: null }), [care('2024-03-01', 60_000)]).claims[0]!.status).toBe('needs_assessment');
    expect(evaluate(settled({ underlyingDiagnoses: [] }), [care('2024-03-01', 60_000)]).claims[0]!.status).toBe('needs_assessment');
  });
});

describe('exclusions', () => {
  it('a negative assessment excludes every varaktig line of the person', () => {
    const r = evaluate(settled({ chronic3y: false }), [care('2024-03-01', 60_000), care('2024-04-01', 1_000, { doctorOrdered: false })]);
    expect(r.claims).toEqual([]);
    expect(r.fates).toEqual({ ...emptyFates(), assessment_negative: kr(61_000) });
  });

  it('care not ordered by a doctor does not count', () => {
    const r = evaluate(settled(), [care('2024-03-01', 60_000, { doctorOrdered: false })]);
    expect(r.fates).toEqual({ ...emptyFates(), not_doctor_ordered: kr(60_000) });
  });

  it('the contact diagnosis is the first one in ingestion order; codes compare without the dot', () => {
    const p = settled({ underlyingDiagnoses: ['F43.1'] });
    const r = evaluate(p, [
      care('2024-03-01', 30_000, { contactId: 'A', diagnosis: null }),
      care('2024-03-02', 30_000, { contactId: 'A', diagnosis: 'f431' }),
      care('2024-03-03', 5_000, { contactId: 'A', diagnosis: 'K35' }),
      care('2024-03-04', 7_000, { contactId: 'B', diagnosis: 'K35' }),
      care('2024-03-05', 1_000, { contactId: 'C', diagnosis: null }),
    ]);
    expect(r.fates.not_linked).toBe(kr(7_000));
    expect(r.claims[0]!.claimOre).toBe(kr(66_000));
  });
});

describe('frozen claims (SPEC §5.5)', () => {
  it('a submitted period is never overlapped; new lines in it give an adjustment for the difference', () => {
    const p = settled();
    const lines = [care('2024-03-01', 60_000)];
    const first = evaluate(p, lines);
    const submitted: Claim = { ...first.claims[0]!, status: 'submitted' };
    const later = [...lines, care('2024-06-01', 5_000), care('2025-03-15', 70_000)];
    const r = evaluate(p, later, '2026-01-15', [submitted]);
    const adjustment = r.claims.find((c) => c.adjustmentOf === submitted.id)!;
    expect(adjustment).toMatchObject({ periodStart: '2024-03-01', careOre: kr(65_000), claimOre: kr(5_000) });
    expect(adjustment.id).not.toBe(submitted.id);
    // The 2024-06-01 window (75 000 kr) would overlap the submitted period: only 2025-03-15 is new.
    expect(r.claims.filter((c) => c.adjustmentOf === null).map((c) => [c.periodStart, c.claimOre])).toEqual([['2025-03-15', kr(70_000)]]);
    expect(r.fates).toEqual({ ...emptyFates(), claimed: kr(135_000) });
  });

  it('re-evaluating with nothing new gives nothing new', () => {
    const p = settled();
    const lines = [care('2024-03-01', 60_000)];
    const first = evaluate(p, lines);
    const submitted: Claim = { ...first.claims[0]!, status: 'submitted' };
    const r = evaluate(p, lines, '2025-12-01', [submitted]);
    expect(r.claims).toEqual([]);
    expect(r.fates.claimed).toBe(kr(60_000));
  });
});
