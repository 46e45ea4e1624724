// The yearly reports (SPEC §6.4) from a temporary database: figures, suppression of cells with
// 1–4 persons, papperslösa only as the aggregate appendix, xlsx and PDF read back.
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config.js';
import { writeYearlyReports, yearFigures } from '../../src/pipeline/report.js';
import type { YearFigures } from '../../src/figures/yearly.js';
import { pdfFonts, pdfInfo, pdfPages, squash } from '../documents/pdf-tools.js';
import { region } from '../documents/fixtures.js';
import { makeDb, pid, standardYear } from './db-fixture.js';

const config = { ...defaultConfig(), region: region(), schablon: { upTo18Ore: 374_000, from19To60Ore: 443_500, from61Ore: 563_500 } };
const year = standardYear();
let figures: YearFigures;
let out: string;
let files: string[];

beforeAll(async () => {
  const { db } = makeDb(year.persons, year.lines, year.claims);
  figures = yearFigures(db, 2025, config);
  out = mkdtempSync(join(tmpdir(), 'claims-reports-'));
  ({ files } = await writeYearlyReports(db, { year: 2025, outDir: out, config, asOf: '2026-01-15' }));
  db.close();
});

async function workbook(name: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(join(out, 'reports', '2025', name));
  return wb;
}

function sheetText(wb: ExcelJS.Workbook): string {
  const parts: string[] = [];
  wb.eachSheet((ws) => ws.eachRow((r) => r.eachCell((c) => parts.push(String(c.value)))));
  return parts.join('\n');
}

function row(ws: ExcelJS.Worksheet, first: string): ExcelJS.CellValue[] {
  let found: ExcelJS.CellValue[] | null = null;
  ws.eachRow((r) => {
    if (found === null && String(r.getCell(1).value).trim() === first) found = (r.values as ExcelJS.CellValue[]).slice(1);
  });
  if (found === null) throw new Error(`ingen rad ${first}`);
  return found;
}

describe('figures', () => {
  it('counts persons, visits, bed days and costs per group and age band', () => {
    const asyl = figures.skr.find((g) => g.group === 'asylsökande')!;
    expect(asyl.persons.all).toMatchObject({ value: 15, suppressed: false });
    expect(asyl.persons['0-17']).toMatchObject({ value: 3, suppressed: true, secondary: false });
    expect(asyl.persons['18+']).toMatchObject({ value: 12, suppressed: true, secondary: true });
    expect(asyl.measures.visitsPrimary.all.value).toBe(24);
    expect(asyl.measures.bedDaysSomatic.all.value).toBe(24);
    expect(asyl.measures.bedDaysBup['0-17']).toMatchObject({ value: 9, suppressed: true });
    // Net of fees: 12 × (2 000 − 100) + 12 × 5 000 + 6 × 30 000 + 3 × 1 500 kr; the 2024 line is not counted.
    expect(asyl.costTotal.all).toMatchObject({ value: 267_300_00, suppressed: false });
    const mass = figures.skr.find((g) => g.group === 'massflykting')!;
    expect(mass.persons.all).toMatchObject({ value: 6, suppressed: false });
    expect(mass.measures.dentalVisits.all.value).toBe(6);
    expect(figures.unknownPersonLines).toBe(1);
  });

  it('counts compensation applied for and received in the year', () => {
    const kk = figures.compensation.find((c) => c.rule === 'kostnadskravande')!;
    expect(kk.claims).toBe(6);
    expect(kk.applied.value).toBe(120_000_00);
    expect(kk.received.value).toBe(57_000_00);
    const all = figures.compensation.find((c) => c.rule === 'all')!;
    expect(all.applied).toMatchObject({ value: 190_000_00, persons: 7, suppressed: false });
  });

  it('keeps papperslösa out of the SKR groups and in the aggregate appendix', () => {
    expect(figures.papperslos.total).toMatchObject({ value: 83_500_00, persons: 7, suppressed: false });
    expect(figures.papperslos.costBySetting['slutenvård_somatik']).toMatchObject({ persons: 2, suppressed: true });
    expect(figures.papperslos.costBySetting['primärvård']).toMatchObject({ persons: 5, suppressed: true, secondary: true });
    const pap = figures.sos.find((g) => g.group === 'papperslös')!;
    expect(pap.categories.all.all.persons.value).toBe(7);
  });

  it('has the expected schablon for the year’s quarters', () => {
    expect(figures.schablon.map((q) => q.quarter)).toEqual(['2025Q1', '2025Q2', '2025Q3', '2025Q4']);
    const q1 = figures.schablon[0]!;
    expect(q1.persons.upTo18).toMatchObject({ value: 3, suppressed: true });
    expect(q1.persons.all).toMatchObject({ value: 21, suppressed: false });
    expect(q1.amount.all.value).toBe(3 * 374_000 + 18 * 443_500);
  });
});

describe('files', () => {
  it('writes reports/2025/skr.xlsx|pdf and socialstyrelsen.xlsx|pdf and nothing else', () => {
    expect(files.map((f) => f.slice(out.length + 1)).sort()).toEqual([
      'reports/2025/skr.pdf',
      'reports/2025/skr.xlsx',
      'reports/2025/socialstyrelsen.pdf',
      'reports/2025/socialstyrelsen.xlsx',
    ]);
    expect(readdirSync(join(out, 'reports', '2025')).sort()).toEqual(['skr.pdf', 'skr.xlsx', 'socialstyrelsen.pdf', 'socialstyrelsen.xlsx']);
  });
});

describe('skr.xlsx', () => {
  it('shows <5 for 1–4 persons and .. for what a total would give away', async () => {
    const wb = await workbook('skr.xlsx');
    const ws = wb.getWorksheet('Asylsökande')!;
    expect(row(ws, 'Personer med vård')).toEqual(['Personer med vård', '<5', '..', 15]);
    expect(row(ws, 'Kostnader totalt, kr')).toEqual(['Kostnader totalt, kr', '<5', '..', 267_300]);
    expect(row(ws, 'Barn- och ungdomspsykiatri')[1]).toBe('<5');
    const pap = wb.getWorksheet('Bilaga papperslösa')!;
    expect(row(pap, 'Totalt')).toEqual(['Totalt', 7, 83_500]);
    expect(row(pap, 'Slutenvård, somatik')).toEqual(['Slutenvård, somatik', '<5', '<5']);
  });

  it('names no person: no identity, dossier number or name of anyone', async () => {
    const text = sheetText(await workbook('skr.xlsx')) + sheetText(await workbook('socialstyrelsen.xlsx'));
    for (const p of year.persons) {
      expect(text).not.toContain(p.id);
      if (p.dossier) expect(text).not.toContain(p.dossier);
    }
    expect(text).not.toMatch(/Hemlig Papperslös|\d{8}-\d{4}/);
  });
});

describe('socialstyrelsen.xlsx', () => {
  it('has every group, papperslösa included, per care category', async () => {
    const wb = await workbook('socialstyrelsen.xlsx');
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Asylsökande', 'Massflyktingar', 'Nyanlända', 'Papperslösa']);
    const mass = wb.getWorksheet('Massflyktingar')!;
    // 6 adults, one dental contact each, 1 000 kr each.
    expect(row(mass, 'Tandvård')).toEqual(['Tandvård', 0, 0, 0, 6, 6, 1_000 * 6, 6, 6, 6_000]);
    const pap = wb.getWorksheet('Papperslösa')!;
    expect(row(pap, 'Förlossningsvård').slice(4)).toEqual(['<5', '<5', '<5', '<5', '<5', '<5']);
    // 5 persons, but hidden: with the förlossning cell (2 persons) it would give the column total away.
    expect(row(pap, 'Vård som inte kan anstå').slice(4, 7)).toEqual(['..', '..', '..']);
    expect(row(pap, 'Alla vårdkategorier').slice(6)).toEqual([83_500, 7, 7, 83_500]);
  });
});

describe('PDFs', () => {
  it('read back with page numbers, embedded fonts, the chart and <5', () => {
    for (const name of ['skr.pdf', 'socialstyrelsen.pdf']) {
      const path = join(out, 'reports', '2025', name);
      const pages = pdfPages(path, { layout: true });
      pages.forEach((p, i) => expect(squash(p)).toContain(`Sida ${i + 1} av ${pages.length}`));
      const text = squash(pages.join(' '));
      expect(text).toContain('Kostnader per vårdform 2025');
      expect(text).toContain('<5');
      expect(text).not.toMatch(/Hemlig Papperslös|\d{8}-\d{4}|PL-\d/);
      for (const f of pdfFonts(path)) expect(f.embedded).toBe(true);
      expect(pdfInfo(path).Author).toBe('Region Östergötland');
    }
    const skr = squash(pdfPages(join(out, 'reports', '2025', 'skr.pdf'), { layout: true }).join(' '));
    expect(skr).toContain('Hälso- och sjukvård åt asylsökande 2025');
    expect(skr).toContain('Bilaga: vård åt papperslösa 2025');
    expect(skr).toMatch(/Summa sökt och erhållen ersättning +7 +7 +190 000/);
    expect(skr).toMatch(/Öppen specialistvård +60 000 kr/); // a bar's label
  });

  it('are identical when written again', async () => {
    const { db } = makeDb(year.persons, year.lines, year.claims);
    const again = mkdtempSync(join(tmpdir(), 'claims-reports-'));
    await writeYearlyReports(db, { year: 2025, outDir: again, config, asOf: '2026-01-15' });
    db.close();
    const { readFileSync } = await import('node:fs');
    for (const name of ['skr.pdf', 'socialstyrelsen.pdf']) {
      expect(readFileSync(join(again, 'reports', '2025', name)).equals(readFileSync(join(out, 'reports', '2025', name)))).toBe(true);
    }
  });
});

describe('a year with no data', () => {
  it('still writes all four files with zeros', async () => {
    const { db } = makeDb([], []);
    const dir = mkdtempSync(join(tmpdir(), 'claims-reports-'));
    const r = await writeYearlyReports(db, { year: 2030, outDir: dir, config, asOf: '2031-01-15' });
    db.close();
    expect(r.files).toHaveLength(4);
    expect(pid('2000-01-01', 1)).toBe('20000101-1001');
  });
});
