// Reading files in every form SPEC §3 allows: csv encodings and delimiters, title rows, xlsx from
// exceljs, openpyxl and hand-built archives (shared/inline/rich strings, formulas, errors, 1904).
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openXlsx } from '../../src/ingest/readers/xlsx.js';
import { openInputFile } from '../../src/ingest/input-file.js';
import { fromExcelValue } from '../../src/ingest/values.js';
import { buildXlsx } from '../helpers/xlsx-builder.js';
import { AS_OF, COST_HEADER, P1, P2, count, freshDb, ingest, lines, scratch, writeCsv, writeExceljsXlsx } from './support.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/ingest/', import.meta.url));

describe('csv', () => {
  it('UTF-8 with BOM, semicolons, decimal commas, title rows above the header', async () => {
    const dir = scratch();
    const db = freshDb(dir);
    const file = writeCsv(
      join(dir, 'k.csv'),
      [
        ['Kostnadsexport; Region Exempel'],
        ['Uttag 2026-01-10'],
        [],
        COST_HEADER,
        [P1, 'K-1', '2025-03-07', '1 234,50', 'Vård', 'Kan ej anstå', '50,00', 'F43.1', 'TX1'],
        [P2.slice(2), 'K-2', '20250308', '−500', 'tolk', 'akut', '', '', ''],
      ],
      { encoding: 'utf8bom' },
    );
    const [r] = await ingest(db, [file]);
    expect(r).toMatchObject({ kind: 'costs', rows: 2, accepted: 2, rejected: 0, duplicates: 0, error: null });
    expect(lines(db)).toEqual([
      expect.objectContaining({
        person_id: P1,
        contact_id: 'K-1',
        date: '2025-03-07',
        amount_ore: 123450,
        fee_ore: 5000,
        cost_type: 'vård',
        care_category: 'kan_ej_anstå',
        diagnosis: 'F43.1',
        line_id: 'TX1',
        doctor_ordered: 1,
        quantity: 1,
      }),
      expect.objectContaining({
        person_id: P2,
        date: '2025-03-08',
        amount_ore: -50000,
        fee_ore: 0,
        cost_type: 'tolk',
        care_category: 'akut',
        diagnosis: null,
        line_id: null,
      }),
    ]);
  });

  it('Windows-1252 (Swedish Excel "CSV semikolonavgränsad"), including the characters Latin-1 lacks', async () => {
    const dir = scratch();
    const db = freshDb(dir);
    const file = writeCsv(
      join(dir, 'k.csv'),
      [
        [...COST_HEADER, 'Vårdenhet', 'Vårdform'],
        [P1, 'K-1', '2025-03-07', '1 234,50', 'vård', 'mödrahälsovård', '0', '', 'TX1', 'Vårdcentralen Åre – “Söder”', 'Öppen specialistvård'],
      ],
      { encoding: 'cp1252' },
    );
    const [r] = await ingest(db, [file]);
    expect(r).toMatchObject({ accepted: 1, rejected: 0 });
    expect(lines(db)[0]).toMatchObject({
      care_category: 'mödrahälsovård',
      unit: 'Vårdcentralen Åre – “Söder”',
      care_setting: 'öppen_specialistvård',
    });
  });

  it('Windows-1252 whose first non-ASCII byte comes late in a large file', async () => {
    const dir = scratch();
    const db = freshDb(dir);
    const rows: (string | number)[][] = [['Personnummer', 'Vardkontakt', 'Datum', 'Belopp', 'Kostnadstyp', 'Rad-ID']];
    for (let i = 0; i < 8000; i++) rows.push([P1, `K-${i}`, '2025-03-07', '100,00', 'tolk', `TX${i}`]);
    rows.push([P1, 'K-x', '2025-03-07', '100,00', 'vård', 'TX-last']);
    const file = writeCsv(join(dir, 'k.csv'), rows, { encoding: 'cp1252' });
    const [r] = await ingest(db, [file]);
    expect(r).toMatchObject({ accepted: 8001, rejected: 0 });
    expect(db.prepare("SELECT cost_type FROM cost_lines WHERE line_id = 'TX-last'").pluck().get()).toBe('vård');
  });

  it('comma separated, UTF-8 without BOM, quoted fields, decimal points', async () => {
    const dir = scratch();
    const db = freshDb(dir);
    const file = writeCsv(
      join(dir, 'k.csv'),
      [
        ['person_id', 'contact_id', 'date', 'amount', 'unit'],
        [P1, 'K-1', '2025/03/07', '1234.50', 'Medicin, avd 3'],
        [P1, 'K-2', '2025-03-07', '"12"', 'Kirurgen "Norr"'],
      ],
      { delimiter: ',' },
    );
    const [r] = await ingest(db, [file]);
    expect(r).toMatchObject({ accepted: 1, rejected: 1 });
    expect(lines(db)[0]).toMatchObject({ date: '2025-03-07', amount_ore: 123450, unit: 'Medicin, avd 3' });
  });

  it('row numbers of rejected rows are those a spreadsheet shows; blank rows are not counted', async () => {
    const dir = scratch();
    const db = freshDb(dir);
    const file = writeCsv(join(dir, 'k.csv'), [
      ['Titel'],
      COST_HEADER,
      [P1, 'K', '2025-01-01', '1', '', '', '', '', ''],
      [],
      ['', '', '', '', '', '', '', '', ''],
      [P1, 'K', '2025-02-30', '12a', '', '', '', '', ''],
    ]);
    const [r] = await ingest(db, [file]);
    expect(r).toMatchObject({ rows: 2, accepted: 1, rejected: 1 });
    expect(db.prepare('SELECT row_no, column_name, value, reason FROM rejected_rows ORDER BY id').all()).toEqual([
      { row_no: 6, column_name: 'Datum', value: '2025-02-30', reason: 'datumet finns inte i kalendern' },
      { row_no: 6, column_name: 'Belopp', value: '12a', reason: expect.stringContaining('kan inte tolkas') },
    ]);
  });
});

describe('xlsx', () => {
  it('written by exceljs: shared strings, date cells, numbers, rich text, hyperlinks, formulas, errors', async () => {
    const dir = scratch();
    const db = freshDb(dir);
    const file = await writeExceljsXlsx(join(dir, 'k.xlsx'), [
      {
        name: 'Kostnader',
        rows: [
          ['Kostnadsexport'],
          [...COST_HEADER, 'Vårdenhet'],
          [
            P1,
            'K-1',
            new Date(Date.UTC(2025, 2, 7)),
            1234.5,
            'vård',
            'akut',
            50,
            'F43.1',
            { text: 'TX1', hyperlink: 'https://example.org/TX1' },
            { richText: [{ text: 'Vård' }, { font: { bold: true }, text: 'centralen' }] },
          ],
          [P1, 'K-2', 45724, { formula: '1000+234.5', result: 1234.5 }, 'tolk', 'akut', 0, null, 'TX2', 'X'],
          [P2, 'K-3', '2025-03-09', { error: '#N/A' }, 'vård', 'akut', 0, null, 'TX3', 'X'],
        ],
      },
    ]);
    const [r] = await ingest(db, [file]);
    expect(r).toMatchObject({ rows: 3, accepted: 2, rejected: 1 });
    expect(lines(db)).toEqual([
      expect.objectContaining({ date: '2025-03-07', amount_ore: 123450, fee_ore: 5000, line_id: 'TX1', unit: 'Vårdcentralen' }),
      expect.objectContaining({ date: '2025-03-08', amount_ore: 123450, cost_type: 'tolk' }),
    ]);
    expect(db.prepare('SELECT sheet, row_no, column_name, value FROM rejected_rows').get()).toEqual({
      sheet: 'Kostnader',
      row_no: 5,
      column_name: 'Belopp',
      value: '#N/A',
    });
  });

  it('hand-built: inline strings, inline and shared rich text, cached formula results, booleans, ISO date cells', async () => {
    const dir = scratch();
    const db = freshDb(dir);
    const file = join(dir, 'k.xlsx');
    writeFileSync(
      file,
      buildXlsx({
        sheets: [
          {
            name: 'Blad1',
            rows: [
              [...COST_HEADER, 'Ordinerad av läkare', 'Vårdenhet'],
              [
                P1,
                'K-1',
                { date: 45723 },
                1234.5,
                { shared: 'vård' },
                { sharedRich: ['Kan ej ', 'anstå'] },
                0,
                { rich: ['F4', '3.1'] },
                'TX1',
                { bool: false },
                { rich: ['Vård', 'central', 'en Åre'] },
              ],
              [
                P1,
                'K-2',
                { isoDate: '2025-03-08T00:00:00' },
                { formula: 'SUM(A1:A2)', result: 200 },
                { formula: 'A1', result: 'tolk' },
                'akut',
                0,
                null,
                'TX2',
                { bool: true },
                'Å',
              ],
              [P1, 'K-3', { date: 45725 }, { error: '#DIV/0!' }, 'vård', 'akut', 0, null, 'TX3', null, null],
            ],
          },
        ],
      }),
    );
    const [r] = await ingest(db, [file]);
    expect(r).toMatchObject({ rows: 3, accepted: 2, rejected: 1 });
    expect(lines(db)).toEqual([
      expect.objectContaining({
        date: '2025-03-07',
        care_category: 'kan_ej_anstå',
        diagnosis: 'F43.1',
        doctor_ordered: 0,
        unit: 'Vårdcentralen Åre',
      }),
      expect.objectContaining({ date: '2025-03-08', amount_ore: 20000, cost_type: 'tolk', doctor_ordered: 1, unit: 'Å' }),
    ]);
  });

  it('the 1904 date system, spelled "1" or "true"', async () => {
    for (const spelling of ['1', 'true'] as const) {
      const dir = scratch();
      const db = freshDb(dir);
      const file = join(dir, 'k.xlsx');
      writeFileSync(
        file,
        buildXlsx({
          date1904: spelling,
          sheets: [
            {
              name: 'S',
              rows: [
                COST_HEADER,
                [P1, 'K-1', { date: 45723 - 1462 }, 1, null, null, null, null, 'TX1'],
                [P1, 'K-1', 45724 - 1462, 1, null, null, null, null, 'TX2'],
              ],
            },
          ],
        }),
      );
      await ingest(db, [file]);
      expect(lines(db).map((l) => l.date)).toEqual(['2025-03-07', '2025-03-08']);
    }
  });

  it('the first sheet with a header row is read, even when the archive holds sheets before the workbook and no shared strings', async () => {
    const dir = scratch();
    const db = freshDb(dir);
    const file = join(dir, 'k.xlsx');
    writeFileSync(
      file,
      buildXlsx({
        sheetsFirst: true,
        sheets: [
          { name: 'Om filen', rows: [['Den här fliken har ingen rubrikrad'], ['Belopp', 'Datum']] },
          { name: 'Data', firstRow: 3, rows: [['Rubrik'], [], COST_HEADER, [P1, 'K-1', '2025-03-07', 1, null, null, null, null, 'TX1']] },
        ],
      }),
    );
    const [r] = await ingest(db, [file]);
    expect(r).toMatchObject({ kind: 'costs', accepted: 1 });
    expect(db.prepare('SELECT sheet FROM source_files').pluck().get()).toBe('Data');
  });

  it('shared strings and names are never lost when the archive holds them after the sheets (read 100 times)', async () => {
    const dir = scratch();
    const file = join(dir, 'k.xlsx');
    const rows = Array.from({ length: 50 }, (_, i) => [{ shared: `s${i}` }, `i${i}`, { sharedRich: ['a', `${i}`] }]);
    writeFileSync(
      file,
      buildXlsx({
        sheetsFirst: true,
        sheets: [
          { name: 'A', rows },
          { name: 'B', rows },
        ],
      }),
    );
    const input = await openInputFile(file);
    const problems: string[] = [];
    for (let k = 0; k < 100; k++) {
      const wb = await openXlsx(input.file);
      const names: string[] = [];
      for await (const sheet of wb.sheets) {
        names.push(sheet.name);
        let n = 0;
        for await (const batch of sheet.rows) {
          for (const row of batch) {
            const v = row.values.map((x) => fromExcelValue(x));
            if (v[1] !== `s${n}` || v[2] !== `i${n}` || v[3] !== `a${n}`) problems.push(`${k}:${sheet.name}:${n}`);
            n++;
          }
        }
        if (n !== 50) problems.push(`${k}:${sheet.name}: ${n} rows`);
      }
      if (names.join() !== 'A,B') problems.push(`${k}: ${names.join()}`);
      wb.close();
    }
    await input.close();
    expect(problems.slice(0, 5)).toEqual([]);
  });

  it('a header row further down than row 11 is not a header', async () => {
    const dir = scratch();
    const db = freshDb(dir);
    const file = join(dir, 'k.xlsx');
    writeFileSync(
      file,
      buildXlsx({ sheets: [{ name: 'S', firstRow: 12, rows: [COST_HEADER, [P1, 'K-1', '2025-03-07', 1, null, null, null, null, 'TX1']] }] }),
    );
    const [r] = await ingest(db, [file]);
    expect(r!.error).toMatch(/ingen rubrikrad/);
    const ok = join(dir, 'ok.xlsx');
    writeFileSync(
      ok,
      buildXlsx({ sheets: [{ name: 'S', firstRow: 11, rows: [COST_HEADER, [P1, 'K-1', '2025-03-07', 1, null, null, null, null, 'TX1']] }] }),
    );
    expect((await ingest(db, [ok]))[0]).toMatchObject({ accepted: 1 });
  });

  it('written by openpyxl: inline rich text, title rows, a sheet without header first, bad rows', async () => {
    for (const name of ['openpyxl-costs.xlsx', 'openpyxl-costs-1904.xlsx']) {
      const dir = scratch();
      const db = freshDb(dir);
      const file = join(dir, name);
      copyFileSync(join(FIXTURES, name), file);
      const [r] = await ingest(db, [file]);
      expect(r, name).toMatchObject({ kind: 'costs', rows: 5, accepted: 4, rejected: 1, error: null });
      expect(lines(db), name).toEqual([
        expect.objectContaining({
          person_id: P1,
          date: '2025-03-07',
          amount_ore: 123450,
          fee_ore: 5000,
          care_category: 'kan_ej_anstå',
          unit: 'Vårdcentralen Åre',
          contact_end: '2025-03-07',
        }),
        expect.objectContaining({
          person_id: P1,
          date: '2025-03-08',
          amount_ore: 200000,
          cost_type: 'tolk',
          care_setting: 'primärvård',
          unit: 'Vårdcentralen Åre',
        }),
        expect.objectContaining({
          person_id: '99887766',
          date: '2025-04-01',
          amount_ore: -50000,
          fee_ore: -5000,
          doctor_ordered: 0,
          care_setting: 'öppen_specialistvård',
        }),
        expect.objectContaining({
          person_id: P1,
          date: '2025-06-01',
          amount_ore: 10_000_001,
          care_setting: 'slutenvård_somatik',
          contact_end: '2025-06-03',
        }),
      ]);
      expect(db.prepare('SELECT sheet, row_no, column_name, value FROM rejected_rows ORDER BY id').all(), name).toEqual([
        { sheet: 'Kostnader', row_no: 8, column_name: 'Personnummer', value: '811218-****' },
      ]);
    }
  });

  it('a register written by openpyxl', async () => {
    const dir = scratch();
    const db = freshDb(dir);
    const file = join(dir, 'r.xlsx');
    copyFileSync(join(FIXTURES, 'openpyxl-register.xlsx'), file);
    const [r] = await ingest(db, [file]);
    expect(r).toMatchObject({ kind: 'persons', rows: 3, accepted: 3, rejected: 0 });
    expect(db.prepare('SELECT person_id, grp, birth_date, dossier_number FROM persons ORDER BY person_id').all()).toEqual([
      { person_id: P1, grp: 'asylsökande', birth_date: '1981-12-18', dossier_number: '99887766' },
      { person_id: 'R19900101-001', grp: 'papperslös', birth_date: '1990-01-01', dossier_number: null },
    ]);
    expect(db.prepare('SELECT lma_from, lma_to FROM person_lma ORDER BY lma_from').all()).toEqual([
      { lma_from: '2024-01-01', lma_to: '2024-12-31' },
      { lma_from: '2025-02-01', lma_to: null },
    ]);
  });
});

describe('the shared examples', () => {
  // Copies of ../shared/examples: the tests must not depend on a folder outside the checkout.
  const examples = fileURLToPath(new URL('../fixtures/examples/', import.meta.url));
  it.each([
    ['ex01_kostnadskravande', ['kostnader.xlsx', 'personer.xlsx']],
    ['ex02_varaktig', ['costs.csv', 'persons.csv']],
  ])('%s ingests with zero rejected rows', async (folder, files) => {
    const db = freshDb();
    const reports = await ingest(
      db,
      files.map((f) => join(examples, folder, f)),
    );
    for (const r of reports) expect(r).toMatchObject({ error: null, rejected: 0 });
    expect(reports.map((r) => r.kind).sort()).toEqual(['costs', 'persons']);
    expect(count(db, 'rejected_rows')).toBe(0);
    void AS_OF;
  });
});
