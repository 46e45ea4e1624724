import { describe, expect, it } from 'vitest';
import { evaluatePerson } from '../../src/rules/evaluate-person.js';
import { emptyFates, type CostLine, type Person } from '../../src/domain/types.js';
import { asylumSeeker, kr, line, settled, testClaimId } from '../helpers/builders.js';

function evaluate(p: Person, lines: CostLine[], asOf = '2025-11-01') {
  return evaluatePerson({ personKey: p.personId, person: p, lines, frozen: [], asOf, claimId: testClaimId });
}

const adult = asylumSeeker();
const acute = (date: string, kronor: number, more: Partial<CostLine> = {}) => line({ date, amountOre: kr(kronor), careCategory: 'akut', ...more });

describe('kostnadskrävande vård: the 100 000 kr threshold (SPEC §5.2)', () => {
  it('a contact of exactly 100 000 kr gives nothing: the whole sum is below the threshold', () => {
    const r = evaluate(adult, [acute('2025-02-03', 60_000), acute('2025-02-10', 40_000)]);
    expect(r.claims).toEqual([]);
    expect(r.fates).toEqual({ ...emptyFates(), below_threshold: kr(100_000) });
  });

  it('one öre above gives a claim of one öre; the first 100 000 kr are the region’s own', () => {
    const r = evaluate(adult, [acute('2025-02-03', 100_000.01)]);
    expect(r.claims.map((c) => c.claimOre)).toEqual([1]);
    expect(r.fates).toEqual({ ...emptyFates(), own_deductible: kr(100_000), claimed: 1 });
  });

  it('deducts the patient fee and counts interpreter costs', () => {
    const r = evaluate(adult, [
      acute('2025-02-03', 90_000),
      acute('2025-05-06', 40_000, { feeOre: kr(100) }),
      acute('2025-05-06', 1_500, { costType: 'tolk' }),
    ]);
    expect(r.claims).toHaveLength(1);
    expect(r.claims[0]).toMatchObject({
      quarter: '2025Q2',
      periodStart: '2025-05-06',
      periodEnd: '2025-05-06',
      careOre: kr(39_900),
      interpreterOre: kr(1_500),
      claimOre: kr(31_400),
      deadline: '2026-06-30',
      deadlineProvisional: false,
      status: 'ready',
    });
  });

  it('adults are covered only for the listed categories; children for all care', () => {
    const child = asylumSeeker({ personId: '20180505-2022', birthDate: '2018-05-05' });
    const adultResult = evaluate(adult, [line({ date: '2025-03-01', amountOre: kr(150_000) })]);
    expect(adultResult.claims).toEqual([]);
    expect(adultResult.fates.not_covered_category).toBe(kr(150_000));
    const childResult = evaluate(child, [line({ date: '2025-03-10', amountOre: kr(104_000) })]);
    expect(childResult.claims.map((c) => c.claimOre)).toEqual([kr(4_000)]);
  });

  it('a child turning 18 inside a contact: care on and after the birthday needs a covered category', () => {
    const turning = asylumSeeker({ birthDate: '2007-03-15' });
    const r = evaluate(turning, [
      line({ date: '2025-03-14', amountOre: kr(80_000) }),
      line({ date: '2025-03-15', amountOre: kr(50_000) }),
      line({ date: '2025-03-16', amountOre: kr(30_000), careCategory: 'kan_ej_anstå' }),
    ]);
    expect(r.fates.not_covered_category).toBe(kr(50_000));
    expect(r.claims.map((c) => c.claimOre)).toEqual([kr(10_000)]);
  });
});

describe('quarter by quarter', () => {
  it('claims what each quarter adds above the threshold', () => {
    const r = evaluate(adult, [acute('2025-01-20', 60_000), acute('2025-04-20', 60_000), acute('2025-07-20', 60_000)]);
    expect(r.claims.map((c) => [c.quarter, c.claimOre, c.careOre])).toEqual([
      ['2025Q2', kr(20_000), kr(60_000)],
      ['2025Q3', kr(60_000), kr(60_000)],
    ]);
    expect(r.fates).toEqual({ ...emptyFates(), own_deductible: kr(100_000), claimed: kr(80_000) });
  });

  it('a credit in a later quarter gives a negative correction claim', () => {
    const r = evaluate(adult, [acute('2025-01-20', 130_000), acute('2025-04-20', -10_000)]);
    expect(r.claims.map((c) => [c.quarter, c.claimOre])).toEqual([
      ['2025Q1', kr(30_000)],
      ['2025Q2', kr(-10_000)],
    ]);
    expect(r.fates).toEqual({ ...emptyFates(), own_deductible: kr(100_000), claimed: kr(20_000) });
  });

  it('a credit that takes the contact back under the threshold: the whole sum is below it', () => {
    const r = evaluate(adult, [acute('2025-01-20', 120_000), acute('2025-04-20', -30_000)]);
    expect(r.claims.map((c) => c.claimOre)).toEqual([kr(20_000), kr(-20_000)]);
    expect(r.fates).toEqual({ ...emptyFates(), below_threshold: kr(90_000) });
  });

  it('the period of a quarter claim runs from its first to its last counting line', () => {
    const r = evaluate(adult, [acute('2025-01-05', 110_000), acute('2025-02-01', 1_000), acute('2025-03-30', 1_000)]);
    expect(r.claims[0]).toMatchObject({ periodStart: '2025-01-05', periodEnd: '2025-03-30', claimOre: kr(12_000) });
  });
});

describe('contact end, deadline and status', () => {
  it('an empty contact_end in a file with that column means ongoing: provisional deadline, current quarter waits', () => {
    const r = evaluate(
      adult,
      [acute('2025-07-10', 120_000, { fileHasContactEnd: true }), acute('2025-10-10', 5_000, { fileHasContactEnd: true })],
      '2025-11-01',
    );
    expect(r.claims.map((c) => [c.quarter, c.status, c.deadline, c.deadlineProvisional])).toEqual([
      ['2025Q3', 'ready', '2026-06-30', true],
      ['2025Q4', 'waiting', '2026-06-30', true],
    ]);
  });

  it('a contact_end after the as-of date means still ongoing', () => {
    const r = evaluate(adult, [acute('2025-10-10', 120_000, { contactEnd: '2025-12-20', fileHasContactEnd: true })], '2025-11-01');
    expect(r.claims[0]).toMatchObject({ status: 'waiting', deadlineProvisional: true });
  });

  it('the latest contact_end on any line of the contact, in any domain, ends it', () => {
    const p = asylumSeeker({ lma: [{ from: '2024-01-01', to: '2024-12-31' }], receptionDate: '2025-01-01' });
    const r = evaluate(
      p,
      [
        acute('2024-12-10', 120_000, { fileHasContactEnd: true }),
        line({ date: '2025-01-15', amountOre: kr(1_000), contactEnd: '2025-01-20', fileHasContactEnd: true }),
      ],
      '2025-11-01',
    );
    expect(r.claims[0]).toMatchObject({ deadline: '2026-06-30', deadlineProvisional: false, status: 'ready' });
  });

  it('without any contact_end column the contact ended on its last line, counting or not', () => {
    const r = evaluate(adult, [acute('2024-12-20', 120_000), line({ date: '2025-01-03', amountOre: kr(500) })], '2025-11-01');
    expect(r.claims[0]).toMatchObject({ deadline: '2026-06-30', deadlineProvisional: false });
  });

  it('30 June on a Saturday moves to Monday 2 July', () => {
    const r = evaluate(adult, [acute('2028-03-01', 120_000)], '2028-11-01');
    expect(r.claims[0]!.deadline).toBe('2029-07-02');
  });

  it('a deadline before the as-of date is expired, and its money too', () => {
    const r = evaluate(adult, [acute('2023-03-01', 120_000)], '2025-11-01');
    expect(r.claims[0]).toMatchObject({ status: 'expired', deadline: '2024-07-01' });
    expect(r.fates).toEqual({ ...emptyFates(), own_deductible: kr(100_000), expired: kr(20_000) });
  });
});

describe('registration (SPEC §5.1)', () => {
  it('LMA boundaries are inclusive; after them lines fall to reception or outside registration', () => {
    const p = asylumSeeker({ lma: [{ from: '2025-01-01', to: '2025-03-31' }], receptionDate: '2025-05-01' });
    const r = evaluate(p, [acute('2024-12-31', 1), acute('2025-01-01', 2), acute('2025-03-31', 3), acute('2025-04-01', 4), acute('2025-05-01', 5)]);
    expect(r.fates.outside_registration).toBe(kr(1 + 4));
    expect(r.fates.below_threshold).toBe(kr(2 + 3 + 5));
  });

  it('papperslösa never get claims, whatever their LMA periods say', () => {
    const p = asylumSeeker({ group: 'papperslös' });
    const r = evaluate(p, [acute('2025-02-01', 200_000)]);
    expect(r.claims).toEqual([]);
    expect(r.fates).toEqual({ ...emptyFates(), papperslos: kr(200_000) });
  });

  it('lines of someone not in the register are unknown_person', () => {
    const r = evaluatePerson({ personKey: 'X', person: null, lines: [acute('2025-02-01', 5)], frozen: [], asOf: '2025-11-01', claimId: testClaimId });
    expect(r.fates).toEqual({ ...emptyFates(), unknown_person: kr(5) });
  });

  it('a settled person with an LMA period on the date is still kostnadskrävande', () => {
    const p = settled({ lma: [{ from: '2025-01-01', to: null }] });
    const r = evaluate(p, [acute('2025-02-01', 100_001)]);
    expect(r.claims[0]!.rule).toBe('kostnadskravande');
  });
});
