// Shared pieces of the store tests: scratch folders removed after the file, databases on real files
// or in memory, and small builders for source files and cost lines (claims: test/helpers/builders.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { COST_AT, COST_COLUMNS, type CostColumn, type CostValue } from '../../src/domain/columns.js';
import type { CostLineInserter } from '../../src/store/cost-lines.js';

/** A line to store as a test builds it: its row, its values in COST_COLUMNS order, its dedupe key. */
export interface LineToStore {
  row: number;
  values: readonly CostValue[];
  key: string;
}

/** Adds the lines and flushes them; returns how many were stored. */
export function insertAll(inserter: CostLineInserter, lines: readonly LineToStore[]): number {
  const before = inserter.inserted;
  for (const l of lines) inserter.add(l.row, l.values, l.key);
  inserter.flush();
  return inserter.inserted - before;
}
import { type Db, openDb } from '../../src/store/db.js';
import { type SourceFileMeta, insertSourceFile } from '../../src/store/source-files.js';

const cleanups: (() => void)[] = [];
afterAll(() => {
  for (const c of cleanups.splice(0)) c();
});

export function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'store-test-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A database on a file in a scratch folder, closed after the test file. */
export function fileDb(dir = scratch()): { db: Db; path: string } {
  const path = join(dir, 'claims.db');
  const db = openDb(path);
  cleanups.unshift(() => db.close());
  return { db, path };
}

export function memoryDb(): Db {
  const db = openDb(':memory:');
  cleanups.unshift(() => db.close());
  return db;
}

let nextSha = 1;

export function fileMeta(fields: Partial<SourceFileMeta> = {}): SourceFileMeta {
  return {
    sha256: `sha-${nextSha++}`,
    name: 'kostnader.csv',
    kind: 'costs',
    sheet: null,
    ingestedAt: '2026-01-15T08:00:00.000Z',
    hasContactEnd: false,
    ...fields,
  };
}

/** Inserts a source file; returns its id. */
export function addFile(db: Db, fields: Partial<SourceFileMeta> = {}): number {
  return insertSourceFile(db, fileMeta(fields));
}

export type CostFields = Partial<Record<CostColumn, CostValue>>;

const COST_DEFAULTS: Record<CostColumn, CostValue> = {
  person_id: '19850101-0006',
  contact_id: 'K-1',
  date: '2025-01-10',
  amount: 100_00,
  patient_fee: 0,
  cost_type: 'vård',
  care_category: 'akut',
  care_setting: null,
  activity: null,
  quantity: 1,
  diagnosis: null,
  doctor_ordered: 1,
  contact_end: null,
  unit: null,
  line_id: null,
};

/** A cost row's values in COST_COLUMNS order. */
export function costValues(fields: CostFields = {}): CostValue[] {
  const all = { ...COST_DEFAULTS, ...fields };
  return COST_COLUMNS.map((c) => all[c]);
}

let nextKey = 1;

/** A line ready for CostLineInserter; its dedupe key is fresh unless given. */
export function toStore(row: number, fields: CostFields = {}, key = `key-${nextKey++}`): LineToStore {
  return { row, values: costValues(fields), key };
}

export function valueOf(line: LineToStore, column: CostColumn): CostValue {
  return line.values[COST_AT[column]]!;
}

/** Names of the schema objects of a kind (table, index), sorted. */
export function schemaNames(db: Db, type: 'table' | 'index'): string[] {
  return db.prepare("SELECT name FROM sqlite_master WHERE type = ? AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all(type) as string[];
}
