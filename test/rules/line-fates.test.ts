// Line fates (src/rules/line-fates.ts): every line's net split over the fates so that the
// per-line parts add up to evaluatePerson's fates for the person, over random persons and lines,
// with and without frozen claims.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, dayNumber, fromDayNumber } from '../../src/domain/dates.js';
import { CARE_CATEGORIES, FATES, emptyFates, type Claim, type CostLine, type Fates, type Person } from '../../src/domain/types.js';
import { evaluatePerson } from '../../src/rules/evaluate-person.js';
import { attributeLineFates, type AttributionInput } from '../../src/rules/line-fates.js';
import { asylumSeeker, kr, line, settled, testClaimId } from '../helpers/builders.js';

const DAY0 = dayNumber('2021-01-01');
const dateIn = (days: number) => fc.integer({ min: 0, max: days }).map((n) => fromDayNumber(DAY0 + n));
const dateArb = dateIn(4 * 365);

/** Persons of every kind; `dense` ones are registered most of the time, so their lines make claims. */
const personArb = (dense: boolean): fc.Arbitrary<Person> =>
  fc
    .record({
      group: dense
        ? fc.constantFrom('asylsökande', 'uppehållstillstånd' as const)
        : fc.constantFrom('asylsökande', 'massflykting', 'uppehållstillstånd', 'papperslös' as const),
      birthDate: fc.option(
        fc.integer({ min: 0, max: 80 * 365 }).map((n) => fromDayNumber(dayNumber('1950-01-01') + n)),
        { nil: null },
      ),
      lmaStart: dense ? dateIn(60) : dateArb,
      lmaDays: fc.option(fc.integer({ min: dense ? 200 : 0, max: 700 }), { nil: null }),
      receptionGap: fc.option(fc.integer({ min: 1, max: dense ? 20 : 200 }), { nil: dense ? 1 : null }),
      chronic3y: dense ? fc.constantFrom(true, true, null) : fc.constantFrom(true, false, null),
      protectionLink: dense ? fc.constantFrom(true, true, null) : fc.constantFrom(true, false, null),
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

const linesArb = (dense: boolean): fc.Arbitrary<CostLine[]> =>
  fc
    .array(
      fc.record({
        date: dense ? dateIn(2 * 365) : dateArb,
        contact: dense ? fc.constantFrom('A', 'B') : fc.constantFrom('A', 'B', 'C'),
        amount: dense
          ? fc.oneof(
              { weight: 5, arbitrary: fc.integer({ min: 500_000, max: 6_000_000 }) },
              { weight: 1, arbitrary: fc.integer({ min: -2_000_000, max: 0 }) },
            )
          : fc.oneof(fc.integer({ min: 0, max: 9_000_000 }), fc.integer({ min: -3_000_000, max: 0 })),
        feeShare: fc.integer({ min: 0, max: 10 }),
        tolk: fc.boolean(),
        category: dense ? fc.constantFrom('akut', 'kan_ej_anstå', 'övrig' as const) : fc.constantFrom(...CARE_CATEGORIES),
        diagnosis: fc.constantFrom(null, 'F43.1', 'K35', 'c509'),
        doctorOrdered: dense ? fc.constantFrom(true, true, true, false) : fc.boolean(),
        contactEnd: fc.option(dateArb, { nil: null }),
        fileHasContactEnd: dense ? fc.constantFrom(false, false, true) : fc.boolean(),
        unit: fc.constantFrom(null, 'Akuten', 'Vårdcentralen Norr', 'BUP'),
      }),
      { minLength: dense ? 6 : 0, maxLength: dense ? 60 : 40, size: dense ? 'medium' : 'small' },
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
        unit: r.unit,
        lineId: null,
      })),
    );

const asOfArb = fc.integer({ min: 200, max: 6 * 365 }).map((n) => fromDayNumber(DAY0 + n));

/** Either kind of person with lines of the same kind (two batches) and an as-of date. */
const caseArb = fc
  .constantFrom(true, true, false)
  .chain((dense) =>
    fc.tuple(
      personArb(dense),
      linesArb(dense),
      linesArb(dense),
      dense ? fc.integer({ min: 300, max: 1300 }).map((n) => fromDayNumber(DAY0 + n)) : asOfArb,
    ),
  );
/** Received in a municipality long ago, care over four years: periods that expire, lost money. */
const settledCaseArb = fc.tuple(
  personArb(true).map((p) => ({ ...p, group: 'uppehållstillstånd' as const, lma: [], receptionDate: '2020-06-01' })),
  linesArb(true).map((ls) => ls.map((l, i) => ({ ...l, date: fromDayNumber(DAY0 + ((i * 97) % (4 * 365))) }))),
  linesArb(false),
  fc.integer({ min: 2 * 365, max: 6 * 365 }).map((n) => fromDayNumber(DAY0 + n)),
);
const anyCaseArb = fc.oneof({ weight: 3, arbitrary: caseArb }, { weight: 1, arbitrary: settledCaseArb });
const pickArb = fc.array(fc.constantFrom(true, true, false), { minLength: 30, maxLength: 30 });

/** Per-line parts, and their sums per fate (residue included). */
function check(input: AttributionInput): { perLine: Fates[]; totals: Fates; evaluated: Fates } {
  const evaluation = evaluatePerson(input);
  const split = attributeLineFates(input, evaluation);
  const perLine = input.lines.map(() => emptyFates());
  for (let k = 0; k < split.parts.length; k += 3) {
    const [i, f, ore] = [split.parts[k]!, split.parts[k + 1]!, split.parts[k + 2]!];
    expect(Number.isSafeInteger(ore)).toBe(true);
    perLine[i]![FATES[f]!] += ore;
  }
  const totals = emptyFates();
  for (const p of perLine) for (const f of FATES) totals[f] += p[f];
  for (const r of split.residue) totals[r.fate] += r.ore;
  input.lines.forEach((l, i) => expect(FATES.reduce((s, f) => s + perLine[i]![f], 0)).toBe(l.amountOre - l.feeOre));
  // Every claim gets weights; the weights of a claim with lines sum to its lines' net.
  for (const c of [...evaluation.claims, ...input.frozen]) expect(split.weights.has(c.id)).toBe(true);
  return { perLine, totals, evaluated: evaluation.fates };
}

describe('line fates', () => {
  it('per-line parts sum to each line net and, over the lines, to evaluatePerson’s fates', () => {
    fc.assert(
      fc.property(anyCaseArb, ([person, lines, , asOf]) => {
        const r = check({ personKey: person.personId, person, lines, frozen: [], asOf, claimId: testClaimId });
        expect(r.totals).toEqual(r.evaluated);
      }),
      { numRuns: 500 },
    );
  });

  it('…also with frozen claims, adjustments and lines that arrived later', () => {
    fc.assert(
      fc.property(anyCaseArb, pickArb, ([person, first, more, asOf], pick) => {
        const before = evaluatePerson({ personKey: person.personId, person, lines: first, frozen: [], asOf, claimId: testClaimId });
        // Any claim not expired may have been submitted; the rules only see that it is frozen.
        const frozen: Claim[] = before.claims
          .filter((c, i) => c.status !== 'expired' && pick[i % pick.length])
          .map((c) => ({ ...c, status: 'submitted' }));
        const all = [...first, ...more.map((l, i) => ({ ...l, seq: first.length + i + 1 }))];
        const r = check({ personKey: person.personId, person, lines: all, frozen, asOf, claimId: testClaimId });
        expect(r.totals).toEqual(r.evaluated);
      }),
      { numRuns: 400 },
    );
  });

  it('a person whose frozen claims have no lines left keeps them as a residue that sums to zero', () => {
    const p = asylumSeeker();
    const lines = [line({ date: '2025-02-01', amountOre: kr(150_000), careCategory: 'akut', unit: 'Akuten' })];
    const asOf = '2025-06-01';
    const before = evaluatePerson({ personKey: p.personId, person: p, lines, frozen: [], asOf, claimId: testClaimId });
    const frozen = before.claims.map((c) => ({ ...c, status: 'submitted' as const }));
    const input = { personKey: p.personId, person: p, lines: [], frozen, asOf, claimId: testClaimId };
    const split = attributeLineFates(input, evaluatePerson(input));
    expect(split.parts).toEqual([]);
    expect(split.residue.reduce((s, r) => s + r.ore, 0)).toBe(0);
  });
});

describe('how amounts fall on lines and units', () => {
  it('kostnadskrävande: the first 100 000 kr are the deductible, the quarter claim is shared by net over units', () => {
    const p = asylumSeeker();
    const lines = [
      line({ date: '2025-01-10', amountOre: kr(80_000), careCategory: 'akut', unit: 'Akuten' }),
      line({ date: '2025-04-10', amountOre: kr(60_000), careCategory: 'akut', unit: 'Akuten' }),
      line({ date: '2025-04-11', amountOre: kr(20_000), careCategory: 'akut', unit: 'IVA' }),
    ];
    const input = { personKey: p.personId, person: p, lines, frozen: [], asOf: '2025-12-01', claimId: testClaimId };
    const evaluation = evaluatePerson(input);
    const split = attributeLineFates(input, evaluation);
    const byLine = lines.map(() => ({}) as Record<string, number>);
    for (let k = 0; k < split.parts.length; k += 3) byLine[split.parts[k]!]![FATES[split.parts[k + 1]!]!] = split.parts[k + 2]!;
    // Q1 (80 000) is all deductible; Q2 claims 60 000 of its 80 000, shared 3:1 between the units.
    expect(byLine[0]).toEqual({ own_deductible: kr(80_000) });
    expect(byLine[1]).toEqual({ claimed: kr(45_000), own_deductible: kr(15_000) });
    expect(byLine[2]).toEqual({ claimed: kr(15_000), own_deductible: kr(5_000) });
    const q2 = evaluation.claims.find((c) => c.quarter === '2025Q2')!;
    expect(split.weights.get(q2.id)).toEqual([
      { unit: 'Akuten', quarter: '2025Q2', netOre: kr(60_000) },
      { unit: 'IVA', quarter: '2025Q2', netOre: kr(20_000) },
    ]);
  });

  it('varaktig: lost money falls on the lines of the period whose deadline passed', () => {
    const p = settled();
    const lines = [
      // 2021: a qualifying period, its deadline long passed by the as-of date.
      line({ date: '2021-03-01', amountOre: kr(70_000), unit: 'Psykiatrin' }),
      // 2024: small amounts, below the threshold, in another unit.
      line({ date: '2024-03-01', amountOre: kr(10_000), unit: 'Vårdcentralen' }),
    ];
    const input = { personKey: p.personId, person: p, lines, frozen: [], asOf: '2024-06-01', claimId: testClaimId };
    const evaluation = evaluatePerson(input);
    expect(evaluation.fates.expired).toBe(kr(70_000));
    const split = attributeLineFates(input, evaluation);
    const parts = [];
    for (let k = 0; k < split.parts.length; k += 3) parts.push([split.parts[k], FATES[split.parts[k + 1]!], split.parts[k + 2]]);
    expect(parts).toEqual([
      [0, 'expired', kr(70_000)],
      [1, 'below_threshold', kr(10_000)],
    ]);
  });
});
