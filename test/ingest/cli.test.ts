// `claims ingest` and `claims generate-sample` as a user runs them (the built CLI, `npm run build`
// first): exit codes, --json, the worker-thread path giving the same database as the in-process
// one, and an ingest killed mid-file leaving the database as it was.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config.js';
import { ingestFiles } from '../../src/ingest/ingest.js';
import { generateSample } from '../../src/sample/generate.js';
import { type Db, openDb } from '../../src/store/db.js';
import { ROOT, runCli } from '../helpers/cli.js';
import { AS_OF, COST_HEADER, P1, writeCsv } from './support.js';

const BIN = join(ROOT, 'bin/claims.js');
let dir: string;
let sample: { register: string; xlsx: string; csv: string; q4: string };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ingest-cli-'));
  const r = await generateSample({ persons: 500, rows: 100_000, outDir: join(dir, 'sample'), seed: 'cli-test' });
  const [register, xlsx, csv, q4] = r.files as [string, string, string, string];
  sample = { register, xlsx, csv, q4 };
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Everything ingest writes, in a comparable form. */
function snapshot(db: Db) {
  const all = (sql: string) => db.prepare(sql).raw().all();
  return {
    files: all('SELECT id, sha256, name, kind, sheet, rows, accepted, rejected, duplicates, has_contact_end FROM source_files ORDER BY id'),
    lines: all('SELECT * FROM cost_lines ORDER BY seq'),
    rejected: all('SELECT file_id, sheet, row_no, column_name, value, reason FROM rejected_rows ORDER BY id'),
    persons: all('SELECT * FROM persons ORDER BY person_id'),
    lma: all('SELECT * FROM person_lma ORDER BY person_id, lma_from'),
    dirty: all('SELECT person_key FROM dirty_persons ORDER BY person_key'),
  };
}

describe('claims ingest', () => {
  it('prints a table, or --json with the per-file figures; exit 0 when every file was read', () => {
    const db = join(dir, 'small.db');
    const file = writeCsv(join(dir, 'small.csv'), [
      COST_HEADER,
      [P1, 'K-1', '2025-01-01', '100', 'vård', 'akut', '0', '', 'L1'],
      [P1, 'K-1', '2025-01-01', 'x', 'vård', 'akut', '0', '', 'L2'],
    ]);
    const table = runCli(['ingest', file, '--db', db, '--as-of', AS_OF]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/Fil\s+Typ\s+Rader\s+Godtagna\s+Avvisade\s+Dubbletter/);
    expect(table.stdout).toMatch(/small\.csv\s+kostnader\s+2\s+1\s+1\s+0/);
    const again = runCli(['ingest', file, '--db', db, '--json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual({
      files: [{ file, kind: 'costs', rows: 0, accepted: 0, rejected: 0, duplicates: 0, alreadyIngested: true, error: null }],
    });
    expect(again.stderr).toBe('');
  });

  it('exit 2 with one stderr line naming the file when a file could not be read; the others still go in', () => {
    const db = join(dir, 'bad.db');
    const bad = join(dir, 'inte.csv');
    writeFileSync(bad, 'hej\nhopp\n');
    const good = writeCsv(join(dir, 'good.csv'), [COST_HEADER, [P1, 'K-1', '2025-01-01', '100', 'vård', 'akut', '0', '', 'L1']]);
    const r = runCli(['ingest', bad, good, '--db', db, '--json', '--as-of', AS_OF]);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^claims: .*inte\.csv: ingen rubrikrad hittades/);
    expect(JSON.parse(r.stdout).files.map((f: { kind: string | null; accepted: number }) => [f.kind, f.accepted])).toEqual([
      [null, 0],
      ['costs', 1],
    ]);
  });

  it('exit 2 for a wrong argument', () => {
    expect(runCli(['ingest', 'x.csv', '--as-of', '2025-02-30']).code).toBe(2);
    expect(runCli(['ingest']).code).toBe(2);
    const cfg = join(dir, 'cfg.json');
    writeFileSync(cfg, JSON.stringify({ headerAliases: { belopp: ['Summa'] } }));
    const r = runCli(['ingest', join(dir, 'good.csv'), '--db', join(dir, 'cfg.db'), '--config', cfg]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/headerAliases.*okända kolumner: belopp/);
  });

  it('large files through the worker thread give the same database as the in-process path', async () => {
    const files = [sample.register, sample.q4, sample.csv, sample.xlsx];
    const viaCli = join(dir, 'cli.db');
    const r = runCli(['ingest', ...files, '--db', viaCli, '--json', '--as-of', AS_OF]);
    expect(r.code, r.stderr).toBe(0);
    const cliReports = JSON.parse(r.stdout).files;

    const local = openDb(join(dir, 'local.db'));
    const localReports = await ingestFiles(local, files, { asOf: AS_OF, config: defaultConfig(), writerThread: 'never' });
    expect(cliReports).toEqual(
      localReports.map(({ file, kind, rows, accepted, rejected, duplicates, alreadyIngested, error }) => ({
        file,
        kind,
        rows,
        accepted,
        rejected,
        duplicates,
        alreadyIngested,
        error,
      })),
    );
    // The q4 file first, then the whole year (bulk mode with existing keys: the q4 lines, but for
    // the late ones only the q4 file has, are duplicates), then the xlsx (all duplicates).
    expect(cliReports[2]).toMatchObject({ kind: 'costs', rows: 100_000 });
    expect(cliReports[2].duplicates).toBeGreaterThan(0.9 * cliReports[1].accepted);
    expect(cliReports[2].duplicates).toBeLessThan(cliReports[1].accepted);
    expect(cliReports[3]).toMatchObject({ kind: 'costs', accepted: 0 });
    expect(cliReports[3].duplicates + cliReports[3].rejected).toBe(100_000);
    const cliDb = openDb(viaCli);
    try {
      const a = snapshot(cliDb);
      const b = snapshot(local);
      // Files differ only in ingestion time; everything else must be identical.
      expect(a).toEqual(b);
    } finally {
      cliDb.close();
      local.close();
    }
  }, 180_000);
});

/** Starts `claims ingest`, kills it with SIGKILL once its write-ahead log has grown by `bytes`. */
async function killMidway(file: string, db: string, bytes: number): Promise<boolean> {
  const wal = `${db}-wal`;
  const start = existsSync(wal) ? statSync(wal).size : 0;
  const child = spawn(process.execPath, [BIN, 'ingest', file, '--db', db, '--as-of', AS_OF, '--json'], { stdio: 'ignore' });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let killed = false;
  for (;;) {
    const done = await Promise.race([exited.then(() => true), new Promise<false>((r) => setTimeout(() => r(false), 5))]);
    if (done) break;
    if (existsSync(wal) && statSync(wal).size > start + bytes) {
      child.kill('SIGKILL');
      killed = true;
      await exited;
      break;
    }
  }
  return killed;
}

describe('a process killed mid-file', () => {
  it.each([['csv'], ['xlsx']] as const)(
    'leaves the database as it was (%s)',
    async (format) => {
      const db = join(dir, `killed-${format}.db`);
      expect(runCli(['ingest', sample.register, '--db', db, '--json', '--as-of', AS_OF]).code).toBe(0);
      const before = (() => {
        const d = openDb(db);
        try {
          return snapshot(d);
        } finally {
          d.close();
        }
      })();
      const file = format === 'csv' ? sample.csv : sample.xlsx;
      expect(await killMidway(file, db, 2 * 1024 * 1024), 'the ingest finished before it could be killed').toBe(true);
      const d = openDb(db);
      try {
        expect(snapshot(d)).toEqual(before);
      } finally {
        d.close();
      }
      // And the file goes in whole afterwards.
      const again = runCli(['ingest', file, '--db', db, '--json', '--as-of', AS_OF]);
      expect(again.code).toBe(0);
      expect(JSON.parse(again.stdout).files[0]).toMatchObject({ rows: 100_000, alreadyIngested: false });
    },
    180_000,
  );
});

describe('claims generate-sample', () => {
  it('writes the register, the export as xlsx and csv and an overlapping Q4 csv, the same for the same seed', () => {
    const a = join(dir, 'gen-a');
    const b = join(dir, 'gen-b');
    for (const out of [a, b]) {
      const r = runCli(['generate-sample', '--persons', '60', '--rows', '800', '--out', out, '--seed', 's1']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/60 personer, 800 kostnadsrader/);
    }
    for (const f of ['personregister.xlsx', 'kostnader-2025.xlsx', 'kostnader-2025.csv', 'kostnader-2025-q4.csv']) {
      expect(existsSync(join(a, f)), f).toBe(true);
    }
    const sizes = (d: string) => ['kostnader-2025.csv', 'kostnader-2025-q4.csv'].map((f) => statSync(join(d, f)).size);
    expect(sizes(a)).toEqual(sizes(b));
    expect(runCli(['generate-sample', '--persons', 'x', '--rows', '1', '--out', a]).code).toBe(2);
  });
});
