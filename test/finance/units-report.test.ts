// The unit follow-up figures (src/finance/units-report.ts) and a person's stored unit figures
// (src/finance/unit-cells.ts): fates per unit and quarter, payments shared by the claims' weights,
// the default unit, small numbers suppressed.
import { describe, expect, it } from 'vitest';
import { FATES } from '../../src/domain/types.js';
import type { ClaimEvent } from '../../src/finance/claim-events.js';
import { personUnitFigures } from '../../src/finance/unit-cells.js';
import { buildUnitReport, quartersBetween, type EncodedCell } from '../../src/finance/units-report.js';
import { evaluatePerson } from '../../src/rules/evaluate-person.js';
import { attributeLineFates } from '../../src/rules/line-fates.js';
import { asylumSeeker, kr, line, testClaimId } from '../helpers/builders.js';

const F = Object.fromEntries(FATES.map((f, i) => [f, i])) as Record<(typeof FATES)[number], number>;
const cell = (unit: string | null, quarter: string, net: number, fates: Partial<Record<(typeof FATES)[number], number>>): EncodedCell => [
  unit,
  quarter,
  net,
  ...Object.entries(fates).flatMap(([f, ore]) => [F[f as (typeof FATES)[number]], ore!]),
];

describe('the unit report figures', () => {
  const persons: [string, EncodedCell[]][] = [];
  for (let i = 0; i < 6; i++) persons.push([`A${i}`, [cell('Akuten', '2025Q1', kr(1000), { below_threshold: kr(1000) })]]);
  persons.push(['B0', [cell(null, '2025Q1', kr(500), { papperslos: kr(500) })]]);
  persons.push([
    'B1',
    [cell('Asylvård centralt', '2025Q2', kr(300), { below_threshold: kr(300) }), cell('Utanför', '2024Q4', kr(99), { below_threshold: kr(99) })],
  ]);
  const claim = {
    id: 'KV-1',
    personId: 'A0',
    periodStart: '2025-02-01',
    weights: [
      { unit: 'Akuten', quarter: '2025Q1', netOre: 3 },
      { unit: null, quarter: '2025Q1', netOre: 1 },
    ],
  };
  const events: ClaimEvent[] = [
    { id: 1, claimId: 'KV-1', kind: 'payment', date: '2025-06-01', amountOre: 100_01, reference: null, reason: null, caseNumber: null, source: 't' },
  ];
  const report = buildUnitReport({
    quarters: quartersBetween('2025-01-01', '2025-12-31'),
    defaultUnit: 'Asylvård centralt',
    persons,
    claims: [claim],
    events: new Map([['KV-1', events]]),
  });

  it('adds up per unit and quarter; lines without a unit are the default unit’s; other quarters are left out', () => {
    expect(report.quarters).toEqual(['2025Q1', '2025Q2', '2025Q3', '2025Q4']);
    expect(report.rows.map((r) => [r.unit, r.quarter])).toEqual([
      ['Akuten', '2025Q1'],
      ['Akuten', null],
      ['Asylvård centralt', '2025Q1'],
      ['Asylvård centralt', '2025Q2'],
      ['Asylvård centralt', null],
    ]);
    expect(report.exact.costs).toBe(kr(6000 + 500 + 300));
    expect(report.exact.papperslos).toBe(kr(500));
    expect(report.exact.excluded).toBe(kr(500));
    // The payment shared 3:1 over the claim's units (largest remainder), exactly.
    expect(report.exact.paid).toBe(100_01);
    expect(report.rows[0]!.figures.paid.value).toBe(75_01);
    expect(report.rows[2]!.figures.paid.value).toBe(25_00);
    expect(report.persons).toBe(8);
  });

  it('a cell of 1–4 persons is suppressed with its amounts, and what would reveal it too', () => {
    const akuten = report.rows[0]!.figures;
    expect(akuten.persons).toMatchObject({ value: 6, suppressed: false });
    // One person was paid: that figure is suppressed.
    expect(akuten.paid).toMatchObject({ persons: 1, suppressed: true, secondary: false });
    const central = report.rows.filter((r) => r.unit === 'Asylvård centralt');
    for (const r of central) expect(r.figures.costs).toMatchObject({ suppressed: true, secondary: false });
    // The grand total less Akuten's costs would give the central unit's: Akuten's are hidden too.
    expect(report.total.figures.costs).toMatchObject({ value: kr(6800), suppressed: false });
    expect(akuten.costs).toMatchObject({ value: kr(6000), suppressed: true, secondary: true });
    expect(report.rows[1]!.figures.costs).toMatchObject({ suppressed: true, secondary: true });
  });
});

describe('a person’s unit figures', () => {
  it('are the line fates added up per unit and quarter', () => {
    const p = asylumSeeker();
    const lines = [
      line({ date: '2025-01-10', amountOre: kr(80_000), careCategory: 'akut', unit: 'Akuten' }),
      line({ date: '2025-04-10', amountOre: kr(60_000), careCategory: 'akut', unit: 'Akuten' }),
      line({ date: '2025-04-11', amountOre: kr(20_000), careCategory: 'akut', unit: null }),
      line({ date: '2025-04-12', amountOre: kr(1_000), careCategory: 'övrig', unit: null }),
    ];
    const input = { personKey: p.personId, person: p, lines, frozen: [], asOf: '2025-12-01', claimId: testClaimId };
    const evaluation = evaluatePerson(input);
    const figures = personUnitFigures(input, evaluation);
    const cells = JSON.parse(figures.cells) as EncodedCell[];
    const expanded = cells.map((c) => {
      const fates: Record<string, number> = {};
      for (let k = 3; k < c.length; k += 2) fates[FATES[c[k] as number]!] = c[k + 1] as number;
      return [c[0], c[1], c[2], fates];
    });
    expect(expanded).toEqual([
      ['Akuten', '2025Q1', kr(80_000), { own_deductible: kr(80_000) }],
      ['Akuten', '2025Q2', kr(60_000), { claimed: kr(45_000), own_deductible: kr(15_000) }],
      [null, '2025Q2', kr(21_000), { claimed: kr(15_000), own_deductible: kr(5_000), not_covered_category: kr(1_000) }],
    ]);
    // The same sums as the per-line parts.
    const split = attributeLineFates(input, evaluation);
    let claimed = 0;
    for (let k = 0; k < split.parts.length; k += 3) if (split.parts[k + 1] === F.claimed) claimed += split.parts[k + 2]!;
    expect(claimed).toBe(evaluation.fates.claimed);
    expect([...figures.weights!.values()].flat()).toEqual([
      { unit: 'Akuten', quarter: '2025Q2', netOre: kr(60_000) },
      { unit: null, quarter: '2025Q2', netOre: kr(20_000) },
    ]);
  });
});
