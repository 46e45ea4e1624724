// src/store/db.ts: the schema made by the migrations, the version guard, and the transactions the
// ingest relies on (a second connection reads the last commit and waits to write).
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { beginWrite, commit, inTransaction, migrate, openDb, rollback } from '../../src/store/db.js';
import { getMeta, setMeta } from '../../src/store/meta.js';
import { MIGRATIONS } from '../../src/store/migrations/index.js';
import { ROOT } from '../helpers/cli.js';
import { scratch, schemaNames } from './support.js';

const TABLES = [
  'assessments',
  'audit_log',
  'batch_claims',
  'batch_files',
  'batches',
  'calendar_feeds',
  'claim_events',
  'claims',
  'cost_lines',
  'dirty_persons',
  'line_totals',
  'meta',
  'person_fates',
  'person_lma',
  'person_unit_fates',
  'persons',
  'rejected_rows',
  'reminders',
  'scheduled_runs',
  'sessions',
  'sie_exports',
  'sie_vouchers',
  'source_files',
  'users',
];
const INDEXES = [
  'assessments_person',
  'audit_log_at',
  'batches_created',
  'claim_events_case',
  'claim_events_claim',
  'claim_events_date',
  'claims_deadline',
  'claims_person',
  'claims_status_deadline',
  'claims_totals',
  'cost_lines_dedupe',
  'cost_lines_person',
  'person_lma_person',
  'persons_dossier',
  'persons_papperslos',
  'rejected_rows_file',
  'reminders_written',
  'scheduled_runs_job',
  'sessions_user',
  'sie_vouchers_date',
];

function raw(path: string): Database.Database {
  return new Database(path);
}

describe('openDb', () => {
  it('creates the folder, the file and the whole schema at the latest version, in WAL mode', () => {
    const path = join(scratch(), 'nested', 'deeper', 'claims.db');
    const db = openDb(path);
    try {
      expect(existsSync(path)).toBe(true);
      expect(schemaNames(db, 'table')).toEqual(TABLES);
      expect(schemaNames(db, 'index')).toEqual(INDEXES);
      expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
      expect(MIGRATIONS.length).toBe(9);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.pragma('busy_timeout', { simple: true })).toBe(10_000);
      const fateColumns = (db.pragma('table_info(person_fates)') as { name: string }[]).map((c) => c.name);
      expect(fateColumns.at(-1)).toBe('input_stamp');
    } finally {
      db.close();
    }
  });

  it('opens :memory: with the same schema and makes no folder', () => {
    const db = openDb(':memory:');
    try {
      expect(schemaNames(db, 'table')).toEqual(TABLES);
      expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
      expect(existsSync(join(process.cwd(), ':memory:'))).toBe(false);
    } finally {
      db.close();
    }
  });

  it('reopening an existing database keeps its data and runs no migration again', () => {
    const path = join(scratch(), 'claims.db');
    const first = openDb(path);
    setMeta(first, 'evaluation', 'x');
    first.close();
    const again = openDb(path);
    try {
      expect(getMeta(again, 'evaluation')).toBe('x');
      expect(again.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    } finally {
      again.close();
    }
  });

  it('moves a version-1 database forward, keeping its rows (input_stamp defaults to empty)', () => {
    const path = join(scratch(), 'v1.db');
    const old = raw(path);
    old.exec(MIGRATIONS[0]!);
    old.pragma('user_version = 1');
    old.prepare(`INSERT INTO person_fates VALUES ('P1', 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)`).run();
    old.close();
    const db = openDb(path);
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
      expect(db.prepare('SELECT person_key, claimed, assessment_negative, input_stamp FROM person_fates').get()).toEqual({
        person_key: 'P1',
        claimed: 1,
        assessment_negative: 11,
        input_stamp: '',
      });
    } finally {
      db.close();
    }
  });

  it('a migration that fails leaves nothing of itself: one migration is one transaction', () => {
    const path = join(scratch(), 'clash.db');
    const old = raw(path);
    // The first migration's last statement creates dirty_persons: it fails after the others ran.
    old.exec('CREATE TABLE dirty_persons (x)');
    old.close();
    expect(() => openDb(path)).toThrow(/dirty_persons already exists/);
    const after = raw(path);
    try {
      expect(schemaNames(after, 'table')).toEqual(['dirty_persons']);
      expect(after.pragma('user_version', { simple: true })).toBe(0);
    } finally {
      after.close();
    }
  });
});

describe('migrate', () => {
  it('refuses a database from a newer program, in Swedish, and changes nothing', () => {
    const path = join(scratch(), 'newer.db');
    const newer = raw(path);
    newer.exec('CREATE TABLE future (x)');
    newer.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    expect(() => migrate(newer)).toThrow(
      `databasen har schemaversion ${MIGRATIONS.length + 1}, men programmet känner bara till ${MIGRATIONS.length}`,
    );
    newer.close();
    expect(() => openDb(path)).toThrow(`schemaversion ${MIGRATIONS.length + 1}`);
    const after = raw(path);
    try {
      expect(schemaNames(after, 'table')).toEqual(['future']);
      expect(after.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length + 1);
    } finally {
      after.close();
    }
  });

  it('on a current database does nothing', () => {
    const db = openDb(':memory:');
    try {
      setMeta(db, 'k', 'v');
      migrate(db);
      expect(getMeta(db, 'k')).toBe('v');
      expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    } finally {
      db.close();
    }
  });
});

describe('inTransaction', () => {
  it('returns what the work returns and stores all of it', () => {
    const db = openDb(':memory:');
    try {
      const value = inTransaction(db, () => {
        setMeta(db, 'a', '1');
        setMeta(db, 'b', '2');
        return 42;
      });
      expect(value).toBe(42);
      expect([getMeta(db, 'a'), getMeta(db, 'b')]).toEqual(['1', '2']);
      expect(db.inTransaction).toBe(false);
    } finally {
      db.close();
    }
  });

  it('rolls everything back when the work throws, and rethrows', () => {
    const db = openDb(':memory:');
    try {
      setMeta(db, 'a', 'before');
      const boom = new Error('boom');
      expect(() =>
        inTransaction(db, () => {
          setMeta(db, 'a', 'during');
          setMeta(db, 'b', 'during');
          throw boom;
        }),
      ).toThrow(boom);
      expect(getMeta(db, 'a')).toBe('before');
      expect(getMeta(db, 'b')).toBeNull();
      expect(db.inTransaction).toBe(false);
    } finally {
      db.close();
    }
  });
});

describe('beginWrite, commit, rollback', () => {
  it('commit stores what was written since beginWrite', () => {
    const db = openDb(':memory:');
    try {
      beginWrite(db);
      expect(db.inTransaction).toBe(true);
      setMeta(db, 'a', '1');
      commit(db);
      expect(db.inTransaction).toBe(false);
      expect(getMeta(db, 'a')).toBe('1');
    } finally {
      db.close();
    }
  });

  it('rollback undoes it; with no transaction open it does nothing', () => {
    const db = openDb(':memory:');
    try {
      setMeta(db, 'a', 'kept');
      beginWrite(db);
      setMeta(db, 'a', 'undone');
      setMeta(db, 'b', 'undone');
      rollback(db);
      expect(db.inTransaction).toBe(false);
      expect(getMeta(db, 'a')).toBe('kept');
      expect(getMeta(db, 'b')).toBeNull();
      expect(() => rollback(db)).not.toThrow();
      expect(getMeta(db, 'a')).toBe('kept');
    } finally {
      db.close();
    }
  });

  it('a second connection reads the last commit while a write is open, and the write once committed', () => {
    const path = join(scratch(), 'two.db');
    const writer = openDb(path);
    const reader = openDb(path);
    try {
      setMeta(writer, 'a', 'committed');
      beginWrite(writer);
      setMeta(writer, 'a', 'open');
      expect(getMeta(reader, 'a')).toBe('committed');
      commit(writer);
      expect(getMeta(reader, 'a')).toBe('open');
    } finally {
      reader.close();
      writer.close();
    }
  });

  it('a second connection that wants to write waits for the open write transaction instead of failing', async () => {
    const dbModule = join(ROOT, 'dist/src/store/db.js');
    expect(existsSync(dbModule), 'the other connection runs the built store: npm run build first').toBe(true);
    const path = join(scratch(), 'wait.db');
    const first = openDb(path);
    try {
      beginWrite(first);
      setMeta(first, 'first', 'yes');

      // The other writer is another process (a connection in this thread would block the thread).
      const script = `
        const { openDb, beginWrite, commit } = await import(process.env.DB_MODULE);
        const { setMeta } = await import(process.env.META_MODULE);
        const db = openDb(process.env.DB_PATH);
        process.stdout.write('open\\n');
        const started = Date.now();
        beginWrite(db);
        const waited = Date.now() - started;
        setMeta(db, 'second', 'yes');
        commit(db);
        db.close();
        process.stdout.write(JSON.stringify({ waited }) + '\\n');`;
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
        env: {
          ...process.env,
          DB_MODULE: pathToFileURL(dbModule).href,
          META_MODULE: pathToFileURL(join(ROOT, 'dist/src/store/meta.js')).href,
          DB_PATH: path,
        },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      let exited = false;
      const exit = new Promise<number | null>((resolve) =>
        child.on('exit', (code) => {
          exited = true;
          resolve(code);
        }),
      );
      while (!stdout.includes('open\n') && !exited) await new Promise((r) => setTimeout(r, 10));
      expect(stdout, stderr).toContain('open\n');
      await new Promise((r) => setTimeout(r, 600));
      expect(exited, 'the second writer did not wait for the first').toBe(false);
      commit(first);
      expect(await exit, stderr).toBe(0);
      const { waited } = JSON.parse(stdout.split('\n')[1]!) as { waited: number };
      expect(waited).toBeGreaterThanOrEqual(500);
      expect([getMeta(first, 'first'), getMeta(first, 'second')]).toEqual(['yes', 'yes']);
    } finally {
      first.close();
    }
  });
  it('several processes opening one new database at once all open it (the switch to WAL can be busy without waiting)', async () => {
    const dbModule = join(ROOT, 'dist/src/store/db.js');
    expect(existsSync(dbModule), 'the other connections run the built store: npm run build first').toBe(true);
    const script = `
      const { openDb } = await import(process.env.DB_MODULE);
      const db = openDb(process.env.DB_PATH);
      process.stdout.write(db.pragma('journal_mode', { simple: true }));
      db.close();`;
    const open = (path: string) =>
      new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
        const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
          env: { ...process.env, DB_MODULE: pathToFileURL(dbModule).href, DB_PATH: path },
        });
        let out = '';
        let err = '';
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        child.stderr.on('data', (d: Buffer) => (err += d.toString()));
        child.on('exit', (code) => resolve({ code, out, err }));
      });
    for (let round = 0; round < 3; round++) {
      const path = join(scratch(), `together-${round}.db`);
      const opened = await Promise.all(Array.from({ length: 8 }, () => open(path)));
      for (const o of opened) expect(o, o.err).toMatchObject({ code: 0, out: 'wal' });
      const db = openDb(path);
      expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
      db.close();
    }
  }, 60_000);
});
