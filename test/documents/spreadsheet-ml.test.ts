// The workbook writer (src/documents/spreadsheet-ml.ts through src/documents/xlsx.ts): what it
// writes is read back with exceljs, the library a region's own tools would use, and must be the same
// bytes for the same input.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { xmlText } from '../../src/documents/spreadsheet-ml.js';
import {
  addBlankRow,
  addListSheet,
  addNote,
  addPlainRow,
  addRow,
  addTableSheet,
  dateValue,
  NUMFMT,
  writeWorkbook,
  type SheetColumn,
} from '../../src/documents/xlsx.js';

const COLUMNS: SheetColumn[] = [
  { label: 'Text', width: 20 },
  { label: 'Datum', width: 12, numFmt: NUMFMT.date },
  { label: 'Belopp, kr', width: 14, numFmt: NUMFMT.kronorPlain, align: 'right' },
  { label: 'Antal', width: 8, numFmt: NUMFMT.count },
];

const HOSTILE = 'a\u0001b\u0008c\u000bd\u001fe _x0041_ \ud800 f \udfff g 😀';

async function write(dir: string, name: string): Promise<string> {
  const path = join(dir, name);
  await writeWorkbook(path, { title: 'Titel & <sammanställning>', subject: 'Ämne', author: 'Region "Örby"', asOf: '2026-01-15' }, (wb) => {
    const { sheet } = addTableSheet(wb, 'Ansökningar', COLUMNS, ['Rubrik', 'Underrubrik']);
    addRow(sheet, COLUMNS, ['=SUM(A1:A2)', dateValue('2025-02-28'), 1234.5, 3]);
    addRow(sheet, COLUMNS, ['  mellanslag och\nrad  ', null, -0.01, 0]);
    addRow(sheet, COLUMNS, [HOSTILE, dateValue('1900-03-01'), 100000, 12345678]);
    addRow(sheet, COLUMNS, ['Summa', null, 101234.49, 12345681], 'total');
    addBlankRow(sheet);
    addNote(sheet, 'En not <b>som text</b>');
    const list = addListSheet(wb, "Flik med 'citat' i", [30, 10], ['Fil', 'Rad']);
    addPlainRow(list, ['+46 70 123', 7]);
  });
  return path;
}

let dir: string;
let wb: ExcelJS.Workbook;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'claims-xlsx-'));
  wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(await write(dir, 'a.xlsx'));
});

describe('workbooks', () => {
  it('hold the values: text as shared strings (never formulas), numbers, dates, empty cells', () => {
    const sheet = wb.getWorksheet('Ansökningar')!;
    expect(sheet.getCell('A1').value).toBe('Rubrik');
    expect(sheet.getCell('A2').value).toBe('Underrubrik');
    expect(sheet.getRow(4).values).toEqual([undefined, 'Text', 'Datum', 'Belopp, kr', 'Antal']);
    const first = sheet.getRow(5);
    expect(first.getCell(1).value).toBe("'=SUM(A1:A2)");
    expect(first.getCell(1).type).toBe(ExcelJS.ValueType.String);
    expect(first.getCell(2).value).toEqual(new Date(Date.UTC(2025, 1, 28)));
    expect(first.getCell(3).value).toBe(1234.5);
    expect(first.getCell(4).value).toBe(3);
    expect(sheet.getCell('A6').value).toBe('  mellanslag och\nrad  ');
    expect(sheet.getCell('B6').value).toBeNull();
    expect(sheet.getCell('C6').value).toBe(-0.01);
    expect(sheet.getCell('B7').value).toEqual(new Date(Date.UTC(1900, 2, 1)));
    expect(sheet.getCell('A10').value).toBe('En not <b>som text</b>');
    let formulas = 0;
    wb.eachSheet((ws) => ws.eachRow((r) => r.eachCell((c) => (formulas += c.type === ExcelJS.ValueType.Formula ? 1 : 0))));
    expect(formulas).toBe(0);
    const list = wb.getWorksheet("Flik med 'citat' i")!;
    expect(list.getCell('A2').value).toBe('+46 70 123');
    expect(list.getCell('B2').value).toBe(7);
  });

  it('keep a file whole whatever a text holds: control characters escaped, lone surrogates replaced', () => {
    // Read back as written, but for the lone surrogates, which no file can hold.
    expect(wb.getWorksheet('Ansökningar')!.getCell('A7').value).toBe(HOSTILE.replace(/\ud800|\udfff/g, '\ufffd'));
    expect(xmlText(HOSTILE)).toBe('a_x0001_b_x0008_c_x000B_d_x001F_e _x005F_x0041_ \ufffd f \ufffd g 😀');
    expect(xmlText('a & b < c > d "e"')).toBe('a &amp; b &lt; c &gt; d &quot;e&quot;');
  });

  it('style what the layout asks for: header, number formats, alignment, totals, widths, frozen header, filter', () => {
    const sheet = wb.getWorksheet('Ansökningar')!;
    const header = sheet.getCell('A4');
    expect(header.font?.bold).toBe(true);
    expect((header.fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFD9D9D9');
    expect(header.border?.bottom?.style).toBe('thin');
    expect(sheet.getCell('A1').font?.bold).toBe(true);
    expect(sheet.getCell('A1').font?.size).toBe(13);
    expect(sheet.getCell('B5').numFmt).toBe(NUMFMT.date);
    expect(sheet.getCell('C5').numFmt).toBe(NUMFMT.kronorPlain);
    expect(sheet.getCell('C5').alignment?.horizontal).toBe('right');
    expect(sheet.getCell('D5').numFmt).toBe(NUMFMT.count);
    const total = sheet.getCell('C8');
    expect(total.font?.bold).toBe(true);
    expect(total.border?.top?.style).toBe('thin');
    expect(total.numFmt).toBe(NUMFMT.kronorPlain);
    expect(sheet.getCell('A10').font?.italic).toBe(true);
    expect(sheet.getColumn(1).width).toBe(20);
    expect(sheet.getColumn(3).width).toBe(14);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 4 });
    expect(sheet.autoFilter).toBe('A4:D4');
    expect(wb.getWorksheet("Flik med 'citat' i")!.getCell('A1').font?.bold).toBe(true);
  });

  it('refuse a sheet name spreadsheets do not allow', async () => {
    for (const name of ["'citat'", 'a/b', 'x'.repeat(32), '', 'Dubbel']) {
      await expect(
        writeWorkbook(join(dir, 'bad.xlsx'), { title: 't', subject: 's', author: 'a' }, (w) => {
          if (name === 'Dubbel') addListSheet(w, 'dubbel', [10], ['A']);
          addListSheet(w, name, [10], ['A']);
        }),
      ).rejects.toThrow();
    }
  });

  it('carry the document properties', () => {
    expect(wb.title).toBe('Titel & <sammanställning>');
    expect(wb.subject).toBe('Ämne');
    expect(wb.company).toBe('Region "Örby"');
    expect(wb.created).toEqual(new Date(Date.UTC(2026, 0, 15)));
  });

  it('are the same bytes for the same input', async () => {
    const again = await write(dir, 'b.xlsx');
    expect(readFileSync(again).equals(readFileSync(join(dir, 'a.xlsx')))).toBe(true);
  });
});
