// The last two steps of a cost row's path, dedupe → store (SPEC §3.3), for one file: one
// transaction (the file goes in whole or not at all), every line's dedupe key, lines seen before
// left out, rejected rows, and the persons touched marked for the next evaluation. Runs on the
// caller's connection, or on the writer thread with its own (cost-sink.ts, cost-sink-thread.ts).
//
// Two ways to answer "seen before?". Live: the unique dedupe index answers (INSERT OR IGNORE),
// right for a file that is small next to what is stored, or read slowly enough (xlsx) that the
// index upkeep hides behind the reading. Bulk, for a large file read fast (csv) into a table no
// more than twice its size: the indexes are dropped inside the transaction, an in-memory table of
// every stored and new key answers, and the indexes are rebuilt by one sort at the end.
import { COST_AT, type CostValue } from '../domain/columns.js';
import { CostLineInserter, createLineIndexes, dropLineIndexes, storedDedupeKeys, storedLineCount } from '../store/cost-lines.js';
import { type Db, beginWrite, commit, rollback } from '../store/db.js';
import { markDirty } from '../store/dirty-persons.js';
import { type RejectedCell, insertRejectedCells } from '../store/rejected-rows.js';
import { type FileCounts, type SourceFileMeta, insertSourceFile, setSourceFileCounts } from '../store/source-files.js';
import { FileDedupeKeys } from './dedupe.js';
import { FingerprintTable } from './fingerprint.js';

export interface CostFileMeta extends SourceFileMeta {
  /** A guess from the file size, to choose live or bulk mode. */
  estimatedRows: number;
  /** Whether bulk mode may be used: for a reader that outpaces the inserts (csv). */
  allowBulk: boolean;
}

/** A valid cost row: its row number and its values in COST_COLUMNS order. */
export interface ParsedCostRow {
  row: number;
  values: CostValue[];
}

/** Rows of a file as the validation left them, a batch at a time. */
export interface CostBatch {
  lines: ParsedCostRow[];
  rejected: RejectedCell[];
  rejectedRows: number;
}

const BULK_MIN_ROWS = 50_000;

export class CostFileWriter {
  private fileId = 0;
  private inserter: CostLineInserter | null = null;
  /** Bulk mode: every key stored or added so far. */
  private seen: FingerprintTable | null = null;
  private readonly keys = new FileDedupeKeys();
  private readonly persons = new Set<string>();
  /** Lines handed to the inserter (not found among the keys seen in bulk mode). */
  private offered = 0;
  private readonly counts: FileCounts = { rows: 0, accepted: 0, rejected: 0, duplicates: 0 };

  constructor(
    private readonly db: Db,
    private readonly meta: CostFileMeta,
  ) {}

  /** Opens the file's transaction; returns its source_files id. */
  begin(): number {
    beginWrite(this.db);
    try {
      this.fileId = insertSourceFile(this.db, this.meta);
      const stored = storedLineCount(this.db);
      const bulk = this.meta.allowBulk && this.meta.estimatedRows >= BULK_MIN_ROWS && stored <= 2 * this.meta.estimatedRows;
      if (bulk) {
        // Sized for what is there and the file's estimate; it grows if the estimate was low.
        this.seen = new FingerprintTable(stored + this.meta.estimatedRows);
        for (const key of storedDedupeKeys(this.db)) this.seen.increment(key);
        dropLineIndexes(this.db);
      }
      this.inserter = new CostLineInserter(this.db, this.fileId, { orIgnore: !bulk });
      return this.fileId;
    } catch (err) {
      rollback(this.db);
      throw err;
    }
  }

  add(batch: CostBatch): void {
    const inserter = this.inserter!;
    for (const line of batch.lines) {
      const key = this.keys.key(line.values);
      if (this.seen && this.seen.increment(key) > 1) {
        this.counts.duplicates++;
        continue;
      }
      this.persons.add(line.values[COST_AT.person_id] as string);
      this.offered++;
      inserter.add(line.row, line.values, key);
    }
    this.counts.rejected += batch.rejectedRows;
    this.counts.rows += batch.lines.length + batch.rejectedRows;
    insertRejectedCells(this.db, this.fileId, this.meta.sheet, batch.rejected);
  }

  /** Rebuilds the indexes (bulk mode), writes the file's counts and commits. */
  finish(): FileCounts {
    const inserter = this.inserter!;
    inserter.flush();
    // What INSERT OR IGNORE skipped was stored before (live mode's answer to "seen before?").
    this.counts.accepted = inserter.inserted;
    this.counts.duplicates += this.offered - inserter.inserted;
    if (this.seen) {
      this.seen = null; // released before SQLite's sorter needs memory
      createLineIndexes(this.db);
    }
    markDirty(this.db, this.persons);
    setSourceFileCounts(this.db, this.fileId, this.counts);
    commit(this.db);
    return { ...this.counts };
  }

  abort(): void {
    rollback(this.db);
  }
}
