// Reads stored cost lines. For evaluation they stream grouped by person id (the person index
// gives that order), so memory holds one person's lines at a time whatever the database's size.
import type Database from 'better-sqlite3';
import type { CostLine } from '../domain/types.js';
import type { RuleLine } from '../rules/rule-line.js';
import type { Db } from './db.js';

/** seq, contact_id, date, amount, fee, cost_type, care_category, diagnosis, doctor_ordered, contact_end, file_id */
type PackedLine = [number, string, string, number, number, string, string, string | null, number, string | null, number];

// One row per person id with its lines packed as JSON: SQLite builds the arrays in C, which is
// much cheaper than handing a million rows of twelve values to JavaScript one value at a time.
const PACKED_LINES = `json_group_array(json_array(seq, contact_id, date, amount_ore, fee_ore, cost_type, care_category,
  diagnosis, doctor_ordered, contact_end, file_id) ORDER BY seq)`;

/** Every person id with its packed lines, in person id order (used in-thread and by the reader worker). */
export const ALL_PACKED_LINES_SQL = `SELECT person_id, ${PACKED_LINES} FROM cost_lines GROUP BY person_id ORDER BY person_id`;

export type PackedGroup = [personId: string, packedLines: string];

/** Turns packed lines back into rule lines. */
export function lineUnpacker(db: Db): (personId: string, packed: string) => RuleLine[] {
  const withEnd = new Set(db.prepare('SELECT id FROM source_files WHERE has_contact_end = 1').pluck().all() as number[]);
  return (personId, packed) =>
    (JSON.parse(packed) as PackedLine[]).map((r) => ({
      seq: r[0],
      personId,
      contactId: r[1],
      date: r[2],
      amountOre: r[3],
      feeOre: r[4],
      costType: r[5] as RuleLine['costType'],
      careCategory: r[6] as RuleLine['careCategory'],
      diagnosis: r[7],
      doctorOrdered: r[8] === 1,
      contactEnd: r[9],
      fileHasContactEnd: withEnd.has(r[10]),
    }));
}

/** The distinct person ids on stored lines (from the person index alone). */
export function linePersonIds(db: Db, onlyIds?: readonly string[]): string[] {
  if (onlyIds) {
    const present = db.prepare('SELECT 1 FROM cost_lines WHERE person_id = ? LIMIT 1').pluck();
    return onlyIds.filter((id) => present.get(id) !== undefined);
  }
  return db.prepare('SELECT DISTINCT person_id FROM cost_lines ORDER BY person_id').pluck().all() as string[];
}

/**
 * Lines grouped by their person id, each group in ingestion order: every stored line, or only
 * those of the given person ids. Reads on this thread; see lines-reader.ts for the parallel one.
 */
export function* linesByPersonId(db: Db, onlyIds?: readonly string[]): Generator<[string, RuleLine[]]> {
  const unpack = lineUnpacker(db);
  if (onlyIds) {
    const select = db.prepare(`SELECT ${PACKED_LINES} FROM cost_lines WHERE person_id = ?`).pluck();
    for (const id of [...new Set(onlyIds)].sort()) {
      const packed = select.get(id) as string | null;
      const lines = packed ? unpack(id, packed) : [];
      if (lines.length > 0) yield [id, lines];
    }
    return;
  }
  for (const [personId, packed] of db.prepare(ALL_PACKED_LINES_SQL).raw().iterate() as IterableIterator<PackedGroup>) {
    yield [personId, unpack(personId, packed)];
  }
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

// Documents read one person at a time: the statement is prepared once per database and id count.
const costLinesStatements = new WeakMap<Db, Map<number, Database.Statement>>();
function costLinesStatement(db: Db, ids: number): Database.Statement {
  let perDb = costLinesStatements.get(db);
  if (!perDb) costLinesStatements.set(db, (perDb = new Map()));
  let statement = perDb.get(ids);
  if (!statement) {
    statement = db.prepare(
      `SELECT l.*, f.has_contact_end FROM cost_lines l JOIN source_files f ON f.id = l.file_id
       WHERE l.person_id IN (${new Array(ids).fill('?').join(', ')}) ORDER BY l.seq`,
    );
    perDb.set(ids, statement);
  }
  return statement;
}

/** Full lines (every column) of the given person ids, in ingestion order: for documents. */
export function readCostLinesOf(db: Db, personIds: readonly string[]): CostLine[] {
  if (personIds.length === 0) return [];
  const rows = costLinesStatement(db, personIds.length).all(...personIds) as CostLineRow[];
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

/** How many cost lines the store holds and their net sum (öre), for reconciliation.json. */
export function costLineTotals(db: Db): { lines: number; netOre: number } {
  return db.prepare('SELECT COUNT(*) AS lines, COALESCE(SUM(amount_ore - fee_ore), 0) AS netOre FROM cost_lines').get() as { lines: number; netOre: number };
}
