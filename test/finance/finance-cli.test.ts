// Finance end to end on the demo data (SPEC §8), through the built CLI: claims marked and paid,
// a payment list imported (twice), the unit report reconciled with claims.json, and the SIE
// export read back by a strict reader, exported again and overlapping.
import ExcelJS from 'exceljs';
import { execFileSync } from 'node:child_process';
import iconv from 'iconv-lite';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { FATES } from '../../src/domain/types.js';
import { unitReportFigures } from '../../src/pipeline/units.js';
import { expectedSchablon } from '../../src/rules/schablon.js';
import { eventsByClaim } from '../../src/store/claim-events.js';
import { openDb } from '../../src/store/db.js';
import { loadAllPersons } from '../../src/store/persons.js';
import { ROOT, runCli } from '../helpers/cli.js';
import { readSie } from './sie-reader.js';

const CONFIG = join(ROOT, 'data', 'config.example.json');
const SAMPLES = join(ROOT, 'data', 'samples');
let dir = '';
let db = '';
let out = '';
let claimsJson: {
  claims: { id: string; rule: string; status: string; claimOre: number; periodStart: string; periodEnd: string }[];
  fates: Record<string, number>;
  netOre: number;
};
const picked: Record<string, string> = {};

function cli(args: string[]) {
  return runCli([...args, '--db', db]);
}

async function paymentList(path: string, rows: (string | number | Date | null)[][]): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('Utbetalningar');
  sheet.addRow(['Migrationsverket – utbetalningar till Region Exempelland']);
  sheet.addRow(['Utdrag 2026-01-10']);
  sheet.addRow(['Ärende-id', 'Ärendenummer', 'Utbetalningsdatum', 'Belopp', 'Referens', 'Avslagsorsak']);
  for (const r of rows) sheet.addRow(r);
  await wb.xlsx.writeFile(path);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'claims-finance-'));
  db = join(dir, 'demo.db');
  out = join(dir, 'out');
  const files = ['personregister.xlsx', 'kostnader-2025.xlsx', 'kostnader-2025-q4.csv'].map((f) => join(SAMPLES, f));
  const run = runCli(['run', ...files, '--config', CONFIG, '--as-of', '2026-01-15', '--db', db, '--out', out, '--json']);
  expect(run.code).toBe(0);
  claimsJson = JSON.parse(readFileSync(join(out, 'claims.json'), 'utf8'));
  const ready = claimsJson.claims.filter((c) => c.status === 'ready');
  const kv = ready.filter((c) => c.rule === 'kostnadskravande');
  const vv = ready.filter((c) => c.rule === 'varaktig');
  expect(kv.length).toBeGreaterThan(4);
  Object.assign(picked, { full: kv[0]!.id, partial: kv[1]!.id, rejected: kv[2]!.id, byCase: kv[3]!.id, twice: kv[4]!.id });
  if (vv[0]) picked.varaktig = vv[0].id;
  for (const id of Object.values(picked)) expect(cli(['mark', id, '--submitted', '2025-11-03']).code).toBe(0);
  expect(cli(['mark', picked.byCase!, '--case', 'MIG 2025-4711']).code).toBe(0);
  const full = kv[0]!;
  expect(cli(['mark', full.id, '--paid', (full.claimOre / 100).toFixed(2).replace('.', ','), '--on', '2025-12-01']).stdout).toBe(
    `${full.id}: paid\n`,
  );
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('claims payments import', () => {
  let listPath = '';
  let first: ReturnType<typeof runCli>;
  beforeAll(async () => {
    listPath = join(dir, 'utbetalningar.xlsx');
    await paymentList(listPath, [
      [picked.partial!, null, new Date(Date.UTC(2025, 11, 5)), '10 000,50 kr', 'BG 2025-118', null],
      [picked.partial!, null, new Date(Date.UTC(2025, 11, 20)), 2000, null, 'Delvis avslag: kostnaderna för tolk styrks inte'],
      [picked.rejected!, null, '2025-12-06', null, null, 'Vården var inte kostnadskrävande'],
      [null, 'mig 2025-4711', '20251207', '1 500', null, null],
      [picked.twice!, null, '2025-12-08', '700,00', 'A', null],
      [picked.twice!, null, '2025-12-08', '700,00', 'A', null],
      ['KV-0000000000000000', null, '2025-12-09', '100,00', null, null],
      [picked.twice!, null, '2025-12-09', '1.234', null, null],
      [null, null, '2025-12-09', '100,00', null, null],
      [picked.twice!, null, '2027-01-01', '100,00', null, null],
      [picked.twice!, null, '2025-12-09', 0, null, null],
    ]);
    first = cli(['payments', 'import', listPath, '--as-of', '2026-01-15']);
  });

  it('records each good row as claims mark would and explains every bad one in Swedish', () => {
    expect(first.code).toBe(1);
    expect(first.stdout).toBe('utbetalningar.xlsx: 11 rader; 5 utbetalningar och 2 avslag registrerade, 5 rader avvisade\n');
    const errors = first.stderr.trim().split('\n');
    expect(errors).toEqual([
      'claims: utbetalningar.xlsx, blad Utbetalningar, rad 10, kolumn Ärende-id (KV-0000000000000000): ingen ansökan med id KV-0000000000000000',
      'claims: utbetalningar.xlsx, blad Utbetalningar, rad 11, kolumn Belopp (1.234): beloppet kan inte tolkas (skriv t.ex. 1 234,50, 1234.50, 1 234 kr eller -500,00)',
      'claims: utbetalningar.xlsx, blad Utbetalningar, rad 12, kolumn Ärende-id: varken ansökans id eller Migrationsverkets ärendenummer är ifyllt',
      'claims: utbetalningar.xlsx, blad Utbetalningar, rad 13, kolumn Utbetalningsdatum (2027-01-01): datumet ligger efter 2026-01-15',
      'claims: utbetalningar.xlsx, blad Utbetalningar, rad 14, kolumn Belopp (0): beloppet är 0 och ingen avslagsorsak är angiven',
    ]);
    const store = openDb(db);
    try {
      const events = eventsByClaim(store);
      const partial = events.get(picked.partial!)!;
      expect(partial.map((e) => [e.kind, e.date, e.amountOre])).toEqual([
        ['submitted', '2025-11-03', claimsJson.claims.find((c) => c.id === picked.partial)!.claimOre],
        ['payment', '2025-12-05', 10_000_50],
        ['payment', '2025-12-20', 2000_00],
        // The rejection takes what is still open.
        ['rejection', '2025-12-20', partial[0]!.amountOre - 12_000_50],
      ]);
      expect(events.get(picked.byCase!)!.map((e) => [e.kind, e.amountOre])).toContainEqual(['payment', 1500_00]);
      // Two identical rows of one list are two payments.
      expect(events.get(picked.twice!)!.filter((e) => e.kind === 'payment')).toHaveLength(2);
      expect(events.get(picked.rejected!)!.map((e) => e.kind)).toEqual(['submitted', 'rejection']);
    } finally {
      store.close();
    }
  });

  it('the same list imported again records nothing; a payment marked by hand after it counts once', () => {
    const store = () => {
      const s = openDb(db);
      const n = s.prepare('SELECT COUNT(*) FROM claim_events').pluck().get();
      s.close();
      return n;
    };
    const before = store();
    const again = cli(['payments', 'import', listPath, '--as-of', '2026-01-15']);
    expect(again.stdout).toBe('utbetalningar.xlsx: 11 rader; 0 utbetalningar och 0 avslag registrerade, 7 redan registrerade, 5 rader avvisade\n');
    expect(store()).toBe(before);
    const marked = cli(['mark', picked.partial!, '--paid', '10 000,50', '--on', '2025-12-05', '--reference', 'BG 2025-118']);
    expect(marked.stdout).toBe(`${picked.partial}: paid (redan registrerat)\n`);
    expect(store()).toBe(before);
  });

  it('reads a csv list in Windows-1252 with semicolons and other header names, by case number', () => {
    const path = join(dir, 'utbetalningar.csv');
    const text =
      'Utbetalningar december\r\n\r\nMigrationsverkets ärendenummer;Betalningsdatum;Utbetalt belopp;Meddelande\r\nMIG 2025-4711;2025/12/28;"1 234,56 kr";Slutbetalning å ä ö\r\n';
    writeFileSync(path, iconv.encode(text, 'win1252'));
    const r = cli(['payments', 'import', path, '--as-of', '2026-01-15']);
    expect(r.stdout).toBe('utbetalningar.csv: 1 rader; 1 utbetalningar och 0 avslag registrerade\n');
    expect(r.code).toBe(0);
    const store = openDb(db);
    try {
      const payment = eventsByClaim(store)
        .get(picked.byCase!)!
        .find((e) => e.date === '2025-12-28')!;
      expect([payment.amountOre, payment.reference]).toEqual([1234_56, 'Slutbetalning å ä ö']);
    } finally {
      store.close();
    }
  });

  it('a file without a payment header is refused whole, naming the columns', () => {
    const r = cli(['payments', 'import', join(SAMPLES, 'kostnader-2025-q4.csv')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/ingen rubrikrad hittades.*utbetalningslista.*Ärende-id/);
  });
});

describe('claims units', () => {
  it('totals reconcile with the fates of claims.json for the same lines; paid and rejected with the events', async () => {
    const store = openDb(db);
    try {
      const report = await unitReportFigures(store, ['2025Q1', '2025Q2', '2025Q3', '2025Q4'], loadConfig(CONFIG));
      expect(report.exact.costs).toBe(claimsJson.netOre);
      for (const f of FATES) expect(report.exact[f], f).toBe(claimsJson.fates[f]);
      const events = [...eventsByClaim(store).values()].flat();
      const sum = (kind: string) => events.filter((e) => e.kind === kind).reduce((s, e) => s + e.amountOre, 0);
      expect(report.exact.paid).toBe(sum('payment'));
      expect(report.exact.rejected).toBe(sum('rejection'));
      expect(report.exact.open).toBe(report.exact.claimed - report.exact.paid - report.exact.rejected);
      // Every row: the fates add up to the costs.
      for (const row of report.rows) {
        const f = row.figures;
        const parts = f.claimed.value + f.own_deductible.value + f.below_threshold.value + f.expired.value + f.excluded.value;
        expect(parts).toBe(f.costs.value);
      }
    } finally {
      store.close();
    }
  });

  it('writes units/units-2025.xlsx and .pdf: no identities, small numbers suppressed, totals shown', async () => {
    const r = cli(['units', '--year', '2025', '--out', out, '--config', CONFIG, '--as-of', '2026-01-15']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Uppföljning per vårdenhet 2025 \(\d+ enheter\):/);
    const xlsx = join(out, 'units', 'units-2025.xlsx');
    const pdf = join(out, 'units', 'units-2025.pdf');
    expect(existsSync(xlsx) && existsSync(pdf)).toBe(true);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    const sheet = wb.getWorksheet('Ekonomi')!;
    const texts: string[] = [];
    let total: ExcelJS.Row | null = null;
    sheet.eachRow((row) => {
      row.eachCell((c) => texts.push(String(c.value)));
      if (row.getCell(1).value === 'Alla enheter') total = row;
    });
    expect(total).not.toBeNull();
    // Costs and claimed of all units, in kronor.
    expect(total!.getCell(4).value).toBe(claimsJson.netOre / 100);
    expect(total!.getCell(5).value).toBe(claimsJson.fates.claimed! / 100);
    expect(texts).toContain('<5');
    const pdfText = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    expect(pdfText).toContain('Asylvårdens ekonomi per vårdenhet');
    expect(pdfText).toContain('Alla enheter');
    expect(pdfText).toMatch(/Sida 1 av \d+/);
    for (const t of [pdfText, texts.join('\n')]) expect(t).not.toMatch(/\b(19|20)\d{6}-\d{4}\b/);
  });

  it('a period must be whole quarters', () => {
    const r = cli(['units', '--from', '2025-02-01', '--to', '2025-06-30']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--from måste vara ett kvartals första dag (t.ex. 2025-01-01)');
  });
});

describe('claims export sie', () => {
  const sieDir = () => join(out, 'sie');
  const exportSie = (extra: string[] = [], asOf = '2026-01-15') =>
    cli(['export', 'sie', '--from', '2025-01-01', '--to', '2025-12-31', '--out-dir', out, '--config', CONFIG, '--as-of', asOf, ...extra]);

  it('writes SIE 4I that a strict reader parses back to the same events and amounts', () => {
    const r = exportSie();
    expect(r.code).toBe(0);
    const files = readdirSync(sieDir());
    expect(files).toEqual(['verifikationer-1-2025-01-01-2025-12-31.si']);
    const sie = readSie(readFileSync(join(sieDir(), files[0]!)));
    expect(sie.records.get('#SIETYP')).toEqual([['4']]);
    expect(sie.records.get('#FORMAT')).toEqual([['PC8']]);
    expect(sie.records.get('#FNAMN')).toEqual([['Region Exempelland']]);
    expect(sie.dimensions.get('1')).toBe('Kostnadsställe');
    const store = openDb(db);
    try {
      const events = [...eventsByClaim(store).values()].flat().filter((e) => e.amountOre !== 0);
      const claimVouchers = sie.vouchers.filter((v) => !v.text.startsWith('Förväntad schablon'));
      expect(claimVouchers).toHaveLength(events.length);
      const receivable = (v: (typeof sie.vouchers)[number]) => v.trans.filter((t) => t.account === '1681').reduce((s, t) => s + t.amountOre, 0);
      for (const e of events) {
        const word = { submitted: 'Ansökan', payment: 'Utbetalning', rejection: 'Avslag' }[e.kind];
        const v = claimVouchers.find(
          (x) => x.text.startsWith(`${word} ${e.claimId}`) && x.date === e.date && (e.kind !== 'payment' || x.trans[0]!.amountOre === e.amountOre),
        );
        expect(v, `${e.kind} ${e.claimId}`).toBeDefined();
        if (e.kind === 'submitted') expect(receivable(v!)).toBe(e.amountOre);
        if (e.kind === 'rejection') expect(receivable(v!)).toBe(-e.amountOre);
        if (e.kind === 'payment') expect(v!.trans[0]).toEqual({ account: '1930', objects: [], amountOre: e.amountOre });
        // Every row but the bank's is booked on a care unit.
        for (const t of v!.trans) if (t.account !== '1930') expect(t.objects).toHaveLength(1);
      }
      const schablon = expectedSchablon([...loadAllPersons(store).values()], ['2025Q1', '2025Q2', '2025Q3', '2025Q4'], loadConfig(CONFIG).schablon);
      const schablonVouchers = sie.vouchers.filter((v) => v.text.startsWith('Förväntad schablon'));
      expect(schablonVouchers.map((v) => [v.date, v.trans[0]!.amountOre])).toEqual(schablon.map((q) => [q.lastDay, q.totalOre]));
      // Numbered 1… in one series, by date.
      expect(sie.vouchers.map((v) => v.number)).toEqual(sie.vouchers.map((_, i) => i + 1));
      expect(new Set(sie.vouchers.map((v) => v.series))).toEqual(new Set(['M']));
    } finally {
      store.close();
    }
  });

  it('an overlapping second export adds nothing; --again writes the same vouchers with the same numbers', () => {
    const overlapping = cli([
      'export',
      'sie',
      '--from',
      '2025-07-01',
      '--to',
      '2026-01-31',
      '--out-dir',
      out,
      '--config',
      CONFIG,
      '--as-of',
      '2026-02-01',
    ]);
    expect(overlapping.code).toBe(0);
    expect(overlapping.stdout).toMatch(/^Inga nya händelser att bokföra för 2025-07-01 – 2026-01-31/);
    expect(readdirSync(sieDir())).toHaveLength(1);
    const again = exportSie(['--again'], '2026-02-01');
    expect(again.stdout).toMatch(/\(\d+ verifikationer, samma som tidigare\)/);
    const files = readdirSync(sieDir()).sort();
    expect(files).toHaveLength(2);
    const [a, b] = files.map((f) => readSie(readFileSync(join(sieDir(), f))));
    expect(b!.vouchers).toEqual(a!.vouchers);
  });

  it('a payment recorded later is exported alone, with the next number', () => {
    const before = readSie(readFileSync(join(sieDir(), 'verifikationer-1-2025-01-01-2025-12-31.si'))).vouchers.length;
    expect(cli(['mark', picked.byCase!, '--paid', '250', '--on', '2025-12-30']).code).toBe(0);
    const r = exportSie([], '2026-02-01');
    expect(r.stdout).toMatch(/\(1 verifikationer, \d+ redan exporterade utelämnade\)/);
    const file = readdirSync(sieDir()).find((f) => f.startsWith('verifikationer-3-'))!;
    const sie = readSie(readFileSync(join(sieDir(), file)));
    expect(sie.vouchers.map((v) => [v.number, v.text, v.trans[0]!.amountOre])).toEqual([[before + 1, `Utbetalning ${picked.byCase}`, 250_00]]);
  });

  it('without accounts in the config the export is refused, pointing at the example', () => {
    const r = cli(['export', 'sie', '--from', '2025-01-01', '--to', '2025-12-31', '--out-dir', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('finance.sie.accounts');
  });
});
