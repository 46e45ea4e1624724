// Reads stored cost lines for evaluation as compact columns (a few bytes per line, strings
// interned), so a million lines fit in memory and can be grouped per person with one counting sort.
import { CARE_CATEGORIES, COST_TYPES, type CostLine } from '../domain/types.js';
import type { RuleLine } from '../rules/rule-line.js';
import type { Db } from './db.js';

class Interner {
  private readonly ids = new Map<string, number>();
  readonly values: string[] = [];
  id(value: string): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.ids.set(value, id);
      this.values.push(value);
    }
    return id;
  }
}

const COST_TYPE_INDEX = new Map<string, number>(COST_TYPES.map((t, i) => [t, i]));
const CATEGORY_INDEX = new Map<string, number>(CARE_CATEGORIES.map((c, i) => [c, i]));

export class LineTable {
  readonly count: number;
  readonly persons = new Interner();
  private readonly strings = new Interner();
  readonly seq: Float64Array;
  readonly person: Int32Array;
  private readonly contact: Int32Array;
  private readonly date: Int32Array;
  private readonly amount: Float64Array;
  private readonly fee: Float64Array;
  private readonly costType: Uint8Array;
  private readonly category: Uint8Array;
  private readonly diagnosis: Int32Array;
  private readonly contactEnd: Int32Array;
  /** bit 0: doctor ordered, bit 1: the line's file had a contact_end column. */
  private readonly flags: Uint8Array;
  private filled = 0;

  constructor(capacity: number) {
    this.count = capacity;
    this.seq = new Float64Array(capacity);
    this.person = new Int32Array(capacity);
    this.contact = new Int32Array(capacity);
    this.date = new Int32Array(capacity);
    this.amount = new Float64Array(capacity);
    this.fee = new Float64Array(capacity);
    this.costType = new Uint8Array(capacity);
    this.category = new Uint8Array(capacity);
    this.diagnosis = new Int32Array(capacity);
    this.contactEnd = new Int32Array(capacity);
    this.flags = new Uint8Array(capacity);
  }

  get size(): number {
    return this.filled;
  }

  push(row: LineRow): void {
    const i = this.filled++;
    this.seq[i] = row[0];
    this.person[i] = this.persons.id(row[1]);
    this.contact[i] = this.strings.id(row[2]);
    this.date[i] = this.strings.id(row[3]);
    this.amount[i] = row[4];
    this.fee[i] = row[5];
    this.costType[i] = COST_TYPE_INDEX.get(row[6]) ?? 0;
    this.category[i] = CATEGORY_INDEX.get(row[7]) ?? CARE_CATEGORIES.length - 1;
    this.diagnosis[i] = row[8] === null ? -1 : this.strings.id(row[8]);
    this.contactEnd[i] = row[10] === null ? -1 : this.strings.id(row[10]);
    this.flags[i] = (row[9] ? 1 : 0) | (row[11] ? 2 : 0);
  }

  line(i: number): RuleLine {
    const s = this.strings.values;
    return {
      seq: this.seq[i]!,
      personId: this.persons.values[this.person[i]!]!,
      contactId: s[this.contact[i]!]!,
      date: s[this.date[i]!]!,
      amountOre: this.amount[i]!,
      feeOre: this.fee[i]!,
      costType: COST_TYPES[this.costType[i]!]!,
      careCategory: CARE_CATEGORIES[this.category[i]!]!,
      diagnosis: this.diagnosis[i]! < 0 ? null : s[this.diagnosis[i]!]!,
      doctorOrdered: (this.flags[i]! & 1) === 1,
      contactEnd: this.contactEnd[i]! < 0 ? null : s[this.contactEnd[i]!]!,
      fileHasContactEnd: (this.flags[i]! & 2) === 2,
    };
  }

  /**
   * Groups line indexes by a key derived from each line's person id (counting sort: stable, so
   * each group stays in ingestion order when the table was read in seq order).
   */
  groupBy(keyOfPerson: (personId: string) => string): Map<string, Int32Array> {
    const keys = new Interner();
    const keyOfPersonIndex = this.persons.values.map((p) => keys.id(keyOfPerson(p)));
    const counts = new Int32Array(keys.values.length);
    for (let i = 0; i < this.filled; i++) counts[keyOfPersonIndex[this.person[i]!]!]!++;
    const groups = keys.values.map((_, k) => new Int32Array(counts[k]!));
    const fill = new Int32Array(keys.values.length);
    for (let i = 0; i < this.filled; i++) {
      const k = keyOfPersonIndex[this.person[i]!]!;
      groups[k]![fill[k]!++] = i;
    }
    return new Map(keys.values.map((key, k) => [key, groups[k]!]));
  }
}

/** seq, person_id, contact_id, date, amount, fee, cost_type, care_category, diagnosis, doctor_ordered, contact_end, has_contact_end */
type LineRow = [number, string, string, string, number, number, string, string, string | null, number, string | null, number];

const SELECT_LINES = `
  SELECT l.seq, l.person_id, l.contact_id, l.date, l.amount_ore, l.fee_ore, l.cost_type, l.care_category,
         l.diagnosis, l.doctor_ordered, l.contact_end, f.has_contact_end
  FROM cost_lines l JOIN source_files f ON f.id = l.file_id`;

/** Every stored line, in ingestion order. */
export function readAllLines(db: Db): LineTable {
  const count = (db.prepare('SELECT COUNT(*) FROM cost_lines').pluck().get() as number) ?? 0;
  const table = new LineTable(count);
  for (const row of db.prepare(`${SELECT_LINES} ORDER BY l.seq`).raw().iterate() as IterableIterator<LineRow>) {
    if (table.size === count) break;
    table.push(row);
  }
  return table;
}

/** The lines whose person id is one of `personIds`, in ingestion order. */
export function readLinesOf(db: Db, personIds: readonly string[]): LineTable {
  db.exec('CREATE TEMP TABLE IF NOT EXISTS wanted_ids (id TEXT PRIMARY KEY)');
  db.exec('DELETE FROM temp.wanted_ids');
  const insert = db.prepare('INSERT OR IGNORE INTO temp.wanted_ids (id) VALUES (?)');
  db.transaction(() => {
    for (const id of personIds) insert.run(id);
  })();
  const where = 'WHERE l.person_id IN (SELECT id FROM temp.wanted_ids)';
  const count = db.prepare(`SELECT COUNT(*) FROM cost_lines l ${where}`).pluck().get() as number;
  const table = new LineTable(count);
  for (const row of db.prepare(`${SELECT_LINES} ${where} ORDER BY l.seq`).raw().iterate() as IterableIterator<LineRow>) {
    if (table.size === count) break;
    table.push(row);
  }
  db.exec('DELETE FROM temp.wanted_ids');
  return table;
}

interface CostLineRow {
  seq: number;
  person_id: string;
  contact_id: string;
  date: string;
  amount_ore: number;
  fee_ore: number;
  cost_type: string;
  care_category: string;
  care_setting: string | null;
  activity: string | null;
  quantity: number;
  diagnosis: string | null;
  doctor_ordered: number;
  contact_end: string | null;
  has_contact_end: number;
  unit: string | null;
  line_id: string | null;
}

/** Full lines (every column) of the given person ids, in ingestion order: for documents. */
export function readCostLinesOf(db: Db, personIds: readonly string[]): CostLine[] {
  if (personIds.length === 0) return [];
  const rows = db
    .prepare(
      `SELECT l.*, f.has_contact_end FROM cost_lines l JOIN source_files f ON f.id = l.file_id
       WHERE l.person_id IN (${personIds.map(() => '?').join(', ')}) ORDER BY l.seq`,
    )
    .all(...personIds) as CostLineRow[];
  return rows.map((r) => ({
    seq: r.seq,
    personId: r.person_id,
    contactId: r.contact_id,
    date: r.date,
    amountOre: r.amount_ore,
    feeOre: r.fee_ore,
    costType: r.cost_type as CostLine['costType'],
    careCategory: r.care_category as CostLine['careCategory'],
    careSetting: r.care_setting as CostLine['careSetting'],
    activity: r.activity as CostLine['activity'],
    quantity: r.quantity,
    diagnosis: r.diagnosis,
    doctorOrdered: r.doctor_ordered === 1,
    contactEnd: r.contact_end,
    fileHasContactEnd: r.has_contact_end === 1,
    unit: r.unit,
    lineId: r.line_id,
  }));
}
