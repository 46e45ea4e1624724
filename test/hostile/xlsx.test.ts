// Hostile xlsx cells and sheets: huge text cells (shared and inline), a cell that unpacks to 250 MB,
// number cells that hold no number, date text that is no date, absurd dimensions and positions.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REGISTER, claimsRun, expectRan, expectUnreadable, rejectedRows, scratch, storedFiles, storedLines } from './support.js';
import { MAX_SHARED_STRINGS_BYTES } from '../../src/ingest/limits.js';
import {
  costRowXml,
  costSheetRows,
  headerRowXml,
  sharedStringsOfShortItems,
  sharedStringsWithHugeItem,
  sheetUsingSharedString,
  sheetWithHugeInlineCell,
  sheetXml,
  writeZip,
  xlsxEntries,
} from './files.js';

const MB = 1024 * 1024;

describe('hostile xlsx: huge cells', () => {
  for (const column of ['H', 'B'] as const) {
    const what = column === 'H' ? 'unit' : 'contact_id';

    it(`a 10 MB shared string in ${what}: unreadable at once (a value over 4 MiB)`, async () => {
      const dir = scratch();
      const file = writeZip(
        join(dir, `shared-${what}.xlsx`),
        xlsxEntries(costSheetRows([]), {
          'xl/worksheets/sheet1.xml': sheetUsingSharedString(column),
          'xl/sharedStrings.xml': await sharedStringsWithHugeItem(10 * MB),
        }),
      );
      expectUnreadable(await claimsRun(`xlsx 10 MB shared ${what}`, [REGISTER, file]), file, /4 MiB/);
    });

    it(`a 10 MB inline string in ${what}: unreadable at once (a value over 4 MiB)`, async () => {
      const dir = scratch();
      const rows = `${headerRowXml()}${costRowXml(2, {}, { [column]: `<c r="${column}2" t="inlineStr"><is><t>${'Medicinkliniken '.repeat((10 * MB) / 16)}</t></is></c>` })}${costRowXml(3, { contact: 'S-2', lineId: 'L2' })}`;
      const file = writeZip(join(dir, `inline-${what}.xlsx`), xlsxEntries(costSheetRows([]), { 'xl/worksheets/sheet1.xml': sheetXml(rows) }));
      expectUnreadable(await claimsRun(`xlsx 10 MB inline ${what}`, [REGISTER, file]), file, /4 MiB/);
    });
  }

  it('a text cell longer than 32 767 characters rejects its row (shared and inline), shown cut short; the other rows go in', async () => {
    const dir = scratch();
    const long = 'Medicinkliniken '.repeat(2_500); // 40 000 characters
    const rows = costSheetRows([{ lineId: 'L1' }, { contact: 'S-2', lineId: 'L2' }, { contact: 'S-3', lineId: 'L3' }]);
    rows[1]![7] = long;
    rows[2]![7] = { shared: long };
    const file = writeZip(join(dir, 'long.xlsx'), xlsxEntries(rows));
    const o = await claimsRun('xlsx 40 000-character cells', [REGISTER, file]);
    expectRan(o);
    expect(storedFiles(o.db).find((f) => f.name === 'long.xlsx')).toMatchObject({ rows: 3, accepted: 1, rejected: 2 });
    const rejected = rejectedRows(o.db);
    expect(rejected.map((r) => [r.row, r.column])).toEqual([
      [2, 'Vårdenhet'],
      [3, 'Vårdenhet'],
    ]);
    for (const r of rejected) {
      expect(r.reason).toMatch(/32 767 tecken/);
      expect(r.value!.length).toBeLessThan(100);
      expect(r.value).toMatch(/^Medicinkliniken.*…/);
    }
    expect(storedLines(o.db).map((l) => l.contact_id)).toEqual(['S-3']);
  });

  it('an identity cell longer than 32 767 characters is rejected with its value masked', async () => {
    const dir = scratch();
    const rows = costSheetRows([{ lineId: 'L1' }, { contact: 'S-2', lineId: 'L2' }]);
    rows[1]![0] = `19881111-1015 ${'x'.repeat(40_000)}`;
    const file = writeZip(join(dir, 'long-id.xlsx'), xlsxEntries(rows));
    const o = await claimsRun('xlsx 40 000-character identity', [REGISTER, file]);
    expectRan(o);
    const [r] = rejectedRows(o.db);
    expect(r).toMatchObject({ row: 2, column: 'Personnummer', reason: expect.stringMatching(/32 767 tecken/) });
    expect(r!.value).not.toContain('1015');
    expect(r!.value!.length).toBeLessThan(100);
  });

  it('one cell that unpacks to 250 MB: unreadable, in bounded memory', async () => {
    const dir = scratch();
    const file = writeZip(
      join(dir, 'cell-250mb.xlsx'),
      xlsxEntries(costSheetRows([]), { 'xl/worksheets/sheet1.xml': await sheetWithHugeInlineCell(250 * MB) }),
    );
    expectUnreadable(await claimsRun('xlsx one cell of 250 MB', [REGISTER, file]), file, /4 MiB/);
  });

  it('a shared-strings table just under its limit (2.4 million entries) is read in bounded memory; just over it, refused', async () => {
    const dir = scratch();
    const under = writeZip(
      join(dir, 'sst-under.xlsx'),
      xlsxEntries(costSheetRows([]), {
        'xl/worksheets/sheet1.xml': sheetUsingSharedString('H'),
        'xl/sharedStrings.xml': await sharedStringsOfShortItems(MAX_SHARED_STRINGS_BYTES - MB),
      }),
    );
    const o = await claimsRun('xlsx shared strings just under the limit', [REGISTER, under]);
    expectRan(o);
    expect(storedLines(o.db).map((l) => [l.contact_id, l.unit])).toEqual([
      ['S-1', 'Å-000000000'],
      ['S-2', 'Medicinkliniken'],
    ]);
    const over = writeZip(
      join(dir, 'sst-over.xlsx'),
      xlsxEntries(costSheetRows([]), {
        'xl/worksheets/sheet1.xml': sheetUsingSharedString('H'),
        'xl/sharedStrings.xml': await sharedStringsOfShortItems(MAX_SHARED_STRINGS_BYTES + MB),
      }),
    );
    expectUnreadable(
      await claimsRun('xlsx shared strings just over the limit', [REGISTER, over], { dir: scratch() }),
      over,
      /delade texterna .* större än 64 MiB/,
    );
  });

  it('a shared-strings part that unpacks to 250 MB: unreadable, in bounded memory', async () => {
    const dir = scratch();
    const file = writeZip(
      join(dir, 'sst-250mb.xlsx'),
      xlsxEntries(costSheetRows([]), {
        'xl/worksheets/sheet1.xml': sheetUsingSharedString('H'),
        'xl/sharedStrings.xml': await sharedStringsWithHugeItem(250 * MB),
      }),
    );
    expectUnreadable(await claimsRun('xlsx shared strings of 250 MB', [REGISTER, file]), file, /större än/);
  });
});

describe('hostile xlsx: values that are not what their cell says', () => {
  it('a number cell holding 12a rejects its row (never 1 200 öre); so does a formula result 12a', async () => {
    const dir = scratch();
    const rows = `${headerRowXml()}${costRowXml(2, {}, { D: '<c r="D2"><v>12a</v></c>' })}${costRowXml(3, { contact: 'S-2', lineId: 'L2' }, { D: '<c r="D3"><f>A1</f><v>12a</v></c>' })}${costRowXml(4, { contact: 'S-3', lineId: 'L3' }, { D: '<c r="D4" s="0"><v> 1.5E5 </v></c>' })}`;
    const file = writeZip(join(dir, 'number-12a.xlsx'), xlsxEntries(costSheetRows([]), { 'xl/worksheets/sheet1.xml': sheetXml(rows) }));
    const o = await claimsRun('xlsx number cell 12a', [REGISTER, file]);
    expectRan(o);
    expect(storedFiles(o.db).find((f) => f.name === 'number-12a.xlsx')).toMatchObject({ rows: 3, accepted: 1, rejected: 2 });
    expect(rejectedRows(o.db).map((r) => [r.row, r.column, r.value])).toEqual([
      [2, 'Belopp', '12a'],
      [3, 'Belopp', '12a'],
    ]);
    expect(storedLines(o.db).map((l) => [l.contact_id, l.amount_ore])).toEqual([['S-3', 15_000_000]]);
  });

  it('date text 2025-02-03T25:61 rejects its row; an ISO date cell (t="d") with a time is still a date', async () => {
    const dir = scratch();
    const rows = `${headerRowXml()}${costRowXml(2, { date: '2025-02-03T25:61' })}${costRowXml(3, { contact: 'S-2', lineId: 'L2' }, { C: '<c r="C3" t="d"><v>2025-02-04T10:30:00</v></c>' })}${costRowXml(4, { contact: 'S-3', lineId: 'L3', date: '2025-02-03x' })}`;
    const file = writeZip(join(dir, 'bad-date.xlsx'), xlsxEntries(costSheetRows([]), { 'xl/worksheets/sheet1.xml': sheetXml(rows) }));
    const o = await claimsRun('xlsx date text 25:61', [REGISTER, file]);
    expectRan(o);
    expect(rejectedRows(o.db).map((r) => [r.row, r.column, r.value])).toEqual([
      [2, 'Datum', '2025-02-03T25:61'],
      [4, 'Datum', '2025-02-03x'],
    ]);
    expect(storedLines(o.db).map((l) => l.contact_id)).toEqual(['S-2']);
  });
});

describe('hostile xlsx: absurd dimensions and positions', () => {
  it('a declared dimension of A1:XFD1048576, a row numbered 1048576 and a cell in column XFD read in bounded memory', async () => {
    const dir = scratch();
    const rows = `${headerRowXml()}${costRowXml(2)}<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c><c r="XFD1048576"><v>1</v></c></row>`;
    const file = writeZip(
      join(dir, 'dimension.xlsx'),
      xlsxEntries(costSheetRows([]), { 'xl/worksheets/sheet1.xml': sheetXml(rows, { dimension: 'A1:XFD1048576' }) }),
    );
    const o = await claimsRun('xlsx huge dimension', [REGISTER, file]);
    expectRan(o);
    expect(storedFiles(o.db).find((f) => f.name === 'dimension.xlsx')).toMatchObject({ rows: 2, accepted: 1, rejected: 1 });
    expect(rejectedRows(o.db)[0]).toMatchObject({ row: 1048576 });
  });

  it('a header cell in column XFD and rows whose cells carry no reference read as a spreadsheet shows them', async () => {
    const dir = scratch();
    const header = headerRowXml().replace('</row>', '<c r="XFD1" t="inlineStr"><is><t>Kommentar</t></is></c></row>');
    const noRefs = costRowXml(2)
      .replace(/ r="[A-Z]+2"/g, '')
      .replace('<row r="2">', '<row>');
    const file = writeZip(
      join(dir, 'far-right.xlsx'),
      xlsxEntries(costSheetRows([]), { 'xl/worksheets/sheet1.xml': sheetXml(`${header}${noRefs}`) }),
    );
    const o = await claimsRun('xlsx column XFD, cells without r', [REGISTER, file]);
    expectRan(o);
    expect(storedFiles(o.db).find((f) => f.name === 'far-right.xlsx')).toMatchObject({ rows: 1, accepted: 1 });
  });

  it('a cell beyond column XFD makes the file unreadable with a Swedish reason', async () => {
    const dir = scratch();
    const rows = `${headerRowXml()}${costRowXml(2).replace('</row>', '<c r="XFE2"><v>1</v></c></row>')}`;
    const file = writeZip(join(dir, 'beyond-xfd.xlsx'), xlsxEntries(costSheetRows([]), { 'xl/worksheets/sheet1.xml': sheetXml(rows) }));
    expectUnreadable(await claimsRun('xlsx cell beyond XFD', [REGISTER, file]), file, /kolumn|skadad/);
  });
});
