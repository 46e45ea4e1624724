// `claims report --year` as a user runs it: the four files of the year written and named, the
// figures of few persons suppressed, and a bad year refused before anything is written. The
// database is filled and the other bad years tried through `main` in this process (see ./support.ts).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { claims, claimsInProcess, EXAMPLE_FILES, EXAMPLE_IDENTITIES, expectUsageError, forbid, scratch } from './support.js';

const FILES = ['skr.xlsx', 'skr.pdf', 'socialstyrelsen.xlsx', 'socialstyrelsen.pdf'];
let db: string;

beforeAll(async () => {
  forbid(...EXAMPLE_IDENTITIES);
  db = join(scratch(), 'claims.db');
  const r = await claimsInProcess('ingest', ...EXAMPLE_FILES, '--db', db, '--as-of', '2025-11-01', '--json');
  expect(r.code, r.stderr).toBe(0);
});

describe('claims report', () => {
  it('writes DIR/reports/YYYY/ with the four files, names them on stdout, exit 0', async () => {
    const out = join(scratch(), 'nested', 'out');
    const r = await claims('report', '--year', '2025', '--db', db, '--out', out, '--as-of', '2026-01-15');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const dir = join(out, 'reports', '2025');
    expect(r.stdout).toBe(`Årsrapporter 2025:\n${FILES.map((f) => `  ${join(dir, f)}`).join('\n')}\n`);
    for (const f of FILES) {
      const path = join(dir, f);
      expect(statSync(path).size, f).toBeGreaterThan(1000);
      expect(readFileSync(path).subarray(0, 4).toString('latin1'), f).toBe(f.endsWith('.pdf') ? '%PDF' : 'PK\x03\x04');
    }
    const skr = execFileSync('pdftotext', ['-layout', join(dir, 'skr.pdf'), '-'], { encoding: 'utf8' });
    expect(skr).toContain('Hälso- och sjukvård åt asylsökande 2025');
    expect(skr).toContain('uttag 2026-01-15');
    // Three persons in all: every count of persons is suppressed.
    expect(skr).toMatch(/Personer med vård\s+<5\s+<5\s+<5/);
    const sos = execFileSync('pdftotext', [join(dir, 'socialstyrelsen.pdf'), '-'], { encoding: 'utf8' });
    expect(sos).toContain('Rapport till Socialstyrelsen');
    for (const text of [skr, sos]) for (const id of EXAMPLE_IDENTITIES) expect(text).not.toContain(id);
  });

  it('a missing or bad --year: exit 2 naming --year, and nothing written', async () => {
    const out = join(scratch(), 'out');
    const built = await claims('report', '--year', '25', '--db', db, '--out', out);
    expectUsageError(built, /--year.*"25"/);
    for (const year of [[], ['--year', '1999'], ['--year', '2101'], ['--year', '2025-01'], ['--year', '２０２５']]) {
      expectUsageError(await claimsInProcess('report', ...year, '--db', db, '--out', out), /--year/);
    }
    expect(existsSync(out)).toBe(false);
  });
});
