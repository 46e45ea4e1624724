// Shared pieces of the ingest tests: a scratch folder, a fresh database, files written in the forms
// the spec allows, and ingestFiles with the defaults.
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { defaultConfig, type Config } from '../../src/config.js';
import type { FileReport } from '../../src/domain/batch.js';
import { ingestFiles } from '../../src/ingest/ingest.js';
import { type Db, openDb } from '../../src/store/db.js';

export const AS_OF = '2026-01-15';

/** Valid test identities (Luhn checked). */
export const P1 = '19811218-9876';
export const P2 = '19850101-0006';
export const P3 = '20100505-0008';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

export function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ingest-test-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function freshDb(dir = scratch()): Db {
  const db = openDb(join(dir, 'claims.db'));
  cleanups.unshift(() => db.close());
  return db;
}

export type CsvEncoding = 'utf8' | 'utf8bom' | 'cp1252';

export function writeCsv(path: string, rows: (string | number | null)[][], opts: { delimiter?: string; encoding?: CsvEncoding } = {}): string {
  const d = opts.delimiter ?? ';';
  const field = (v: string | number | null) => {
    const s = v === null ? '' : String(v);
    return s.includes(d) || s.includes('"') || s.includes('\n') ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const text = `${rows.map((r) => r.map(field).join(d)).join('\r\n')}\r\n`;
  const enc = opts.encoding ?? 'utf8';
  writeFileSync(path, enc === 'cp1252' ? iconv.encode(text, 'win1252') : enc === 'utf8bom' ? `\uFEFF${text}` : text);
  return path;
}

/** An xlsx written by exceljs's (non-streaming) Workbook: shared strings, styles, date cells. */
export async function writeExceljsXlsx(path: string, sheets: { name: string; rows: unknown[][] }[]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    for (const r of s.rows) ws.addRow(r);
    ws.eachRow((row) =>
      row.eachCell((cell) => {
        if (cell.value instanceof Date) cell.numFmt = 'yyyy-mm-dd';
      }),
    );
  }
  await wb.xlsx.writeFile(path);
  return path;
}

export async function ingest(db: Db, paths: string[], config: Config = defaultConfig()): Promise<FileReport[]> {
  return ingestFiles(db, paths, { asOf: AS_OF, config });
}

export const COST_HEADER = ['Personnummer', 'Vårdkontakt', 'Datum', 'Belopp', 'Kostnadstyp', 'Vårdkategori', 'Patientavgift', 'Diagnos', 'Rad-ID'];

export function lines(db: Db): Record<string, unknown>[] {
  return db
    .prepare(
      'SELECT person_id, contact_id, date, amount_ore, fee_ore, cost_type, care_category, care_setting, activity, quantity, diagnosis, doctor_ordered, contact_end, unit, line_id FROM cost_lines ORDER BY seq',
    )
    .all() as Record<string, unknown>[];
}

export function count(db: Db, table: string): number {
  return db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;
}
