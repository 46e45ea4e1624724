// line_totals (migration 009): the stored lines' count and net total, kept by CostLineInserter in
// the transaction that stores them. They must equal a sum over cost_lines whatever was skipped,
// rolled back or stored before the table existed.
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CostLineInserter, lineTotals } from '../../src/store/cost-lines.js';
import { type Db, beginWrite, migrate, rollback } from '../../src/store/db.js';
import { MIGRATIONS } from '../../src/store/migrations/index.js';
import { addFile, insertAll, memoryDb, toStore } from './support.js';

function summed(db: Db): { lines: number; netOre: number } {
  return db.prepare('SELECT COUNT(*) AS lines, COALESCE(SUM(amount_ore - fee_ore), 0) AS netOre FROM cost_lines').get() as {
    lines: number;
    netOre: number;
  };
}

describe('line_totals', () => {
  it('equal the sum over the stored lines when an insert skips lines seen before, in 64-line statements and single ones', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            key: fc.integer({ min: 0, max: 150 }),
            amount: fc.integer({ min: -50_000_00, max: 500_000_00 }),
            fee: fc.integer({ min: 0, max: 400_00 }),
          }),
          {
            minLength: 65,
            maxLength: 300,
          },
        ),
        fc.array(fc.integer({ min: 0, max: 150 }), { maxLength: 100 }),
        (lines, earlier) => {
          const db = memoryDb();
          insertAll(
            new CostLineInserter(db, addFile(db), { orIgnore: true }),
            earlier.map((k, i) => toStore(i + 2, { amount: 1_00 * (k + 1) }, `k${k}`)),
          );
          insertAll(
            new CostLineInserter(db, addFile(db), { orIgnore: true }),
            lines.map((l, i) => toStore(i + 2, { amount: l.amount, patient_fee: l.fee }, `k${l.key}`)),
          );
          expect(lineTotals(db)).toEqual(summed(db));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('go back with the lines when their file is rolled back', () => {
    const db = memoryDb();
    insertAll(new CostLineInserter(db, addFile(db), { orIgnore: false }), [toStore(2, { amount: 70_00 })]);
    beginWrite(db);
    insertAll(new CostLineInserter(db, addFile(db), { orIgnore: false }), [toStore(2, { amount: 30_00, patient_fee: 5_00 })]);
    expect(lineTotals(db)).toEqual({ lines: 2, netOre: 95_00 });
    rollback(db);
    expect(lineTotals(db)).toEqual({ lines: 1, netOre: 70_00 });
  });

  it('start from the lines stored before the table existed', () => {
    const db = new Database(':memory:');
    for (const [i, sql] of MIGRATIONS.slice(0, 8).entries()) {
      db.exec(sql);
      db.pragma(`user_version = ${i + 1}`);
    }
    const file = Number(
      db
        .prepare(
          "INSERT INTO source_files (sha256, name, kind, ingested_at, rows, accepted, rejected, duplicates) VALUES ('x', 'a.csv', 'costs', '2026-01-15', 2, 2, 0, 0)",
        )
        .run().lastInsertRowid,
    );
    const insert = db.prepare(
      `INSERT INTO cost_lines (file_id, row_no, person_id, contact_id, date, amount_ore, fee_ore, cost_type, care_category, quantity, doctor_ordered, dedupe_key)
       VALUES (?, ?, 'P', 'C', '2025-01-01', ?, ?, 'vård', 'akut', 1, 1, ?)`,
    );
    insert.run(file, 2, 123_45, 10_00, 'a');
    insert.run(file, 3, -20_00, 0, 'b');
    migrate(db);
    expect(lineTotals(db)).toEqual({ lines: 2, netOre: 123_45 - 10_00 - 20_00 });
  });
});
