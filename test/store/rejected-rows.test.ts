// src/store/rejected-rows.ts: the bad cells of a file, listed per file in row order with the file's
// name and sheet.
import { describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/store/db.js';
import { type RejectedCell, insertRejectedCells, listRejectedRows } from '../../src/store/rejected-rows.js';
import { addFile, memoryDb } from './support.js';

const cell = (row: number, column: string | null, value: string | null, reason: string): RejectedCell => ({ row, column, value, reason });

describe('rejected rows', () => {
  it('lists the files in the order asked for, each file by row, cells of one row as inserted', () => {
    const db = memoryDb();
    const xlsx = addFile(db, { name: 'kostnader.xlsx', sheet: 'Blad1' });
    const csv = addFile(db, { name: 'personer.csv', kind: 'persons' });
    insertRejectedCells(db, xlsx, 'Blad1', [
      cell(9, 'Belopp', '12a', 'beloppet är inte ett belopp i kronor'),
      cell(3, 'Personnummer', '850101-****', 'kontrollsiffran stämmer inte'),
      cell(9, 'Datum', '2025-02-30', 'inget giltigt datum'),
    ]);
    insertRejectedCells(db, csv, null, [cell(4, null, null, 'raderna för personen säger olika saker')]);
    insertRejectedCells(db, xlsx, 'Blad1', [cell(5, 'Antal', '-1', 'antalet måste vara ett heltal ≥ 0')]);

    expect(listRejectedRows(db, [csv, xlsx])).toEqual([
      { file: 'personer.csv', sheet: null, row: 4, column: null, value: null, reason: 'raderna för personen säger olika saker' },
      { file: 'kostnader.xlsx', sheet: 'Blad1', row: 3, column: 'Personnummer', value: '850101-****', reason: 'kontrollsiffran stämmer inte' },
      { file: 'kostnader.xlsx', sheet: 'Blad1', row: 5, column: 'Antal', value: '-1', reason: 'antalet måste vara ett heltal ≥ 0' },
      { file: 'kostnader.xlsx', sheet: 'Blad1', row: 9, column: 'Belopp', value: '12a', reason: 'beloppet är inte ett belopp i kronor' },
      { file: 'kostnader.xlsx', sheet: 'Blad1', row: 9, column: 'Datum', value: '2025-02-30', reason: 'inget giltigt datum' },
    ]);
    expect(listRejectedRows(db, [xlsx]).map((r) => r.row)).toEqual([3, 5, 9, 9]);
    expect(listRejectedRows(db, [])).toEqual([]);
  });

  it('lists only the files asked for; a file without rejected rows lists nothing', () => {
    const db = memoryDb();
    const a = addFile(db);
    const b = addFile(db);
    insertRejectedCells(db, a, null, [cell(2, 'Belopp', 'x', 'fel')]);
    insertRejectedCells(db, b, null, []);
    expect(listRejectedRows(db, [b])).toEqual([]);
    expect(listRejectedRows(db, [a]).map((r) => r.value)).toEqual(['x']);
    expect(db.prepare('SELECT COUNT(*) FROM rejected_rows').pluck().get()).toBe(1);
  });

  it('cells of a file that is not stored are refused, and a rolled-back file leaves none', () => {
    const db = memoryDb();
    expect(() => insertRejectedCells(db, 999, null, [cell(2, 'Belopp', 'x', 'fel')])).toThrow(/FOREIGN KEY/);
    const file = addFile(db);
    expect(() =>
      inTransaction(db, () => {
        insertRejectedCells(db, file, null, [cell(2, 'Belopp', 'x', 'fel')]);
        throw new Error('the file failed later');
      }),
    ).toThrow('the file failed later');
    expect(listRejectedRows(db, [file])).toEqual([]);
  });
});
