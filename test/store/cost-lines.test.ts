// src/store/cost-lines.ts: lines in with every column and their dedupe key, out again per person in
// ingestion order, the totals, and the indexes a bulk ingest drops and rebuilds in its transaction.
import { describe, expect, it } from 'vitest';
import { CARE_CATEGORIES, COST_TYPES, type CostLine } from '../../src/domain/types.js';
import type { RuleLine } from '../../src/rules/rule-line.js';
import {
  CostLineInserter,
  createLineIndexes,
  dropLineIndexes,
  linePersonIds,
  lineUnpacker,
  linesByPersonId,
  lineTotals,
  readCostLinesOf,
  storedDedupeKeys,
  storedLineCount,
  unitLinesByPersonId,
} from '../../src/store/cost-lines.js';
import { type Db, beginWrite, commit, inTransaction, rollback } from '../../src/store/db.js';
import { addFile, fileDb, memoryDb, schemaNames, insertAll, toStore, valueOf } from './support.js';

const P1 = '19811218-9876';
const P2 = '19850101-0006';
const P3 = '20100505-0008';

/** Every column set (doctor_ordered 0, an interpreter line). */
const FULL = {
  person_id: P1,
  contact_id: 'K-7',
  date: '2025-03-04',
  amount: 1_234_50,
  patient_fee: 100_00,
  cost_type: 'tolk',
  care_category: 'kan_ej_anstå',
  care_setting: 'öppen_specialistvård',
  activity: 'läkarbesök',
  quantity: 3,
  diagnosis: 'F43.1',
  doctor_ordered: 0,
  contact_end: '2025-03-31',
  unit: 'Medicinkliniken',
  line_id: 'L-1',
};

/** Every optional column empty; a credit with its fee. */
const SPARSE = {
  person_id: 'DOSS-55',
  contact_id: 'K-8',
  date: '2025-04-01',
  amount: -500_00,
  patient_fee: -50_00,
  cost_type: 'vård',
  care_category: 'övrig',
  care_setting: null,
  activity: null,
  quantity: 0,
  diagnosis: null,
  doctor_ordered: 1,
  contact_end: null,
  unit: null,
  line_id: null,
};

function rawLines(db: Db) {
  return db.prepare('SELECT seq, file_id, row_no, person_id, dedupe_key FROM cost_lines ORDER BY seq').all() as {
    seq: number;
    file_id: number;
    row_no: number;
    person_id: string;
    dedupe_key: string;
  }[];
}

describe('CostLineInserter', () => {
  it('stores every column of a line, nulls included, and readCostLinesOf gives them back', () => {
    const db = memoryDb();
    const withEnd = addFile(db, { hasContactEnd: true });
    const without = addFile(db, { hasContactEnd: false });
    expect(insertAll(new CostLineInserter(db, withEnd, { orIgnore: true }), [toStore(2, FULL, 'full')])).toBe(1);
    expect(insertAll(new CostLineInserter(db, without, { orIgnore: false }), [toStore(7, SPARSE, 'sparse')])).toBe(1);

    expect(rawLines(db)).toEqual([
      { seq: 1, file_id: withEnd, row_no: 2, person_id: P1, dedupe_key: 'full' },
      { seq: 2, file_id: without, row_no: 7, person_id: 'DOSS-55', dedupe_key: 'sparse' },
    ]);
    const full: CostLine = {
      seq: 1,
      personId: P1,
      contactId: 'K-7',
      date: '2025-03-04',
      amountOre: 1_234_50,
      feeOre: 100_00,
      costType: 'tolk',
      careCategory: 'kan_ej_anstå',
      careSetting: 'öppen_specialistvård',
      activity: 'läkarbesök',
      quantity: 3,
      diagnosis: 'F43.1',
      doctorOrdered: false,
      contactEnd: '2025-03-31',
      fileHasContactEnd: true,
      unit: 'Medicinkliniken',
      lineId: 'L-1',
    };
    const sparse: CostLine = {
      seq: 2,
      personId: 'DOSS-55',
      contactId: 'K-8',
      date: '2025-04-01',
      amountOre: -500_00,
      feeOre: -50_00,
      costType: 'vård',
      careCategory: 'övrig',
      careSetting: null,
      activity: null,
      quantity: 0,
      diagnosis: null,
      doctorOrdered: true,
      contactEnd: null,
      fileHasContactEnd: false,
      unit: null,
      lineId: null,
    };
    expect(readCostLinesOf(db, [P1])).toEqual([full]);
    expect(readCostLinesOf(db, ['DOSS-55', P1])).toEqual([full, sparse]);
    expect(readCostLinesOf(db, ['NOBODY'])).toEqual([]);
    expect(readCostLinesOf(db, [])).toEqual([]);
  });

  it('stores a batch larger than one statement in row order, and counts what it stored', () => {
    const db = memoryDb();
    const file = addFile(db);
    // 64 lines go in one statement: two full statements and five single ones.
    const lines = Array.from({ length: 133 }, (_, i) => toStore(i + 2, { amount: (i + 1) * 100, contact_id: `K-${i}` }));
    expect(insertAll(new CostLineInserter(db, file, { orIgnore: true }), lines)).toBe(133);
    expect(storedLineCount(db)).toBe(133);
    const stored = rawLines(db);
    expect(stored.map((l) => l.row_no)).toEqual(lines.map((l) => l.row));
    expect(stored.map((l) => l.dedupe_key)).toEqual(lines.map((l) => l.key));
    expect(readCostLinesOf(db, [P2]).map((l) => [l.contactId, l.amountOre])).toEqual(
      lines.map((l) => [valueOf(l, 'contact_id'), valueOf(l, 'amount')]),
    );
    expect([...storedDedupeKeys(db)].sort()).toEqual(lines.map((l) => l.key).sort());
    expect(insertAll(new CostLineInserter(db, file, { orIgnore: true }), [])).toBe(0);
  });

  it('with orIgnore, skips a key stored before or earlier in the batch, keeping the first line', () => {
    const db = memoryDb();
    const first = addFile(db);
    insertAll(new CostLineInserter(db, first, { orIgnore: true }), [toStore(2, { amount: 1_00 }, 'a'), toStore(3, { amount: 2_00 }, 'b')]);

    const second = addFile(db);
    // 70 lines: the duplicates fall inside the 64-line statement and in the single ones after it.
    const batch = Array.from({ length: 70 }, (_, i) => toStore(i + 2, { amount: 1_000_00 + i }, `n${i}`));
    batch[0] = toStore(2, { amount: 9_99 }, 'a');
    batch[10] = toStore(12, { amount: 9_99 }, 'n5');
    batch[66] = toStore(68, { amount: 9_99 }, 'b');
    batch[69] = toStore(71, { amount: 9_99 }, 'n67');
    expect(insertAll(new CostLineInserter(db, second, { orIgnore: true }), batch)).toBe(66);
    expect(storedLineCount(db)).toBe(68);

    const keys = rawLines(db).map((l) => l.dedupe_key);
    const byKey = new Map(readCostLinesOf(db, [P2]).map((l, i) => [keys[i]!, l.amountOre]));
    expect(byKey.get('a')).toBe(1_00);
    expect(byKey.get('b')).toBe(2_00);
    expect(byKey.get('n5')).toBe(1_000_05);
    expect(byKey.get('n67')).toBe(1_000_67);
    expect([...byKey.values()]).not.toContain(9_99);
  });

  it('without orIgnore, a stored key fails the insert: in a transaction, the whole batch is undone', () => {
    const db = memoryDb();
    const file = addFile(db);
    const inserter = new CostLineInserter(db, file, { orIgnore: false });
    insertAll(inserter, [toStore(2, {}, 'a')]);
    expect(() => inTransaction(db, () => insertAll(inserter, [toStore(3, {}, 'fresh'), toStore(4, {}, 'a')]))).toThrow(
      /UNIQUE constraint failed: cost_lines.dedupe_key/,
    );
    expect(rawLines(db).map((l) => l.dedupe_key)).toEqual(['a']);
  });

  it('refuses lines of a file that is not stored (foreign key)', () => {
    const db = memoryDb();
    expect(() => insertAll(new CostLineInserter(db, 999, { orIgnore: true }), [toStore(2)])).toThrow(/FOREIGN KEY/);
    expect(storedLineCount(db)).toBe(0);
  });
});

describe('line indexes', () => {
  const INDEXES = ['cost_lines_dedupe', 'cost_lines_person'];
  const lineIndexes = (db: Db) => schemaNames(db, 'index').filter((n) => n.startsWith('cost_lines_'));

  it('dropped inside a transaction and rebuilt before commit, they hold the new lines', () => {
    const { db } = fileDb();
    const file = addFile(db);
    beginWrite(db);
    dropLineIndexes(db);
    expect(lineIndexes(db)).toEqual([]);
    insertAll(new CostLineInserter(db, file, { orIgnore: false }), [toStore(2, {}, 'a'), toStore(3, {}, 'b')]);
    createLineIndexes(db);
    commit(db);
    expect(lineIndexes(db)).toEqual(INDEXES);
    expect(() => insertAll(new CostLineInserter(db, file, { orIgnore: false }), [toStore(4, {}, 'a')])).toThrow(/UNIQUE/);
    const plan = db.prepare('EXPLAIN QUERY PLAN SELECT 1 FROM cost_lines WHERE person_id = ?').all(P1) as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toContain('cost_lines_person');
    // Idempotent.
    createLineIndexes(db);
    expect(lineIndexes(db)).toEqual(INDEXES);
  });

  it('a rollback restores the dropped indexes and removes the lines', () => {
    const { db } = fileDb();
    const file = addFile(db);
    insertAll(new CostLineInserter(db, file, { orIgnore: true }), [toStore(2, {}, 'a')]);
    beginWrite(db);
    dropLineIndexes(db);
    // With the indexes gone nothing checks the keys: the bulk ingest dedupes them itself.
    expect(insertAll(new CostLineInserter(db, file, { orIgnore: false }), [toStore(3, {}, 'a')])).toBe(1);
    expect(() => createLineIndexes(db)).toThrow(/UNIQUE/);
    rollback(db);
    expect(lineIndexes(db)).toEqual(INDEXES);
    expect(rawLines(db).map((l) => [l.row_no, l.dedupe_key])).toEqual([[2, 'a']]);
    expect(insertAll(new CostLineInserter(db, file, { orIgnore: true }), [toStore(3, {}, 'a')])).toBe(0);
  });
});

describe('reading lines back', () => {
  /** Three persons' lines over two files, interleaved; the second file has a contact_end column. */
  function threePersons() {
    const db = memoryDb();
    const a = addFile(db, { hasContactEnd: false });
    const b = addFile(db, { hasContactEnd: true });
    insertAll(new CostLineInserter(db, a, { orIgnore: true }), [
      toStore(2, { person_id: P3, contact_id: 'C', date: '2025-05-01', amount: 300_00 }),
      toStore(3, { person_id: P1, contact_id: 'A', date: '2025-02-01', amount: 100_00, patient_fee: 10_00 }),
      toStore(4, { person_id: P2, contact_id: 'B', date: '2025-01-01', amount: 200_00, cost_type: 'tolk', diagnosis: 'F32' }),
    ]);
    insertAll(new CostLineInserter(db, b, { orIgnore: true }), [
      toStore(2, { person_id: P1, contact_id: 'A', date: '2025-01-15', amount: -40_00, contact_end: '2025-02-28', doctor_ordered: 0 }),
      toStore(3, { person_id: P3, contact_id: 'C', date: '2025-04-01', amount: 50_00, care_category: 'övrig' }),
    ]);
    return { db, a, b };
  }

  const ruleLine = (fields: Partial<RuleLine> & Pick<RuleLine, 'seq' | 'personId' | 'contactId' | 'date' | 'amountOre'>): RuleLine => ({
    feeOre: 0,
    costType: 'vård',
    careCategory: 'akut',
    diagnosis: null,
    doctorOrdered: true,
    contactEnd: null,
    fileHasContactEnd: false,
    ...fields,
  });

  it('linesByPersonId groups every line by person id, in person id order, each group in ingestion order', () => {
    const { db } = threePersons();
    expect([...linesByPersonId(db)]).toEqual([
      [
        P1,
        [
          ruleLine({ seq: 2, personId: P1, contactId: 'A', date: '2025-02-01', amountOre: 100_00, feeOre: 10_00 }),
          ruleLine({
            seq: 4,
            personId: P1,
            contactId: 'A',
            date: '2025-01-15',
            amountOre: -40_00,
            contactEnd: '2025-02-28',
            doctorOrdered: false,
            fileHasContactEnd: true,
          }),
        ],
      ],
      [P2, [ruleLine({ seq: 3, personId: P2, contactId: 'B', date: '2025-01-01', amountOre: 200_00, costType: 'tolk', diagnosis: 'F32' })]],
      [
        P3,
        [
          ruleLine({ seq: 1, personId: P3, contactId: 'C', date: '2025-05-01', amountOre: 300_00 }),
          ruleLine({ seq: 5, personId: P3, contactId: 'C', date: '2025-04-01', amountOre: 50_00, careCategory: 'övrig', fileHasContactEnd: true }),
        ],
      ],
    ]);
  });

  it('lineUnpacker gives a group in ingestion order whatever order its rows were packed in', () => {
    const { db, b } = threePersons();
    const unpack = lineUnpacker(db);
    const packed = (seq: number) => [seq, 'A', '2025-01-15', seq * 100, 0, 'vård', 'akut', null, 1, null, b];
    const lines = unpack<RuleLine>(P1, JSON.stringify([packed(9), packed(2), packed(5)]));
    expect(lines.map((l) => [l.seq, l.amountOre, l.fileHasContactEnd])).toEqual([
      [2, 200, true],
      [5, 500, true],
      [9, 900, true],
    ]);
  });

  /**
   * One line of P1 per pair, the two columns set to the pair in the table itself (texts no file
   * could bring in: the schemas refuse them); what both readers give back of the two fields.
   */
  function storedAndRead(
    columns: [string, string],
    pairs: [string, string | null][],
    fields: (l: RuleLine) => [unknown, unknown],
  ): { lines: unknown[]; unitLines: unknown[] } {
    const db = memoryDb();
    const file = addFile(db, { hasContactEnd: true });
    insertAll(
      new CostLineInserter(db, file, { orIgnore: true }),
      pairs.map((_, i) => toStore(i + 2, { person_id: P1, contact_id: `K-${i}` })),
    );
    const set = db.prepare(`UPDATE cost_lines SET ${columns[0]} = ?, ${columns[1]} = ? WHERE contact_id = ?`);
    pairs.forEach(([x, y], i) => set.run(x, y, `K-${i}`));
    return { lines: [...linesByPersonId(db)][0]![1].map(fields), unitLines: [...unitLinesByPersonId(db)][0]![1].map(fields) };
  }

  it('gives every date and contact end back as stored, texts that are no ISO date too', () => {
    const pairs: [string, string | null][] = [
      ['2025-01-05', null],
      ['2024-02-29', '2024-12-31'],
      ['0001-01-01', '9999-12-31'],
      ['2025-13-45', '0000-00-00'],
      ['2025-1-5', '20250105'],
      ['2025/01/05', ' 2025-01-05'],
      ['okänt', '2025-01-05x'],
    ];
    expect(storedAndRead(['date', 'contact_end'], pairs, (l) => [l.date, l.contactEnd])).toEqual({ lines: pairs, unitLines: pairs });
  });

  it('gives every cost type and care category back as stored, a text outside those lists too', () => {
    const pairs: [string, string][] = [
      ...COST_TYPES.map((t, i): [string, string] => [t, CARE_CATEGORIES[i % CARE_CATEGORIES.length]!]),
      ...CARE_CATEGORIES.map((c, i): [string, string] => [COST_TYPES[i % COST_TYPES.length]!, c]),
      ["okänd 'typ'", 'okänd'],
      ['0', '1'],
    ];
    expect(storedAndRead(['cost_type', 'care_category'], pairs, (l) => [l.costType, l.careCategory])).toEqual({ lines: pairs, unitLines: pairs });
  });

  it('linesByPersonId of given ids: each once, sorted, unknown ids left out', () => {
    const { db } = threePersons();
    const all = new Map(linesByPersonId(db));
    const some = [...linesByPersonId(db, [P3, 'NOBODY', P1, P3])];
    expect(some.map(([id]) => id)).toEqual([P1, P3]);
    expect(some).toEqual([
      [P1, all.get(P1)],
      [P3, all.get(P3)],
    ]);
    expect([...linesByPersonId(db, [])]).toEqual([]);
  });

  it('readCostLinesOf reads several persons in ingestion order', () => {
    const { db } = threePersons();
    expect(readCostLinesOf(db, [P3, P1]).map((l) => [l.seq, l.personId, l.fileHasContactEnd])).toEqual([
      [1, P3, false],
      [2, P1, false],
      [4, P1, true],
      [5, P3, true],
    ]);
  });

  it('linePersonIds: every distinct id sorted, or those of the given ids that have lines, as given', () => {
    const { db } = threePersons();
    expect(linePersonIds(db)).toEqual([P1, P2, P3]);
    expect(linePersonIds(db, [P3, 'NOBODY', P1])).toEqual([P3, P1]);
    expect(linePersonIds(db, [])).toEqual([]);
    expect(linePersonIds(memoryDb())).toEqual([]);
  });

  it('lineTotals counts the lines and sums amount minus fee in öre, credits included', () => {
    expect(lineTotals(memoryDb())).toEqual({ lines: 0, netOre: 0 });
    const { db } = threePersons();
    expect(lineTotals(db)).toEqual({ lines: 5, netOre: 300_00 + (100_00 - 10_00) + 200_00 - 40_00 + 50_00 });
    expect(Number.isInteger(lineTotals(db).netOre)).toBe(true);
  });
});
