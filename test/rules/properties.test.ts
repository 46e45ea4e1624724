// Invariants of the rules over random inputs (fast-check).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDeadlineClosedDay } from '../../src/domain/calendar.js';
import { addDays, dayNumber, fromDayNumber } from '../../src/domain/dates.js';
import { CARE_CATEGORIES, FATES, type Claim, type CostLine, type Person } from '../../src/domain/types.js';
import { kostnadskravandeDeadline, varaktigDeadline } from '../../src/rules/deadlines.js';
import { evaluatePerson } from '../../src/rules/evaluate-person.js';
import { type Candidate, candidatePeriods, choosePeriods } from '../../src/rules/varaktig.js';
import { testClaimId } from '../helpers/builders.js';

const DAY0 = dayNumber('2021-01-01');
const dateArb = fc.integer({ min: 0, max: 4 * 365 }).map((n) => fromDayNumber(DAY0 + n));

const personArb: fc.Arbitrary<Person> = fc
  .record({
    group: fc.constantFrom('asylsökande', 'massflykting', 'uppehållstillstånd', 'papperslös' as const),
    birthDate: fc.option(
      fc.integer({ min: 0, max: 80 * 365 }).map((n) => fromDayNumber(dayNumber('1950-01-01') + n)),
      { nil: null },
    ),
    lmaStart: dateArb,
    lmaDays: fc.option(fc.integer({ min: 0, max: 700 }), { nil: null }),
    receptionGap: fc.option(fc.integer({ min: 1, max: 200 }), { nil: null }),
    chronic3y: fc.constantFrom(true, false, null),
    protectionLink: fc.constantFrom(true, false, null),
    underlying: fc.subarray(['F43', 'F32.1', 'C50']),
  })
  .map((r) => {
    const lmaTo = r.lmaDays === null ? null : addDays(r.lmaStart, r.lmaDays);
    return {
      personId: '19850101-0000',
      group: r.group,
      birthDate: r.birthDate,
      dossierNumber: null,
      name: null,
      lma: [{ from: r.lmaStart, to: lmaTo }],
      receptionDate: r.receptionGap === null || lmaTo === null ? null : addDays(lmaTo, r.receptionGap),
      chronic3y: r.chronic3y,
      protectionLink: r.protectionLink,
      underlyingDiagnoses: r.underlying,
      municipality: null,
    };
  });

const linesArb: fc.Arbitrary<CostLine[]> = fc
  .array(
    fc.record({
      date: dateArb,
      contact: fc.constantFrom('A', 'B', 'C'),
      amount: fc.oneof(fc.integer({ min: 0, max: 9_000_000 }), fc.integer({ min: -3_000_000, max: 0 })),
      feeShare: fc.integer({ min: 0, max: 10 }),
      tolk: fc.boolean(),
      category: fc.constantFrom(...CARE_CATEGORIES),
      diagnosis: fc.constantFrom(null, 'F43.1', 'K35', 'c509'),
      doctorOrdered: fc.boolean(),
      contactEnd: fc.option(dateArb, { nil: null }),
      fileHasContactEnd: fc.boolean(),
    }),
    { maxLength: 40 },
  )
  .map((rows) =>
    rows.map((r, i) => ({
      seq: i + 1,
      personId: '19850101-0000',
      contactId: r.contact,
      date: r.date,
      amountOre: r.amount,
      feeOre: Math.trunc((r.amount * r.feeShare) / 100),
      costType: r.tolk ? 'tolk' : 'vård',
      careCategory: r.category,
      careSetting: null,
      activity: null,
      quantity: 1,
      diagnosis: r.diagnosis,
      doctorOrdered: r.doctorOrdered,
      contactEnd: r.fileHasContactEnd ? r.contactEnd : null,
      fileHasContactEnd: r.fileHasContactEnd,
      unit: null,
      lineId: null,
    })),
  );

const asOfArb = fc.integer({ min: 200, max: 6 * 365 }).map((n) => fromDayNumber(DAY0 + n));

function netTotal(lines: readonly CostLine[]): number {
  return lines.reduce((s, l) => s + l.amountOre - l.feeOre, 0);
}

function fateTotal(fates: Record<string, number>): number {
  return FATES.reduce((s, f) => s + fates[f]!, 0);
}

describe('every krona accounted for (SPEC §5.4)', () => {
  it('the fates always sum to the net total', () => {
    fc.assert(
      fc.property(personArb, linesArb, asOfArb, (person, lines, asOf) => {
        const r = evaluatePerson({ personKey: person.personId, person, lines, frozen: [], asOf, claimId: testClaimId });
        expect(fateTotal(r.fates)).toBe(netTotal(lines));
        const claimedInClaims = r.claims.filter((c) => c.status !== 'expired').reduce((s, c) => s + c.claimOre, 0);
        expect(r.fates.claimed).toBe(claimedInClaims);
      }),
      { numRuns: 400 },
    );
  });

  it('…also after claims were submitted and new lines arrived', () => {
    fc.assert(
      fc.property(personArb, linesArb, linesArb, asOfArb, fc.array(fc.boolean(), { maxLength: 20 }), (person, first, more, asOf, pick) => {
        const before = evaluatePerson({ personKey: person.personId, person, lines: first, frozen: [], asOf, claimId: testClaimId });
        const frozen: Claim[] = before.claims.filter((c, i) => c.status === 'ready' && pick[i]).map((c) => ({ ...c, status: 'submitted' }));
        const all = [...first, ...more.map((l, i) => ({ ...l, seq: first.length + i + 1 }))];
        const after = evaluatePerson({ personKey: person.personId, person, lines: all, frozen, asOf, claimId: testClaimId });
        expect(fateTotal(after.fates)).toBe(netTotal(all));
        const ids = [...frozen, ...after.claims].map((c) => c.id);
        expect(new Set(ids).size).toBe(ids.length);
      }),
      { numRuns: 300 },
    );
  });

  it('re-evaluating the same input gives the same claims and ids', () => {
    fc.assert(
      fc.property(personArb, linesArb, asOfArb, (person, lines, asOf) => {
        const a = evaluatePerson({ personKey: person.personId, person, lines, frozen: [], asOf, claimId: testClaimId });
        const b = evaluatePerson({ personKey: person.personId, person, lines: [...lines], frozen: [], asOf, claimId: testClaimId });
        expect(b).toEqual(a);
      }),
      { numRuns: 100 },
    );
  });
});

/** Every non-overlapping subset; the best total, ties to the earliest first differing start. */
function bruteForce(candidates: readonly Candidate[]): { starts: string[]; total: number } {
  let best = { starts: [] as string[], total: 0 };
  const n = candidates.length;
  for (let mask = 1; mask < 1 << n; mask++) {
    const set = candidates.filter((_, i) => mask & (1 << i));
    if (set.some((a, i) => set.some((b, j) => i < j && a.start <= b.end && b.start <= a.end))) continue;
    const total = set.reduce((s, c) => s + c.claimOre, 0);
    const starts = set.map((c) => c.start);
    const earlier = () => {
      for (let k = 0; k < Math.max(starts.length, best.starts.length); k++) {
        if (starts[k] === best.starts[k]) continue;
        if (starts[k] === undefined) return false;
        if (best.starts[k] === undefined) return true;
        return starts[k]! < best.starts[k]!;
      }
      return false;
    };
    if (total > best.total || (total === best.total && earlier())) best = { starts, total };
  }
  return best;
}

describe('choosing twelve-month periods', () => {
  it('never overlaps and equals the brute-force optimum, tie rule included', () => {
    const smallLines = fc
      .array(
        fc.record({
          day: fc.integer({ min: 0, max: 3 * 365 }),
          amount: fc.constantFrom(2_000_000, 3_000_000, 4_000_000, 6_000_000),
          tolk: fc.boolean(),
        }),
        {
          maxLength: 12,
        },
      )
      .map((rows) =>
        rows
          .map((r, i) => ({
            seq: i,
            personId: 'P',
            contactId: 'A',
            date: fromDayNumber(DAY0 + r.day),
            amountOre: r.amount,
            feeOre: 0,
            costType: r.tolk ? ('tolk' as const) : ('vård' as const),
            careCategory: 'övrig' as const,
            diagnosis: null,
            doctorOrdered: true,
            contactEnd: null,
            fileHasContactEnd: false,
          }))
          .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.seq - b.seq)),
      );
    fc.assert(
      fc.property(smallLines, (lines) => {
        const candidates = candidatePeriods(lines, []);
        const { chosen, totalOre } = choosePeriods(candidates);
        for (let i = 1; i < chosen.length; i++) expect(chosen[i]!.start > chosen[i - 1]!.end).toBe(true);
        const brute = bruteForce(candidates);
        expect(totalOre).toBe(brute.total);
        expect(chosen.map((c) => c.start)).toEqual(brute.starts);
      }),
      { numRuns: 500 },
    );
  });
});

describe('deadlines', () => {
  it('never fall on a weekend, public holiday, midsommarafton, julafton or nyårsafton', () => {
    fc.assert(
      fc.property(fc.integer({ min: dayNumber('2019-01-01'), max: dayNumber('2036-12-31') }), (n) => {
        const date = fromDayNumber(n);
        expect(isDeadlineClosedDay(kostnadskravandeDeadline(date))).toBe(false);
        expect(isDeadlineClosedDay(varaktigDeadline(date))).toBe(false);
        expect(varaktigDeadline(date) >= addDays(date, 365)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
