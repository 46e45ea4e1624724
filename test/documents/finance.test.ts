// The finance summary (SPEC §6.3): read back with exceljs and pdftotext.
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeFinanceSummary } from '../../src/documents/finance.js';
import { expectedSchablon } from '../../src/rules/schablon.js';
import { AS_OF, financeInput, region } from './fixtures.js';
import { pdfFonts, pdfPages, squash } from './pdf-tools.js';

/** The amounts of förordning (1996:1357) 6 § in öre, as a parsed configuration holds them. */
const SCHABLON_2025 = { upTo18Ore: 374_000, from19To60Ore: 443_500, from61Ore: 563_500 };

const { claims, persons } = financeInput(60);
const visible = claims.filter((c) => persons.get(c.personId)?.group !== 'papperslös');
let dir: string;
let wb: ExcelJS.Workbook;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'claims-finance-'));
  const schablon = expectedSchablon([...persons.values()], ['2026Q1', '2026Q2', '2026Q3'], SCHABLON_2025);
  await writeFinanceSummary(dir, { asOf: AS_OF, region: region(), claims, persons, schablon });
  wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(join(dir, 'finance', 'summary.xlsx'));
});

function rowsOf(sheet: ExcelJS.Worksheet): ExcelJS.Row[] {
  const rows: ExcelJS.Row[] = [];
  sheet.eachRow((r) => rows.push(r));
  return rows;
}

describe('finance/summary.xlsx', () => {
  it('has one row per claim, papperslösa left out, amounts in kronor that add up', () => {
    const sheet = wb.getWorksheet('Ansökningar')!;
    const header = rowsOf(sheet).findIndex((r) => r.getCell(1).value === 'Ärende-id');
    expect(header).toBeGreaterThan(0);
    const data = rowsOf(sheet)
      .slice(header + 1)
      .filter((r) => typeof r.getCell(1).value === 'string');
    expect(data).toHaveLength(visible.length);
    const ore = data.reduce((s, r) => s + Math.round((r.getCell(7).value as number) * 100), 0);
    expect(ore).toBe(visible.reduce((s, c) => s + c.claimOre, 0));
    expect(data.map((r) => r.getCell(1).value)).not.toContain('hiddenclaim0001');
  });

  it('totals per rule and status match the claims', () => {
    const sheet = wb.getWorksheet('Summor')!;
    const rows = rowsOf(sheet);
    const grand = rows.find((r) => r.getCell(1).value === 'Totalt alla ansökningar')!;
    expect(grand.getCell(3).value).toBe(visible.length);
    expect(Math.round((grand.getCell(4).value as number) * 100)).toBe(visible.reduce((s, c) => s + c.claimOre, 0));
    const paidKk = rows.find((r) => r.getCell(1).value === 'Kostnadskrävande vård' && r.getCell(2).value === 'Utbetald')!;
    const expected = visible.filter((c) => c.rule === 'kostnadskravande' && c.status === 'paid');
    expect(paidKk.getCell(3).value).toBe(expected.length);
    expect(Math.round((paidKk.getCell(4).value as number) * 100)).toBe(expected.reduce((s, c) => s + c.claimOre, 0));
  });

  it('keeps formula-like text as text', () => {
    const sheet = wb.getWorksheet('Ansökningar')!;
    const cells: ExcelJS.Cell[] = [];
    sheet.eachRow((r) => r.eachCell((c) => cells.push(c)));
    const risky = cells.filter((c) => typeof c.value === 'string' && /HYPERLINK|^'?\+4670|^'?-2\+3|SUM\(A1\)/.test(c.value));
    expect(risky).toHaveLength(4);
    for (const c of risky) {
      expect(c.type).toBe(ExcelJS.ValueType.String);
      expect(c.formula).toBeUndefined();
      expect(String(c.value).startsWith("'")).toBe(true);
    }
    expect(cells.some((c) => c.type === ExcelJS.ValueType.Formula)).toBe(false);
  });

  it('shows dossier numbers or masked identities only', () => {
    const sheet = wb.getWorksheet('Ansökningar')!;
    const idCells: string[] = [];
    sheet.eachRow((r) => idCells.push(String(r.getCell(3).value)));
    for (const c of visible) {
      expect(idCells.some((v) => v.includes(c.personId))).toBe(false);
    }
    expect(idCells.filter((v) => /^\d{8}-\*{4}$/.test(v)).length).toBeGreaterThan(5);
    const everything: string[] = [];
    wb.eachSheet((ws) => ws.eachRow((r) => r.eachCell((c) => everything.push(String(c.value)))));
    expect(everything.join('\n')).not.toMatch(/PAPPERSLÖS|19991231|Dold Person|hiddenclaim/);
    expect(everything.join('\n')).not.toMatch(/\d{8}-\d{4}/);
  });

  it('has the expected schablon per quarter', () => {
    const sheet = wb.getWorksheet('Schablon')!;
    const rows = rowsOf(sheet);
    const q1 = rows.find((r) => r.getCell(1).value === '2026Q1')!;
    const total19To60 = 60 * 443_500; // 60 adults registered, the papperslös person not counted
    expect(q1.getCell(4).value).toBe(60);
    expect(Math.round((q1.getCell(10).value as number) * 100)).toBe(total19To60);
    expect(q1.getCell(12).value).toBe('april 2026');
  });
});

describe('finance/summary.pdf', () => {
  it('has the totals, the claims and page numbers, and nothing about papperslösa', () => {
    const pdf = join(dir, 'finance', 'summary.pdf');
    const pages = pdfPages(pdf, { layout: true });
    const text = squash(pages.join(' '));
    pages.forEach((p, i) => expect(squash(p)).toContain(`Sida ${i + 1} av ${pages.length}`));
    expect(text).toContain('Totalt alla ansökningar');
    expect(text).toContain('Förväntad schablonersättning per kvartal');
    expect(text).toContain('=HYPERLINK');
    expect(text).not.toContain('hiddenclaim0001');
    expect(text).not.toContain('19991231');
    expect(text).not.toContain('PAPPERSLÖS');
    expect(text).not.toMatch(/\d{8}-\d{4}/); // no unmasked personnummer
    for (const f of pdfFonts(pdf)) expect(f.embedded).toBe(true);
  });

  it('leaves no temporary files behind', () => {
    expect(readdirSync(join(dir, 'finance')).sort()).toEqual(['summary.pdf', 'summary.xlsx']);
  });
});
