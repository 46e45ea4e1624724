// Health data on disk: every file and folder `claims run` and `claims report` create is 0600/0700
// under the usual umask 022 (the database with its WAL files, out/ and everything in it), wider
// modes left from before are tightened, temporary files are private from their first byte, and
// commits are durable (synchronous = FULL).
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb } from '../../src/store/db.js';
import { withAtomicFile, writeFileAtomic, writeFileAtomicAsync } from '../../src/util/atomic-file.js';
import { ROOT } from '../helpers/cli.js';

const temps: string[] = [];
afterAll(() => temps.forEach((t) => rmSync(t, { recursive: true, force: true })));
function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'claims-modes-'));
  temps.push(dir);
  return dir;
}

const EXAMPLE = join(ROOT, 'test/fixtures/examples/ex01_kostnadskravande');
const BIN = join(ROOT, 'bin/claims.js');

/** `claims ARGS` under umask 022, the way a shell with the usual umask starts it. */
function claimsUnderUmask022(cwd: string, args: string[]) {
  const quoted = args.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const r = spawnSync('sh', ['-c', `umask 022; exec '${process.execPath}' '${BIN}' ${quoted}`], { cwd, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Every entry below `dir` (not `dir` itself) with its permission bits, links not followed. */
function modes(dir: string): [string, string][] {
  const out: [string, string][] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      out.push([relative(dir, p), (statSync(p).mode & 0o777).toString(8)]);
      if (e.isDirectory()) walk(p);
    }
  };
  walk(dir);
  return out.sort();
}

const mode = (p: string) => (statSync(p).mode & 0o777).toString(8);

describe('file modes', () => {
  it('everything claims run and claims report create is 0600 (files) or 0700 (folders) under umask 022', () => {
    const dir = scratch();
    const work = join(dir, 'work');
    mkdirSync(work);
    const run = claimsUnderUmask022(work, [
      'run',
      join(EXAMPLE, 'personer.xlsx'),
      join(EXAMPLE, 'kostnader.xlsx'),
      '--as-of',
      '2025-11-01',
      '--db',
      'data/claims.db',
      '--out',
      'out',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const report = claimsUnderUmask022(work, ['report', '--year', '2025', '--as-of', '2025-11-01', '--db', 'data/claims.db', '--out', 'out']);
    expect(report.code, report.stderr).toBe(0);
    const all = modes(work);
    // What a run writes is all there (so the check below covers it).
    const names = all.map(([p]) => p);
    for (const p of [
      'data',
      'data/claims.db',
      'out',
      'out/claims.json',
      'out/reconciliation.json',
      'out/rejected-rows.xlsx',
      'out/rejected-rows.csv',
      'out/applications',
      'out/applications/.inputs.json',
      'out/finance',
      'out/finance/summary.xlsx',
      'out/finance/summary.pdf',
      'out/reports',
      'out/reports/2025',
      'out/reports/2025/skr.pdf',
      'out/reports/2025/socialstyrelsen.xlsx',
    ]) {
      expect(names).toContain(p);
    }
    expect(names.filter((p) => p.startsWith('out/applications/') && p.endsWith('.pdf'))).toHaveLength(2);
    for (const [p, m] of all) expect([p, m]).toEqual([p, statSync(join(work, p)).isDirectory() ? '700' : '600']);
  });

  it('SQLite gives the -wal and -shm files the database file mode', () => {
    const dir = scratch();
    const path = join(dir, 'claims.db');
    openDb(path).close();
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.prepare('SELECT COUNT(*) FROM source_files').get();
    expect([mode(path), mode(`${path}-wal`), mode(`${path}-shm`)]).toEqual(['600', '600', '600']);
    db.close();
  });

  it('wider modes left from before are tightened; a file of the user in out/ is left alone', () => {
    const dir = scratch();
    const work = join(dir, 'work');
    mkdirSync(join(work, 'out', 'applications'), { recursive: true });
    mkdirSync(join(work, 'data'), { recursive: true });
    const old = [join(work, 'out', 'claims.json'), join(work, 'out', 'applications', 'gammal.pdf'), join(work, 'data', 'claims.db')];
    for (const f of old) writeFileSync(f, '');
    for (const f of old) chmodSync(f, 0o644);
    for (const d of [join(work, 'out'), join(work, 'out', 'applications'), join(work, 'data')]) chmodSync(d, 0o755);
    writeFileSync(join(work, 'out', 'anteckningar.txt'), 'mina');
    chmodSync(join(work, 'out', 'anteckningar.txt'), 0o644);
    const run = claimsUnderUmask022(work, ['run', join(EXAMPLE, 'personer.xlsx'), '--as-of', '2025-11-01', '--db', 'data/claims.db', '--out', 'out']);
    expect(run.code, run.stderr).toBe(0);
    expect([mode(join(work, 'out')), mode(join(work, 'out', 'applications')), mode(join(work, 'out', 'claims.json'))]).toEqual(['700', '700', '600']);
    expect(mode(join(work, 'data', 'claims.db'))).toBe('600');
    expect(mode(join(work, 'out', 'anteckningar.txt'))).toBe('644');
    // The database's folder is the user's: created 0700 when missing, never changed when there.
    expect(mode(join(work, 'data'))).toBe('755');
  });

  it('temporary files are 0600 from their first byte, whatever the umask', async () => {
    const dir = scratch();
    const before = process.umask(0o000);
    try {
      let seen = '';
      await withAtomicFile(join(dir, 'a', 'b', 'x.pdf'), async (tmp) => {
        seen = mode(tmp);
        writeFileSync(tmp, 'x');
      });
      expect(seen).toBe('600');
      writeFileAtomic(join(dir, 'c', 'y.json'), '{}');
      await writeFileAtomicAsync(join(dir, 'c', 'z.pdf'), 'z');
      expect(modes(dir)).toEqual([
        ['a', '700'],
        ['a/b', '700'],
        ['a/b/x.pdf', '600'],
        ['c', '700'],
        ['c/y.json', '600'],
        ['c/z.pdf', '600'],
      ]);
    } finally {
      process.umask(before);
    }
  });

  it('commits are durable: the database runs synchronous = FULL', () => {
    const dir = scratch();
    const db = openDb(join(dir, 'claims.db'));
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });
});
