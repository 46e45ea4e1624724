// The application renderer checks that every form adds up (kostnad − gränsbelopp = sökt belopp,
// vård + tolk = sökt belopp, specification total = period cost). This runs the real rules over
// random persons (credits, long contacts, children, newly arrived) and renders every ready claim
// the way the pipeline does, so a form the rules produce is never refused.
import { describe, expect, it } from 'vitest';
import { renderApplicationPdf } from '../../src/documents/applications.js';
import type { ApplicationInput } from '../../src/documents/application-input.js';
import type { CostLine, Person } from '../../src/domain/types.js';
import { claimDetail } from '../../src/rules/claim-detail.js';
import { claimIdFactory } from '../../src/rules/claim-id.js';
import { evaluatePerson, frozenClaimKey } from '../../src/rules/evaluate-person.js';
import { AS_OF, line, person, region } from './fixtures.js';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function randomPerson(r: () => number, i: number): { p: Person; lines: CostLine[] } {
  const pid = `19${String(50 + Math.floor(r() * 55))}0${1 + Math.floor(r() * 9)}1${Math.floor(r() * 9)}-${String(1000 + i)}`;
  const newlyArrived = r() < 0.3;
  const birth = r() < 0.3 ? '2012-06-15' : '1980-02-29';
  const p = newlyArrived
    ? person({
        personId: pid,
        group: 'uppehållstillstånd',
        birthDate: birth,
        lma: [],
        receptionDate: '2023-01-01',
        chronic3y: true,
        protectionLink: true,
        underlyingDiagnoses: ['F43'],
      })
    : person({ personId: pid, birthDate: birth, lma: [{ from: '2024-01-01', to: r() < 0.5 ? null : '2025-09-30' }] });
  const lines: CostLine[] = [];
  const contacts = 1 + Math.floor(r() * 3);
  for (let c = 0; c < contacts; c++) {
    const n = 3 + Math.floor(r() * 25);
    const start = Math.floor(r() * 300);
    for (let j = 0; j < n; j++) {
      const day = start + Math.floor(r() * 400);
      const date = new Date(Date.UTC(2024, 0, 1 + day)).toISOString().slice(0, 10);
      const credit = r() < 0.08;
      const amountOre = (credit ? -1 : 1) * Math.floor(r() * 4_000_000);
      lines.push(
        line({
          personId: pid,
          contactId: `C${i}-${c}`,
          date,
          amountOre,
          feeOre: !credit && r() < 0.3 ? Math.min(amountOre, 20_000) : 0,
          costType: r() < 0.15 ? 'tolk' : 'vård',
          careCategory: r() < 0.7 ? 'akut' : 'övrig',
          diagnosis: 'F43.1',
          contactEnd: r() < 0.2 ? null : date,
          fileHasContactEnd: r() < 0.3,
        }),
      );
    }
  }
  lines.forEach((l, k) => (l.seq = k + 1));
  return { p, lines };
}

describe('forms the rules produce', () => {
  it('always add up, so none is refused', async () => {
    const r = rng(4492);
    const claimId = claimIdFactory('test-key');
    let rendered = 0;
    for (let i = 0; i < 120; i++) {
      const { p, lines } = randomPerson(r, i);
      const { claims } = evaluatePerson({ personKey: p.personId, person: p, lines, frozen: [], asOf: AS_OF, claimId });
      for (const claim of claims.filter((c) => c.status === 'ready')) {
        const input: ApplicationInput = {
          claim,
          person: p,
          region: region(),
          asOf: AS_OF,
          ...claimDetail(claim, p, lines, AS_OF),
          previouslyClaimedOre: null,
        };
        const pdf = await renderApplicationPdf(input);
        expect(pdf.subarray(0, 8).toString('latin1')).toBe('%PDF-1.7');
        rendered++;
      }
    }
    expect(rendered).toBeGreaterThan(20);
  });

  it('add up for adjustment claims against frozen ones', async () => {
    const r = rng(4481);
    const claimId = claimIdFactory('test-key');
    let adjustments = 0;
    for (let i = 0; i < 80; i++) {
      const { p, lines } = randomPerson(r, i);
      const first = evaluatePerson({ personKey: p.personId, person: p, lines, frozen: [], asOf: AS_OF, claimId });
      const frozen = first.claims.filter((c) => c.status === 'ready').map((c) => ({ ...c, status: 'submitted' as const }));
      if (frozen.length === 0) continue;
      // New lines arrive for the same contacts and periods, some of them credits.
      const more = lines.slice(0, 4).map((l, k) => ({
        ...l,
        seq: lines.length + k + 1,
        lineId: `N${i}-${k}`,
        amountOre: k % 2 ? -Math.floor(l.amountOre / 3) : Math.abs(l.amountOre) + 50_000_00,
      }));
      const all = [...lines, ...more];
      const second = evaluatePerson({ personKey: p.personId, person: p, lines: all, frozen, asOf: AS_OF, claimId });
      for (const claim of second.claims.filter((c) => c.status === 'ready' && c.adjustmentOf !== null)) {
        const previously = frozen.filter((f) => frozenClaimKey(f) === frozenClaimKey(claim)).reduce((s, f) => s + f.claimOre, 0);
        const input: ApplicationInput = {
          claim,
          person: p,
          region: region(),
          asOf: AS_OF,
          ...claimDetail(claim, p, all, AS_OF),
          previouslyClaimedOre: previously,
        };
        await renderApplicationPdf(input);
        adjustments++;
      }
    }
    expect(adjustments).toBeGreaterThan(0);
  });
});
