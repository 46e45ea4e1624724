// Shared pieces of the hostile-files tests: each case writes its own bad file, runs
// `claims run REGISTER FILE --as-of 2025-11-01` through the built CLI (`npm run build` first) with a
// preload that records the peak resident memory, and checks what a user would: the exit code, one
// Swedish line on stderr, the time and memory it took, that nothing of an unreadable file was
// stored while the register still went in, and that no identity number reached the terminal.
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, expect } from 'vitest';
import { ROOT } from '../helpers/cli.js';

export const AS_OF = '2025-11-01';
/** A valid register: 19881111-1015 and 20180505-2022, both asylsökande registered from 2024-10-01. */
export const REGISTER = join(ROOT, 'test/fixtures/examples/ex01_kostnadskravande/personer.xlsx');
export const PERSON = '19881111-1015';
export const CHILD = '20180505-2022';

/** Generous bounds: the point is "finishes, and small", not a benchmark. */
export const MAX_SECONDS = 30;
export const MAX_RSS_MB = 300;

const BIN = join(ROOT, 'bin/claims.js');
const PRELOAD = pathToFileURL(join(ROOT, 'test/helpers/max-rss.mjs')).href;

const temps: string[] = [];
afterAll(() => temps.forEach((t) => rmSync(t, { recursive: true, force: true })));

export function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'claims-hostile-'));
  temps.push(dir);
  return dir;
}

export const COST_HEADER = ['Personnummer', 'Vårdkontakt', 'Datum', 'Belopp', 'Kostnadstyp', 'Vårdkategori', 'Patientavgift', 'Vårdenhet', 'Rad-ID'];

export interface CostValues {
  person?: string;
  contact?: string;
  date?: string;
  amount?: string;
  unit?: string;
  lineId?: string;
}

/** A cost row that makes a claim on its own (150 000 kr of akut care inside the LMA period). */
export function costRow(v: CostValues = {}): string[] {
  return [
    v.person ?? PERSON,
    v.contact ?? 'S-1',
    v.date ?? '2025-02-03',
    v.amount ?? '150000',
    'vård',
    'akut',
    '0',
    v.unit ?? 'Medicinkliniken',
    v.lineId ?? 'L1',
  ];
}

/** A csv (semicolons) from rows, with the given line end after every row. */
export function writeCsvRows(path: string, rows: string[][], eol = '\r\n'): string {
  writeFileSync(path, rows.map((r) => `${r.join(';')}${eol}`).join(''));
  return path;
}

export interface Outcome {
  label: string;
  code: number | null;
  stdout: string;
  stderr: string;
  seconds: number;
  /** Peak resident memory of the whole process, MB. */
  maxRssMb: number;
  timedOut: boolean;
  db: string;
  out: string;
}

function peakFromProc(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/**
 * `claims run FILES... --as-of 2025-11-01 --json` in a scratch folder. A run still going after
 * `timeoutSeconds` is killed (its peak memory read from /proc first) and marked timedOut.
 * HOSTILE_FIGURES=FILE appends each run's figures to FILE as a JSON line.
 */
export async function claimsRun(
  label: string,
  files: string[],
  opts: { dir?: string; args?: string[]; timeoutSeconds?: number } = {},
): Promise<Outcome> {
  const dir = opts.dir ?? scratch();
  const db = join(dir, 'claims.db');
  const out = join(dir, 'out');
  const rssFile = join(dir, `maxrss-${Date.now()}-${Math.random().toString(36).slice(2)}`);
  const args = [BIN, 'run', ...files, '--as-of', AS_OF, '--db', db, '--out', out, ...(opts.args ?? ['--json'])];
  const env = { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${PRELOAD}`.trim(), CLAIMS_TEST_MAXRSS: rssFile };
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s.length + stdout.length > 1e6 ? '' : s));
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s.length + stderr.length > 1e6 ? '' : s));
  let timedOut = false;
  let killedPeakKb = 0;
  const timer = setTimeout(
    () => {
      timedOut = true;
      killedPeakKb = peakFromProc(child.pid!);
      child.kill('SIGKILL');
    },
    (opts.timeoutSeconds ?? 60) * 1000,
  );
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  clearTimeout(timer);
  const seconds = (performance.now() - started) / 1000;
  const peakKb = existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8')) : killedPeakKb;
  const outcome: Outcome = { label, code, stdout, stderr, seconds, maxRssMb: Math.round(peakKb / 1024), timedOut, db, out };
  if (process.env.HOSTILE_FIGURES) {
    appendFileSync(
      process.env.HOSTILE_FIGURES,
      `${JSON.stringify({ label, code, seconds: Math.round(seconds * 10) / 10, maxRssMb: outcome.maxRssMb, timedOut, stderr: stderr.slice(0, 300) })}\n`,
    );
  }
  return outcome;
}

export interface StoredFile {
  name: string;
  kind: string;
  rows: number;
  accepted: number;
  rejected: number;
}

export function storedFiles(db: string): StoredFile[] {
  if (!existsSync(db)) return [];
  const d = new Database(db, { readonly: true });
  try {
    return d.prepare('SELECT name, kind, rows, accepted, rejected FROM source_files ORDER BY id').all() as StoredFile[];
  } finally {
    d.close();
  }
}

export function rejectedRows(db: string): { file: string; row: number; column: string | null; value: string | null; reason: string }[] {
  const d = new Database(db, { readonly: true });
  try {
    return d
      .prepare(
        'SELECT f.name AS file, r.row_no AS row, r.column_name AS "column", r.value AS value, r.reason AS reason FROM rejected_rows r JOIN source_files f ON f.id = r.file_id ORDER BY r.id',
      )
      .all() as never;
  } finally {
    d.close();
  }
}

export function storedLines(db: string): { contact_id: string; amount_ore: number; unit: string | null; line_id: string | null }[] {
  const d = new Database(db, { readonly: true });
  try {
    return d.prepare('SELECT contact_id, amount_ore, unit, line_id FROM cost_lines ORDER BY seq').all() as never;
  } finally {
    d.close();
  }
}

/** Finished within the bounds, without being killed. */
export function expectBounded(o: Outcome): void {
  expect(o.timedOut, `${o.label}: still running after the time limit`).toBe(false);
  expect(o.seconds, `${o.label}: seconds`).toBeLessThan(MAX_SECONDS);
  expect(o.maxRssMb, `${o.label}: peak resident MB`).toBeGreaterThan(0);
  expect(o.maxRssMb, `${o.label}: peak resident MB`).toBeLessThan(MAX_RSS_MB);
}

const IDENTITIES = [PERSON, CHILD, '8811111015', '1805052022', '198811111015', '201805052022'];
const IDENTITY_SHAPE = /(?<![\d])(?:\d{2})?\d{6}[-+]\d{4}(?!\d)/;

/** No identity number on stdout or stderr (masked ones, `19881111-****`, are fine). */
export function expectNoIdentity(o: Outcome, extra: readonly string[] = []): void {
  for (const text of [o.stdout, o.stderr]) {
    for (const id of [...IDENTITIES, ...extra]) expect(text.includes(id), `${o.label}: identity on the terminal`).toBe(false);
    expect(IDENTITY_SHAPE.test(text), `${o.label}: identity-shaped text on the terminal`).toBe(false);
  }
}

/**
 * The file could not be read: exit 2, exactly one stderr line `claims: FILE: reason` with a Swedish
 * reason matching `reason`, nothing of it in the database, the register stored, within bounds.
 */
export function expectUnreadable(o: Outcome, file: string, reason: RegExp): void {
  expectBounded(o);
  expect(o.code, `${o.label}: exit code (stderr: ${o.stderr})`).toBe(2);
  const lines = o.stderr.split('\n').filter((l) => l !== '');
  expect(lines, `${o.label}: stderr lines`).toHaveLength(1);
  const line = lines[0]!;
  expect(line.startsWith(`claims: ${file}: `), `${o.label}: ${line}`).toBe(true);
  const said = line.slice(`claims: ${file}: `.length);
  expect(said).toMatch(reason);
  expect(said, 'a Swedish reason').toMatch(/[åäö]|\b(?:är|och|inte|en|ett|filen|kan|för)\b/);
  // Nothing that looks like a library's English message or a stack.
  expect(said).not.toMatch(/Error|ELOOP|ENOENT|at line|exceed|Invalid|undefined/);
  const stored = storedFiles(o.db);
  expect(
    stored.map((f) => f.name),
    `${o.label}: nothing stored from the unreadable file`,
  ).not.toContain(basename(file));
  expect(
    stored.filter((f) => f.kind === 'persons' && f.accepted === 2),
    `${o.label}: the register still went in`,
  ).toHaveLength(1);
  const summary = JSON.parse(o.stdout) as { files: { file: string; error: string | null }[] };
  expect(summary.files.find((f) => f.file === file)?.error).toBe(line.slice('claims: '.length));
  expectNoIdentity(o);
}

/** The run went through (exit 0) within bounds, with no identity on the terminal. */
export function expectRan(o: Outcome): void {
  expectBounded(o);
  expect(o.code, `${o.label}: exit code (stderr: ${o.stderr})`).toBe(0);
  expect(o.stderr, `${o.label}: stderr`).toBe('');
  expectNoIdentity(o);
}
