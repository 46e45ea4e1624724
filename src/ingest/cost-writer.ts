// The write side of a cost-export ingest: one transaction per file (a file goes in whole or not at
// all, SPEC §3.3), dedupe keys, batched inserts, rejected rows, persons touched. Runs on the
// caller's connection or in a worker thread with its own (cost-worker.ts); either way it gets the
// same batches.
//
// Two modes. Live: the unique dedupe index answers "seen before?" (INSERT OR IGNORE) — right for a
// file that is small next to what the table holds, or read slowly enough (xlsx) that the index
// upkeep hides behind the reading, with no dedupe table in memory. Bulk: for a file as large as the table or
// larger, the dedupe and person indexes are dropped inside the transaction, "seen before?" is
// answered by an in-memory fingerprint table (loaded with the existing keys), and both indexes are
// rebuilt by one sort at the end — several times cheaper than random b-tree inserts. A rollback
// restores the indexes with everything else.
import type { Db } from '../store/db.js';
import { FingerprintTable, fingerprint } from './fingerprint.js';
import { collectGarbage } from '../util/gc.js';

/** Fields of one accepted line in a batch (flat array, LINE_WIDTH values per line). */
export const LINE_FIELDS = [
  'row_no',
  'person_id',
  'contact_id',
  'date',
  'amount_ore',
  'fee_ore',
  'cost_type',
  'care_category',
  'care_setting',
  'activity',
  'quantity',
  'diagnosis',
  'doctor_ordered',
  'contact_end',
  'unit',
  'line_id',
] as const;
export const LINE_WIDTH = LINE_FIELDS.length;
/** Fields of one rejected cell: row_no, column, value, reason. */
export const REJECT_WIDTH = 4;

export interface CostFileMeta {
  sha256: string;
  name: string;
  sheet: string | null;
  hasContactEnd: boolean;
  /** A guess from the file size, to choose live or bulk mode. */
  estimatedRows: number;
  /**
   * Whether bulk mode may be used. It is the fast mode, for a reader that outpaces the inserts
   * (csv); live mode keeps memory lower and its index upkeep hides behind a slow reader (xlsx).
   */
  allowBulk: boolean;
  ingestedAt: string;
}

export interface CostFileCounts {
  rows: number;
  accepted: number;
  rejected: number;
  duplicates: number;
}

const ROWS_PER_INSERT = 64;
const BULK_MIN_ROWS = 50_000;
const SEP = '\x1f';

type Value = string | number | null;

export class CostWriter {
  private fileId = 0;
  private bulk = false;
  private seen: FingerprintTable | null = null;
  private occurrences: FingerprintTable | null = new FingerprintTable();
  private insertMany!: (values: Value[]) => number;
  private insertOne!: (values: Value[]) => number;
  private insertRejected!: (values: Value[]) => void;
  private insertDirty!: (id: string) => void;
  private accepted = 0;
  private duplicates = 0;
  private lines = 0;
  private rejectedRows = 0;
  private lastRejectedRow = -1;
  private readonly pending: Value[] = [];
  private open = false;

  constructor(
    private readonly db: Db,
    private readonly meta: CostFileMeta,
  ) {}

  /** Starts the file's transaction; returns its source_files id. */
  begin(): number {
    const db = this.db;
    db.exec('BEGIN IMMEDIATE');
    this.open = true;
    this.fileId = Number(
      db
        .prepare(
          `INSERT INTO source_files (sha256, name, kind, sheet, ingested_at, rows, accepted, rejected, duplicates, has_contact_end)
           VALUES (?, ?, 'costs', ?, ?, 0, 0, 0, 0, ?)`,
        )
        .run(this.meta.sha256, this.meta.name, this.meta.sheet, this.meta.ingestedAt, this.meta.hasContactEnd ? 1 : 0).lastInsertRowid,
    );
    const existing = (db.prepare('SELECT MAX(seq) FROM cost_lines').pluck().get() as number | null) ?? 0;
    this.bulk = this.meta.allowBulk && this.meta.estimatedRows >= BULK_MIN_ROWS && existing <= 2 * this.meta.estimatedRows;
    if (this.bulk) {
      // Sized for what is there; it grows with the file (an estimate from the file size can be far off).
      this.seen = new FingerprintTable(existing + 65_536);
      for (const key of db.prepare('SELECT dedupe_key FROM cost_lines').pluck().iterate() as IterableIterator<string>) this.seen.increment(key);
      db.exec('DROP INDEX IF EXISTS cost_lines_dedupe; DROP INDEX IF EXISTS cost_lines_person;');
    }
    const columns =
      'file_id, row_no, person_id, contact_id, date, amount_ore, fee_ore, cost_type, care_category, care_setting, activity, quantity, diagnosis, doctor_ordered, contact_end, unit, line_id, dedupe_key';
    const tuple = `(${this.fileId}, ${Array(LINE_WIDTH + 1).fill('?').join(', ')})`;
    const verb = this.bulk ? 'INSERT' : 'INSERT OR IGNORE';
    const many = db.prepare(`${verb} INTO cost_lines (${columns}) VALUES ${Array(ROWS_PER_INSERT).fill(tuple).join(', ')}`);
    const one = db.prepare(`${verb} INTO cost_lines (${columns}) VALUES ${tuple}`);
    this.insertMany = (v) => many.run(v).changes;
    this.insertOne = (v) => one.run(v).changes;
    const rejected = db.prepare(
      `INSERT INTO rejected_rows (file_id, sheet, row_no, column_name, value, reason) VALUES (${this.fileId}, ?, ?, ?, ?, ?)`,
    );
    this.insertRejected = (v) => rejected.run(this.meta.sheet, v[0], v[1], v[2], v[3]);
    const dirty = db.prepare('INSERT OR IGNORE INTO dirty_persons (person_key) VALUES (?)');
    this.insertDirty = (id) => dirty.run(id);
    return this.fileId;
  }

  /** The dedupe key of the line at `o` in `lines` (SPEC §3.3). */
  private key(lines: readonly Value[], o: number): string {
    const lineId = lines[o + 15];
    if (lineId !== null) return fingerprint(`L${lineId}`);
    let material = 'V';
    for (let f = 1; f < 15; f++) {
      const v = lines[o + f];
      material += v === null ? SEP : `${v}${SEP}`;
    }
    const n = this.occurrences!.increment(fingerprint(material));
    return fingerprint(n === 1 ? material : `${material}#${n}`);
  }

  /** Adds a batch: `lines` holds LINE_WIDTH values per line, `rejected` REJECT_WIDTH per bad cell. */
  add(lines: readonly Value[], rejected: readonly Value[]): void {
    const persons = new Set<string>();
    const pending = this.pending;
    this.lines += lines.length / LINE_WIDTH;
    for (let o = 0; o < lines.length; o += LINE_WIDTH) {
      const key = this.key(lines, o);
      if (this.seen && this.seen.increment(key) > 1) {
        this.duplicates++;
        continue;
      }
      persons.add(lines[o + 1] as string);
      for (let f = 0; f < LINE_WIDTH; f++) pending.push(lines[o + f]!);
      pending.push(key);
      if (pending.length === ROWS_PER_INSERT * (LINE_WIDTH + 1)) this.flush();
    }
    for (let o = 0; o < rejected.length; o += REJECT_WIDTH) {
      // A row's bad cells arrive together: count the row once.
      if (rejected[o] !== this.lastRejectedRow) {
        this.rejectedRows++;
        this.lastRejectedRow = rejected[o] as number;
      }
      this.insertRejected(rejected.slice(o, o + REJECT_WIDTH) as Value[]);
    }
    for (const id of persons) this.insertDirty(id);
  }

  private flush(): void {
    const pending = this.pending;
    const width = LINE_WIDTH + 1;
    const rows = pending.length / width;
    let inserted = 0;
    if (rows === ROWS_PER_INSERT) {
      inserted = this.insertMany(pending);
    } else {
      for (let o = 0; o < pending.length; o += width) inserted += this.insertOne(pending.slice(o, o + width));
    }
    this.accepted += inserted;
    this.duplicates += rows - inserted;
    pending.length = 0;
  }

  /** Writes the file's counts, rebuilds indexes in bulk mode and commits. */
  finish(): CostFileCounts {
    this.flush();
    const rows = this.lines + this.rejectedRows;
    const db = this.db;
    if (this.bulk) {
      // Release the dedupe tables before SQLite's sorter needs memory.
      this.seen = null;
      this.occurrences = null;
      collectGarbage();
      db.exec('CREATE UNIQUE INDEX cost_lines_dedupe ON cost_lines(dedupe_key); CREATE INDEX cost_lines_person ON cost_lines(person_id);');
    }
    db.prepare('UPDATE source_files SET rows = ?, accepted = ?, rejected = ?, duplicates = ? WHERE id = ?').run(
      rows,
      this.accepted,
      this.rejectedRows,
      this.duplicates,
      this.fileId,
    );
    db.exec('COMMIT');
    this.open = false;
    return { rows, accepted: this.accepted, rejected: this.rejectedRows, duplicates: this.duplicates };
  }

  abort(): void {
    if (this.open) {
      this.open = false;
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
    }
  }
}
