// `claims report` as a user runs it (the built CLI; `npm test` builds first).
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { makeDb, standardYear } from './db-fixture.js';

let dbPath: string;
let out: string;

beforeAll(() => {
  const y = standardYear();
  const { db, path } = makeDb(y.persons, y.lines, y.claims);
  db.close();
  dbPath = path;
  out = mkdtempSync(join(tmpdir(), 'claims-report-cli-'));
});

describe('claims report', () => {
  it('writes the four files of the year and names them, and no person', () => {
    const r = runCli(['report', '--year', '2025', '--db', dbPath, '--out', out, '--as-of', '2026-01-15']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    for (const f of ['skr.xlsx', 'skr.pdf', 'socialstyrelsen.xlsx', 'socialstyrelsen.pdf']) {
      expect(existsSync(join(out, 'reports', '2025', f))).toBe(true);
      expect(r.stdout).toContain(f);
    }
    expect(r.stdout).not.toMatch(/\d{8}-\d{4}/);
  });

  it('exits 2 with a one-line reason on a bad or missing year', () => {
    for (const args of [
      ['report', '--db', dbPath],
      ['report', '--year', '25', '--db', dbPath],
      ['report', '--year', 'abcd', '--db', dbPath],
    ]) {
      const r = runCli(args);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/--year/);
    }
  });

  it('exits 2 when the database does not exist, and creates none', () => {
    const missing = join(out, 'missing.db');
    const r = runCli(['report', '--year', '2025', '--db', missing, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/finns inte/);
    expect(existsSync(missing)).toBe(false);
  });

  it('exits 2 on a bad --as-of', () => {
    const r = runCli(['report', '--year', '2025', '--db', dbPath, '--as-of', '2025-13-01']);
    expect(r.code).toBe(2);
  });
});
