// Hostile csv files: a 10 000-character word that reaches the application PDF, one 50 MB field
// with no line end, an over-long field, and line ends of every kind mixed in one file.
import { execFileSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  COST_HEADER,
  REGISTER,
  claimsRun,
  costRow,
  expectRan,
  expectUnreadable,
  rejectedRows,
  scratch,
  storedFiles,
  storedLines,
  writeCsvRows,
} from './support.js';
import { repeated } from './files.js';

describe('hostile csv', () => {
  it('a 10 000-character word in unit is stored and drawn on the application in linear time', async () => {
    const dir = scratch();
    const word = 'Medicinkliniken'.repeat(667).slice(0, 10_000);
    const file = writeCsvRows(join(dir, 'long-word.csv'), [
      COST_HEADER,
      costRow({ unit: word }),
      costRow({ contact: 'S-1', lineId: 'L2', unit: `${word}X`, date: '2025-02-04' }),
    ]);
    const o = await claimsRun('csv 10 000-character word in unit', [REGISTER, file]);
    expectRan(o);
    expect(storedLines(o.db).map((l) => l.unit!.length)).toEqual([10_000, 10_001]);
    const pdfs = readdirSync(join(o.out, 'applications')).filter((f) => f.endsWith('.pdf'));
    expect(pdfs).toHaveLength(1);
    const text = execFileSync('pdftotext', [join(o.out, 'applications', pdfs[0]!), '-'], { encoding: 'utf8' });
    expect(text).toContain('Medicinklin');
  });

  it('a 50 000-character field rejects its row (shown cut short) and reaches no document', async () => {
    const dir = scratch();
    const file = writeCsvRows(join(dir, 'very-long.csv'), [
      COST_HEADER,
      costRow({ unit: 'Å'.repeat(50_000) }),
      costRow({ contact: 'S-2', lineId: 'L2' }),
    ]);
    const o = await claimsRun('csv 50 000-character field', [REGISTER, file]);
    expectRan(o);
    const [r] = rejectedRows(o.db);
    expect(r).toMatchObject({ row: 2, column: 'Vårdenhet', reason: expect.stringMatching(/32 767 tecken/) });
    expect(r!.value!.length).toBeLessThan(100);
    expect(storedLines(o.db).map((l) => l.contact_id)).toEqual(['S-2']);
  });

  it('one 50 MB field and no line end: unreadable at once (a row over 4 MiB), in bounded memory', async () => {
    const dir = scratch();
    const file = join(dir, 'field-50mb.csv');
    const head = `${COST_HEADER.join(';')}\r\n19881111-1015;S-1;2025-02-03;150000;vård;akut;0;`;
    writeFileSync(file, head + [...repeated('Medicinkliniken ', 50 * 1024 * 1024)].join(''));
    expectUnreadable(await claimsRun('csv one 50 MB field', [REGISTER, file]), file, /4 MiB/);
  });

  it('CRLF, LF and CR mixed: every row is stored or rejected, none swallowed into another', async () => {
    const dir = scratch();
    const rows = [
      COST_HEADER,
      costRow({ lineId: 'L1' }),
      costRow({ contact: 'S-2', lineId: 'L2', amount: '45500' }),
      costRow({ contact: 'S-3', lineId: 'L3', amount: '50000' }),
      costRow({ contact: 'S-4', lineId: 'L4', amount: '50000' }),
      costRow({ contact: 'S-5', lineId: 'L5', amount: 'x' }),
    ];
    const eols = ['\r\n', '\r\n', '\n', '\r', '\n', '\r\n'];
    const file = join(dir, 'mixed-eol.csv');
    writeFileSync(file, rows.map((r, i) => `${r.join(';')}${eols[i]}`).join(''));
    const o = await claimsRun('csv mixed line ends', [REGISTER, file]);
    expectRan(o);
    expect(storedFiles(o.db).find((f) => f.name === 'mixed-eol.csv')).toMatchObject({ rows: 5, accepted: 4, rejected: 1 });
    expect(storedLines(o.db).map((l) => [l.contact_id, l.line_id])).toEqual([
      ['S-1', 'L1'],
      ['S-2', 'L2'],
      ['S-3', 'L3'],
      ['S-4', 'L4'],
    ]);
    expect(rejectedRows(o.db).map((r) => r.row)).toEqual([6]);
  });

  it('a quoted field may still hold a line break of any kind', async () => {
    const dir = scratch();
    const file = join(dir, 'quoted-eol.csv');
    writeFileSync(
      file,
      `${COST_HEADER.join(';')}\r${costRow({ unit: '"Medicin\rkliniken"' }).join(';')}\n${costRow({ contact: 'S-2', lineId: 'L2', unit: '"Kirurg\r\nkliniken"' }).join(';')}\r`,
    );
    const o = await claimsRun('csv quoted line breaks', [REGISTER, file]);
    expectRan(o);
    expect(storedLines(o.db).map((l) => l.unit)).toEqual(['Medicin\rkliniken', 'Kirurg\r\nkliniken']);
  });
});
