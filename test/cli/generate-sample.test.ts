// `claims generate-sample` as a user runs it: the four files, the same for the same seed, readable by
// `claims ingest` with the figures it printed, and its arguments checked. The built command writes
// the two samples of one seed; the rest goes through `main` in this process (see ./support.ts).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, claims, claimsInProcess, expectUsageError, scratch } from './support.js';

const FILES = ['personregister.xlsx', 'kostnader-2025.xlsx', 'kostnader-2025.csv', 'kostnader-2025-q4.csv'];
const ARGS = ['--persons', '40', '--rows', '400'];

let dir: string;
let runs: Record<'a' | 'b' | 'other', CliResult>;

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** Every cell of every sheet, as read back. */
async function cells(path: string): Promise<unknown[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return wb.worksheets.map((ws) => [ws.name, ws.getSheetValues()]);
}

beforeAll(async () => {
  dir = scratch();
  const [a, b, other] = await Promise.all([
    claims('generate-sample', ...ARGS, '--out', join(dir, 'a'), '--seed', 's1'),
    claims('generate-sample', ...ARGS, '--out', join(dir, 'b'), '--seed', 's1'),
    claimsInProcess('generate-sample', ...ARGS, '--out', join(dir, 'other'), '--seed', 's2'),
  ]);
  runs = { a: a!, b: b!, other: other! };
});

describe('claims generate-sample', () => {
  it('writes the register, the export as xlsx and csv and a Q4 csv, and says what it wrote', () => {
    const r = runs.a;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const [summary, ...paths] = r.stdout.trimEnd().split('\n');
    expect(summary).toMatch(/^40 personer, 400 kostnadsrader \(\d+ felaktiga med avsikt\), \d+ rader i Q4-filen$/);
    expect(paths).toEqual(FILES.map((f) => `  ${join(dir, 'a', f)}`));
    for (const f of FILES) expect(existsSync(join(dir, 'a', f)), f).toBe(true);
  });

  it('the same seed gives the same data: csv byte for byte, xlsx cell for cell; another seed other data', async () => {
    expect(runs.b.stdout.replaceAll(join(dir, 'b'), join(dir, 'a'))).toBe(runs.a.stdout);
    for (const f of FILES.filter((f) => f.endsWith('.csv'))) expect(sha(join(dir, 'b', f)), f).toBe(sha(join(dir, 'a', f)));
    for (const f of FILES.filter((f) => f.endsWith('.xlsx'))) expect(await cells(join(dir, 'b', f)), f).toEqual(await cells(join(dir, 'a', f)));
    expect(runs.other.code).toBe(0);
    for (const f of FILES.filter((f) => f.endsWith('.csv'))) expect(sha(join(dir, 'other', f)), f).not.toBe(sha(join(dir, 'a', f)));
    expect(await cells(join(dir, 'other', 'personregister.xlsx'))).not.toEqual(await cells(join(dir, 'a', 'personregister.xlsx')));
  });

  it('claims ingest reads every file it wrote, with the figures it printed', async () => {
    const m = /^40 personer, 400 kostnadsrader \((\d+) felaktiga med avsikt\), (\d+) rader i Q4-filen$/m.exec(runs.a.stdout)!;
    const [bad, q4] = [Number(m[1]), Number(m[2])];
    const r = await claimsInProcess('ingest', ...FILES.map((f) => join(dir, 'a', f)), '--db', join(dir, 'a.db'), '--as-of', '2026-01-15', '--json');
    expect(r.code, r.stderr).toBe(0);
    const files = JSON.parse(r.stdout).files as {
      kind: string;
      rows: number;
      accepted: number;
      rejected: number;
      duplicates: number;
      error: string | null;
    }[];
    expect(files.map((f) => [f.kind, f.error])).toEqual([
      ['persons', null],
      ['costs', null],
      ['costs', null],
      ['costs', null],
    ]);
    expect(files[0]!.rejected).toBe(0);
    expect(files[0]!.rows).toBeGreaterThanOrEqual(1);
    // The export, first as xlsx: every row read, the deliberately bad ones rejected.
    expect(files[1]).toMatchObject({ rows: 400, rejected: bad, accepted: 400 - bad, duplicates: 0 });
    // The same export as csv adds nothing; the Q4 file adds its late lines only.
    expect(files[2]).toMatchObject({ rows: 400, rejected: bad, accepted: 0, duplicates: 400 - bad });
    expect(files[3]!.rows).toBe(q4);
    expect(files[3]!.accepted + files[3]!.rejected + files[3]!.duplicates).toBe(q4);
  });

  it('wrong numbers or a missing --out: exit 2, one line, nothing written', async () => {
    const out = join(scratch(), 'never');
    const results = await Promise.all([
      claimsInProcess('generate-sample', '--persons', '0', '--rows', '10', '--out', out),
      claimsInProcess('generate-sample', '--persons', '5', '--rows', '-1', '--out', out),
      claimsInProcess('generate-sample', '--persons', '5', '--rows', '10', '--year', '2000', '--out', out),
      claimsInProcess('generate-sample', '--persons', '5', '--rows', '10'),
    ]);
    expectUsageError(results[0]!, /--persons.*≥ 1.*"0"/);
    expectUsageError(results[1]!, /--rows.*"-1"/);
    expectUsageError(results[2]!, /--year.*"2000"/);
    expectUsageError(results[3]!);
    expect(existsSync(out)).toBe(false);
  });
});
