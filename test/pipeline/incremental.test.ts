// Evaluating only the persons a new file touched gives exactly what evaluating everyone gives.
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config.js';
import { ingestFiles } from '../../src/ingest/ingest.js';
import { evaluateStore } from '../../src/pipeline/evaluate.js';
import { recordClaimEvent } from '../../src/store/claim-events.js';
import { fateTotals, listClaims } from '../../src/store/claims.js';
import { allUnitFates, claimUnitWeights } from '../../src/store/unit-fates.js';
import { updateUnitFigures } from '../../src/pipeline/unit-figures.js';
import { openDb, type Db } from '../../src/store/db.js';

const temps: string[] = [];
afterAll(() => temps.forEach((t) => rmSync(t, { recursive: true, force: true })));

function luhnDigit(nine: string): number {
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    const d = Number(nine[i]) * (i % 2 === 0 ? 2 : 1);
    sum += d > 9 ? d - 9 : d;
  }
  return (10 - (sum % 10)) % 10;
}
const pnr = (yyyymmdd: string, three: string) => `${yyyymmdd}-${three}${luhnDigit(yyyymmdd.slice(2) + three)}`;
const IDS = [pnr('19800101', '123'), pnr('20150601', '234'), pnr('19700707', '345'), pnr('19921224', '456')];
const DOSSIERS = ['D-100', 'D-200', 'D-300', 'D-400'];
const GROUPS = ['asylsökande', 'massflykting', 'uppehållstillstånd', 'papperslös'];

const registerRow = fc.record({
  who: fc.integer({ min: 0, max: 3 }),
  group: fc.constantFrom(...GROUPS),
  dossier: fc.boolean(),
  lmaFrom: fc.constantFrom('2023-01-01', '2024-03-01', '2024-09-15'),
  lmaTo: fc.constantFrom('', '', '2024-06-30', '2025-03-31'),
  reception: fc.constantFrom('2024-07-01', '2025-04-01'),
  assessed: fc.constantFrom('ja', 'nej', ''),
});

const costRow = fc.record({
  who: fc.integer({ min: 0, max: 4 }),
  byDossier: fc.boolean(),
  contact: fc.constantFrom('K1', 'K2', 'K3'),
  day: fc.integer({ min: 0, max: 900 }),
  kronor: fc.integer({ min: -20_000, max: 160_000 }),
  type: fc.constantFrom('vård', 'tolk'),
  category: fc.constantFrom('akut', 'övrig'),
  diagnosis: fc.constantFrom('', 'F43.1', 'K35'),
});

type RegisterRow = ReturnType<typeof registerRow.generate>['value'];
type CostRow = ReturnType<typeof costRow.generate>['value'];

function day(n: number): string {
  return new Date(Date.UTC(2023, 6, 1) + n * 86_400_000).toISOString().slice(0, 10);
}

function registerCsv(rows: RegisterRow[]): string {
  const lines = ['Personnummer;Grupp;Dossiernummer;LMA från;LMA till;Kommunmottagen;Varaktigt vårdbehov;Samband;Grundsjukdom'];
  const seen = new Set<number>();
  for (const r of rows) {
    if (seen.has(r.who)) continue; // one row per person keeps the fields in agreement
    seen.add(r.who);
    lines.push([IDS[r.who], r.group, r.dossier ? DOSSIERS[r.who] : '', r.lmaFrom, r.lmaTo, r.reception, r.assessed, r.assessed, 'F43'].join(';'));
  }
  return lines.join('\n');
}

function costsCsv(rows: CostRow[]): string {
  const lines = ['Personnummer;Vårdkontakt;Datum;Belopp;Kostnadstyp;Vårdkategori;Diagnos'];
  for (const r of rows) {
    const id = r.who === 4 ? 'OKÄND-1' : r.byDossier ? DOSSIERS[r.who] : IDS[r.who];
    lines.push([id, r.contact, day(r.day), `${r.kronor},00`, r.type, r.category, r.diagnosis].join(';'));
  }
  return lines.join('\n');
}

const config = defaultConfig();
const asOf = '2025-12-01';

async function ingest(db: Db, files: string[]) {
  const reports = await ingestFiles(db, files, { asOf, config });
  for (const r of reports) expect(r.error).toBeNull();
}

function snapshot(db: Db) {
  const weights = [...claimUnitWeights(db)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  // A person without lines has no unit figures either way ('[]' only marks them computed).
  return { claims: listClaims(db), fates: fateTotals(db), unitFates: [...allUnitFates(db)].filter(([, cells]) => cells !== '[]'), weights };
}

describe('incremental evaluation', () => {
  it('equals evaluating everyone from scratch, with frozen claims in between', async () => {
    const seen = { claims: 0, adjustments: 0, varaktig: 0, submitted: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.array(registerRow, { minLength: 2, maxLength: 6 }),
        fc.array(costRow, { minLength: 10, maxLength: 40 }),
        fc.array(registerRow, { maxLength: 3 }),
        fc.array(costRow, { maxLength: 15 }),
        fc.array(fc.record({ of: fc.nat(), kronor: fc.integer({ min: -30_000, max: 60_000 }) }), { maxLength: 8 }),
        fc.array(fc.boolean(), { maxLength: 10 }),
        async (register1, costs1, register2, newCosts, corrections, submit) => {
          // Corrections: more lines on the same person, contact and date as earlier ones.
          const costs2 = [...newCosts, ...corrections.map((c) => ({ ...costs1[c.of % costs1.length]!, kronor: c.kronor }))];
          const dir = mkdtempSync(join(tmpdir(), 'incremental-'));
          temps.push(dir);
          const write = (name: string, text: string) => {
            writeFileSync(join(dir, name), text);
            return join(dir, name);
          };
          const batch1 = [write('register1.csv', registerCsv(register1)), write('costs1.csv', costsCsv(costs1))];
          const batch2 = [...(register2.length > 0 ? [write('register2.csv', registerCsv(register2))] : []), write('costs2.csv', costsCsv(costs2))];

          const incremental = openDb(join(dir, 'a.db'));
          const scratch = openDb(join(dir, 'b.db'));
          for (const db of [incremental, scratch]) {
            await ingest(db, batch1);
            await evaluateStore(db, { asOf, config });
            const ready = listClaims(db).filter((c) => c.status === 'ready');
            ready.forEach((c, i) => {
              if (submit[i] === false) return;
              recordClaimEvent(db, { claimId: c.id, kind: 'submitted', date: '2025-11-30', source: 'test' });
            });
            await ingest(db, batch2);
          }
          expect((await evaluateStore(incremental, { asOf, config })).mode).toBe('incremental');
          expect((await evaluateStore(scratch, { asOf, config, full: true })).mode).toBe('full');
          for (const db of [incremental, scratch]) await updateUnitFigures(db);
          const result = snapshot(incremental);
          expect(result).toEqual(snapshot(scratch));
          seen.claims += result.claims.length;
          seen.adjustments += result.claims.filter((c) => c.adjustmentOf !== null).length;
          seen.varaktig += result.claims.filter((c) => c.rule === 'varaktig').length;
          seen.submitted += result.claims.filter((c) => c.status === 'submitted').length;
          incremental.close();
          scratch.close();
        },
      ),
      { numRuns: 40, seed: 20261126 },
    );
    // The generated cases do reach both rules and adjustments.
    expect(seen.claims).toBeGreaterThan(20);
    expect(seen.varaktig).toBeGreaterThan(0);
    expect(seen.submitted).toBeGreaterThan(0);
    expect(seen.adjustments).toBeGreaterThan(0);
  });
});
