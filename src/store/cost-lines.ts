// Cost lines: written a file at a time by the ingest, read per person by the evaluation and the
// documents. The columns are those of src/domain/columns.ts, in that order, plus where each line
// came from (file, row) and its dedupe key (SPEC §3.3).
import type Database from 'better-sqlite3';
import { COST_AT, COST_COLUMNS, type CostColumn, type CostValue } from '../domain/columns.js';
import { CARE_CATEGORIES, COST_TYPES, type CostLine } from '../domain/types.js';
import type { RuleLine, UnitRuleLine } from '../rules/rule-line.js';
import type { Db } from './db.js';
import { filesWithContactEnd } from './source-files.js';

/** The database column of each cost-export column (money columns say their unit). */
const DB_COLUMN: Record<CostColumn, string> = {
  person_id: 'person_id',
  contact_id: 'contact_id',
  date: 'date',
  amount: 'amount_ore',
  patient_fee: 'fee_ore',
  cost_type: 'cost_type',
  care_category: 'care_category',
  care_setting: 'care_setting',
  activity: 'activity',
  quantity: 'quantity',
  diagnosis: 'diagnosis',
  doctor_ordered: 'doctor_ordered',
  contact_end: 'contact_end',
  unit: 'unit',
  line_id: 'line_id',
};

/** Lines per INSERT statement: one statement for many rows binds far faster than one per row. */
const ROWS_PER_INSERT = 64;
const INSERT_COLUMNS = ['row_no', ...COST_COLUMNS.map((c) => DB_COLUMN[c]), 'dedupe_key'];
const PER_ROW = INSERT_COLUMNS.length;
const AMOUNT_AT = 1 + COST_AT.amount;
const FEE_AT = 1 + COST_AT.patient_fee;

/**
 * Inserts a file's lines, ROWS_PER_INSERT at a time, and keeps the stored lines' count and net total
 * (line_totals) up to date in the same transaction: the only writer of cost_lines. With `orIgnore`, a
 * line whose dedupe key is stored already is skipped.
 */
export class CostLineInserter {
  private readonly many: Database.Statement;
  private readonly one: Database.Statement;
  private readonly netOfRowids: Database.Statement;
  private readonly addToTotals: Database.Statement;
  private readonly pending: CostValue[] = [];
  /** Lines stored so far (skipped ones not counted). */
  inserted = 0;
  /** Stored and not yet in line_totals. */
  private untotalled = { lines: 0, netOre: 0 };

  constructor(db: Db, fileId: number, opts: { orIgnore: boolean }) {
    const tuple = `(${fileId}, ${INSERT_COLUMNS.map(() => '?').join(', ')})`;
    const head = `${opts.orIgnore ? 'INSERT OR IGNORE' : 'INSERT'} INTO cost_lines (file_id, ${INSERT_COLUMNS.join(', ')}) VALUES `;
    this.many = db.prepare(head + Array(ROWS_PER_INSERT).fill(tuple).join(', '));
    this.one = db.prepare(head + tuple);
    this.netOfRowids = db.prepare('SELECT COALESCE(SUM(amount_ore - fee_ore), 0) FROM cost_lines WHERE seq > ? AND seq <= ?').pluck();
    this.addToTotals = db.prepare('UPDATE line_totals SET lines = lines + ?, net_ore = net_ore + ? WHERE id = 1');
  }

  /** A line: its row in the file, its values in COST_COLUMNS order, its dedupe key. */
  add(row: number, values: readonly CostValue[], key: string): void {
    const pending = this.pending;
    pending.push(row);
    for (const v of values) pending.push(v);
    pending.push(key);
    if (pending.length === ROWS_PER_INSERT * PER_ROW) {
      this.store(this.many, pending);
      pending.length = 0;
    }
  }

  /** One statement's lines. The rows it skipped are not known, but those it stored have the last rowids. */
  private store(statement: Database.Statement, values: readonly CostValue[]): void {
    const { changes, lastInsertRowid } = statement.run(values);
    this.inserted += changes;
    this.untotalled.lines += changes;
    if (changes === values.length / PER_ROW) {
      for (let o = 0; o < values.length; o += PER_ROW) this.untotalled.netOre += (values[o + AMOUNT_AT] as number) - (values[o + FEE_AT] as number);
    } else if (changes > 0) {
      const last = Number(lastInsertRowid);
      this.untotalled.netOre += this.netOfRowids.get(last - changes, last) as number;
    }
  }

  /** Stores what is held back and brings line_totals up to date. */
  flush(): void {
    for (let o = 0; o < this.pending.length; o += PER_ROW) this.store(this.one, this.pending.slice(o, o + PER_ROW));
    this.pending.length = 0;
    if (this.untotalled.lines > 0) this.addToTotals.run(this.untotalled.lines, this.untotalled.netOre);
    this.untotalled = { lines: 0, netOre: 0 };
  }
}

/** How many lines are stored (the ingest sizes its dedupe table by it). */
export function storedLineCount(db: Db): number {
  return (db.prepare('SELECT MAX(seq) FROM cost_lines').pluck().get() as number | null) ?? 0;
}

/** Every stored dedupe key. */
export function storedDedupeKeys(db: Db): IterableIterator<string> {
  return db.prepare('SELECT dedupe_key FROM cost_lines').pluck().iterate() as IterableIterator<string>;
}

/** The dedupe keys of the lines stored from one file. */
export function dedupeKeysOfFile(db: Db, fileId: number): IterableIterator<string> {
  return db.prepare('SELECT dedupe_key FROM cost_lines WHERE file_id = ?').pluck().iterate(fileId) as IterableIterator<string>;
}

/** How many of these dedupe keys are stored already. */
export function countStoredKeys(db: Db, keys: Iterable<string>): number {
  const stored = db.prepare('SELECT 1 FROM cost_lines WHERE dedupe_key = ?').pluck();
  let n = 0;
  for (const key of keys) if (stored.get(key) !== undefined) n++;
  return n;
}

/**
 * For a file as large as what is stored: the indexes go inside the transaction and are rebuilt by
 * one sort at its end, several times cheaper than a million random b-tree inserts. A rollback
 * restores them with everything else.
 */
export function dropLineIndexes(db: Db): void {
  db.prepare('DROP INDEX IF EXISTS cost_lines_dedupe').run();
  db.prepare('DROP INDEX IF EXISTS cost_lines_person').run();
}

export function createLineIndexes(db: Db): void {
  db.prepare('CREATE UNIQUE INDEX IF NOT EXISTS cost_lines_dedupe ON cost_lines(dedupe_key)').run();
  db.prepare('CREATE INDEX IF NOT EXISTS cost_lines_person ON cost_lines(person_id)').run();
}

/** Lines stored and their net total (SPEC §5.4: what the fates must add up to), as CostLineInserter keeps them. */
export function lineTotals(db: Db): { lines: number; netOre: number } {
  return db.prepare('SELECT lines, net_ore AS netOre FROM line_totals WHERE id = 1').get() as { lines: number; netOre: number };
}

/**
 * Each person id's lines packed as JSON arrays: SQLite builds the text in C, and JSON.parse of
 * arrays with one loop making the objects is much cheaper than a million rows of twelve values
 * handed to JavaScript one value at a time (and than SQLite writing every key into the text). The
 * unit only when asked for: the evaluation does not pay for it. No ORDER BY inside the aggregate: the
 * person index already yields a person's rows by seq, and sorting a million arrays again cost a
 * quarter of the query; lineUnpacker checks the order.
 */
function packedLinesColumn(withUnit: boolean): string {
  return `json_group_array(json_array(seq, contact_id, ${dateNumberOf('date')}, amount_ore, fee_ore, ${codeOf('cost_type', COST_TYPES)},
    ${codeOf('care_category', CARE_CATEGORIES)}, diagnosis, doctor_ordered, ${dateNumberOf('contact_end')}, file_id${withUnit ? ', unit' : ''}))`;
}

/**
 * A date column packed as the number YYYYMMDD when it is an ISO date (anything else as itself):
 * the two dates of a million lines are otherwise two million strings for JSON.parse to make, where
 * a year holds 365 distinct ones. Some 150 ms of the main thread at a million lines.
 */
function dateNumberOf(column: string): string {
  return `CASE WHEN ${column} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' THEN CAST(replace(${column}, '-', '') AS INTEGER) ELSE ${column} END`;
}

/** Turns packed dates back into their ISO text, each distinct date made once. */
function dateUnpacker(): (packed: number | string | null) => string | null {
  const made = new Map<number, string>();
  return (packed) => {
    if (typeof packed !== 'number') return packed;
    let date = made.get(packed);
    if (date === undefined) {
      const digits = String(packed).padStart(8, '0');
      made.set(packed, (date = `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6)}`));
    }
    return date;
  };
}

/**
 * A column of the domain's few values packed as its value's index (any other text as itself): a
 * number costs JSON.parse far less than a string, and the line then holds the list's one copy.
 * Together some 100 ms of the main thread at a million lines.
 */
function codeOf(column: string, values: readonly string[]): string {
  return `CASE ${column} ${values.map((v, i) => `WHEN '${v.replaceAll("'", "''")}' THEN ${i}`).join(' ')} ELSE ${column} END`;
}

function fromCode<T extends string>(values: readonly T[], packed: number | string): T {
  return (typeof packed === 'number' ? values[packed] : packed) as T;
}

/** Every person id with its packed lines, in person id order (here or on the reader thread). */
export function allPackedLinesSql(opts: { withUnit: boolean } = { withUnit: false }): string {
  return `SELECT person_id, ${packedLinesColumn(opts.withUnit)} FROM cost_lines GROUP BY person_id ORDER BY person_id`;
}

export type PackedGroup = [personId: string, packedLines: string];

/** seq, contact_id, date (dateNumberOf), amount, fee, cost_type, care_category (codeOf), diagnosis, doctor_ordered, contact_end (dateNumberOf), file_id, (unit) */
type PackedLine = [
  number,
  string,
  number | string,
  number,
  number,
  number | string,
  number | string,
  string | null,
  number,
  number | string | null,
  number,
  (string | null)?,
];

/** Turns a person id's packed lines back into rule lines (with their unit when packed with it). */
export function lineUnpacker(db: Db): <L extends RuleLine>(personId: string, packed: string) => L[] {
  const withEnd = filesWithContactEnd(db);
  const dateOf = dateUnpacker();
  return <L extends RuleLine>(personId: string, packed: string): L[] => {
    const rows = JSON.parse(packed) as PackedLine[];
    const lines = new Array<L>(rows.length);
    let inOrder = true;
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      const line: RuleLine = {
        seq: r[0],
        personId,
        contactId: r[1],
        date: dateOf(r[2])!,
        amountOre: r[3],
        feeOre: r[4],
        costType: fromCode(COST_TYPES, r[5]),
        careCategory: fromCode(CARE_CATEGORIES, r[6]),
        diagnosis: r[7],
        doctorOrdered: r[8] === 1,
        contactEnd: dateOf(r[9]),
        fileHasContactEnd: withEnd.has(r[10]),
      };
      if (r.length > 11) (line as UnitRuleLine).unit = r[11] ?? null;
      lines[i] = line as L;
      if (i > 0 && line.seq < lines[i - 1]!.seq) inOrder = false;
    }
    // In ingestion order, whatever order the query plan visited the rows in.
    return inOrder ? lines : lines.sort((a, b) => a.seq - b.seq);
  };
}

/** The distinct person ids on stored lines, from the person index alone (here or on the reader thread). */
export function linePersonIdsSql(): string {
  return 'SELECT DISTINCT person_id FROM cost_lines ORDER BY person_id';
}

/** The distinct person ids on stored lines, or those of `onlyIds` that have lines. */
export function linePersonIds(db: Db, onlyIds?: readonly string[]): string[] {
  if (onlyIds) {
    const present = db.prepare('SELECT 1 FROM cost_lines WHERE person_id = ? LIMIT 1').pluck();
    return onlyIds.filter((id) => present.get(id) !== undefined);
  }
  return db.prepare(linePersonIdsSql()).pluck().all() as string[];
}

/**
 * Lines grouped by their person id, each group in ingestion order: every stored line, or only
 * those of the given person ids.
 */
export function linesByPersonId(db: Db, onlyIds?: readonly string[]): Generator<[string, RuleLine[]]> {
  return packedGroups<RuleLine>(db, false, onlyIds);
}

/** As linesByPersonId, each line with its unit. */
export function unitLinesByPersonId(db: Db, onlyIds?: readonly string[]): Generator<[string, UnitRuleLine[]]> {
  return packedGroups<UnitRuleLine>(db, true, onlyIds);
}

function* packedGroups<L extends RuleLine>(db: Db, withUnit: boolean, onlyIds?: readonly string[]): Generator<[string, L[]]> {
  const unpack = lineUnpacker(db);
  if (onlyIds) {
    const select = db.prepare(`SELECT ${packedLinesColumn(withUnit)} FROM cost_lines WHERE person_id = ?`).pluck();
    for (const id of [...new Set(onlyIds)].sort()) {
      const packed = select.get(id) as string | null;
      const lines = packed ? unpack<L>(id, packed) : [];
      if (lines.length > 0) yield [id, lines];
    }
    return;
  }
  for (const [personId, packed] of db.prepare(allPackedLinesSql({ withUnit })).raw().iterate() as IterableIterator<PackedGroup>) {
    yield [personId, unpack<L>(personId, packed)];
  }
}

// Documents read one person at a time: the statement is prepared once per database and id count.
// The columns come named as the line's fields: a second object per row would cost as much again.
const COST_LINE_COLUMNS =
  'l.seq AS seq, l.person_id AS personId, l.contact_id AS contactId, l.date AS date, l.amount_ore AS amountOre, l.fee_ore AS feeOre, ' +
  'l.cost_type AS costType, l.care_category AS careCategory, l.care_setting AS careSetting, l.activity AS activity, ' +
  'l.quantity AS quantity, l.diagnosis AS diagnosis, l.doctor_ordered AS doctorOrdered, l.contact_end AS contactEnd, ' +
  'f.has_contact_end AS fileHasContactEnd, l.unit AS unit, l.line_id AS lineId';
/** A stored line as SQLite gives it: the two flags as 0 or 1. */
type CostLineRow = Omit<CostLine, 'doctorOrdered' | 'fileHasContactEnd'> & { doctorOrdered: number | boolean; fileHasContactEnd: number | boolean };

const costLinesStatements = new WeakMap<Db, Map<number, Database.Statement>>();
function costLinesStatement(db: Db, ids: number): Database.Statement {
  let perDb = costLinesStatements.get(db);
  if (!perDb) costLinesStatements.set(db, (perDb = new Map()));
  let statement = perDb.get(ids);
  if (!statement) {
    statement = db.prepare(
      `SELECT ${COST_LINE_COLUMNS} FROM cost_lines l JOIN source_files f ON f.id = l.file_id
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
  for (const r of rows) {
    r.doctorOrdered = r.doctorOrdered === 1;
    r.fileHasContactEnd = r.fileHasContactEnd === 1;
  }
  return rows as CostLine[];
}
