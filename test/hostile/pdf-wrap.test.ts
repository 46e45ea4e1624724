// Text of any length drawn without stalling: an over-wide word is broken in one pass (it used to be
// shortened a character at a time, measured again each time), a table cell is cut to a page, and a
// value at the cell limit reaches the application and the finance summary in bounded time.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Canvas } from '../../src/documents/pdf/canvas.js';
import { createPdf, finishPdf } from '../../src/documents/pdf/document.js';
import { Table } from '../../src/documents/pdf/table.js';
import { COST_HEADER, claimsRun, costRow, expectRan, scratch, writeCsvRows } from './support.js';

function canvas(): Canvas {
  return new Canvas(createPdf({ title: 't', author: 'a', subject: 's', asOf: '2025-11-01' }), 'portrait');
}

describe('wrapping', () => {
  it('breaks a word of any length into pieces that fit, in linear time', () => {
    const c = canvas();
    const style = { size: 8 };
    const seconds: number[] = [];
    for (const n of [2_000, 20_000, 100_000]) {
      const word = 'Medicinkliniken'.repeat(Math.ceil(n / 15)).slice(0, n);
      const started = performance.now();
      const lines = c.wrap(word, 120, style);
      seconds.push((performance.now() - started) / 1000);
      expect(lines.join('')).toBe(word);
      for (const line of lines) expect(c.textWidth(line, style)).toBeLessThanOrEqual(120);
      // Greedy: a piece plus the next character would not have fitted.
      for (let i = 0; i < lines.length - 1; i++) expect(c.textWidth(lines[i]! + lines[i + 1]![0]!, style)).toBeGreaterThan(120);
    }
    expect(seconds[2]!).toBeLessThan(5);
  });

  it('words with characters outside the fast shaping path (f, accents, symbols) too', () => {
    const c = canvas();
    const word = 'ﬁffiÅßœ€→'.repeat(3_000);
    const started = performance.now();
    const lines = c.wrap(`Enhet ${word} slut`, 200, { size: 9, font: 'bold' });
    expect((performance.now() - started) / 1000).toBeLessThan(10);
    expect(lines[0]).toBe('Enhet');
    expect(lines.at(-1)!.endsWith(' slut') || lines.at(-1) === 'slut').toBe(true);
    expect(lines.join('').replace(/ /g, '')).toBe(`Enhet${word}slut`);
  });

  it('cuts to maxLines with an ellipsis', () => {
    const c = canvas();
    const lines = c.wrap('ord '.repeat(2_000), 100, { size: 8 }, 5);
    expect(lines).toHaveLength(5);
    expect(lines[4]!.endsWith('…')).toBe(true);
    expect(c.textWidth(lines[4]!, { size: 8 })).toBeLessThanOrEqual(100);
  });

  it('a table cell of 32 767 characters is cut to one page: the document keeps its page count small', async () => {
    const c = canvas();
    const table = new Table(c, [
      { label: 'Datum', width: 1 },
      { label: 'Enhet', width: 2, wrap: true },
    ]);
    table.start();
    const started = performance.now();
    table.row({ cells: ['2025-02-03', 'Medicinkliniken'.repeat(2_200).slice(0, 32_767)] });
    table.row({ cells: ['2025-02-04', 'Kort'] });
    c.flush();
    expect((performance.now() - started) / 1000).toBeLessThan(5);
    expect(c.doc.bufferedPageRange().count).toBeLessThanOrEqual(2);
    const pdf = await finishPdf(c.doc);
    expect(pdf.length).toBeGreaterThan(1000);
  });
});

describe('long values through claims run', () => {
  it('a 30 000-character contact id and dossier number reach the application and the finance summary in bounded time', async () => {
    const dir = scratch();
    const contact = `K${'0123456789'.repeat(3_000)}`;
    const register = writeCsvRows(join(dir, 'personer.csv'), [
      ['Personnummer', 'Grupp', 'Dossiernummer', 'LMA från'],
      ['19881111-1015', 'asylsökande', `D${'9'.repeat(30_000)}`, '2024-10-01'],
    ]);
    const costs = writeCsvRows(join(dir, 'kostnader.csv'), [COST_HEADER, costRow({ contact, unit: 'Medicin'.repeat(4_000) })]);
    const o = await claimsRun('csv 30 000-character contact id and dossier number', [register, costs]);
    expectRan(o);
    const pdfs = readdirSync(join(o.out, 'applications')).filter((f) => f.endsWith('.pdf'));
    expect(pdfs).toHaveLength(1);
    const pages = execFileSync('pdfinfo', [join(o.out, 'applications', pdfs[0]!)], { encoding: 'utf8' });
    expect(Number(/Pages:\s+(\d+)/.exec(pages)![1])).toBeLessThan(40);
    expect(execFileSync('pdftotext', [join(o.out, 'finance', 'summary.pdf'), '-'], { encoding: 'utf8' })).toContain('Sida 1 av');
  });
});
