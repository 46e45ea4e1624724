// Shared pieces of the CLI tests: `claims` run as a user runs it (the built bin/claims.js: `npm run
// build` first), or through the same `main` in this process; every output checked for identity
// numbers; the shape of a usage error.
//
// Each behaviour is run at least once through the built binary. Starting it costs half a second of
// CPU, so the exhaustive cases (every status change, every bad argument) call `main`, the function
// bin/claims.js hands its arguments to and takes its exit code from, in this process.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { type CliResult, ROOT, runCliAsync } from '../helpers/cli.js';

export { ROOT };
export type { CliResult };

export const EXAMPLES = join(ROOT, 'test/fixtures/examples');
/** The shared examples' files: three persons, two rules. */
export const EXAMPLE_FILES = [
  join(EXAMPLES, 'ex01_kostnadskravande/personer.xlsx'),
  join(EXAMPLES, 'ex01_kostnadskravande/kostnader.xlsx'),
  join(EXAMPLES, 'ex02_varaktig/persons.csv'),
  join(EXAMPLES, 'ex02_varaktig/costs.csv'),
];
/** The identity numbers in the shared examples. */
export const EXAMPLE_IDENTITIES = ['19881111-1015', '20180505-2022', '19750315-3038'];

const temps: string[] = [];
afterAll(() => {
  for (const t of temps.splice(0)) rmSync(t, { recursive: true, force: true });
});

export function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cli-test-'));
  temps.push(dir);
  return dir;
}

// An identity number in any of its written forms, unmasked: 6 or 8 digits, a separator, 4 digits.
const IDENTITY_SHAPE = /(?<!\d)(?:\d{8}|\d{6})[-+]\d{4}(?!\d)/;
const forbidden = new Set<string>();

/** Texts that must never be printed (identity numbers, names, diagnoses the test put in the data). */
export function forbid(...texts: string[]): void {
  for (const t of texts) {
    forbidden.add(t);
    const m = /^(\d{2})(\d{6})-(\d{4})$/.exec(t);
    // The other forms of a personnummer: without the century, without the dash.
    if (m) for (const form of [`${m[2]}-${m[3]}`, `${m[1]}${m[2]}${m[3]}`, `${m[2]}${m[3]}`]) forbidden.add(form);
  }
}

export function expectNoPersonalData(r: CliResult, what: string): void {
  for (const [stream, text] of [
    ['stdout', r.stdout],
    ['stderr', r.stderr],
  ] as const) {
    expect(IDENTITY_SHAPE.exec(text)?.[0] ?? null, `${what}: an identity number on ${stream}`).toBeNull();
    for (const f of forbidden) expect(text.includes(f), `${what}: "${f}" on ${stream}`).toBe(false);
  }
}

/** Runs the built `claims ARGS…` and checks that nothing personal was printed. */
export async function claims(...args: string[]): Promise<CliResult> {
  const r = await runCliAsync(args);
  expectNoPersonalData(r, `claims ${args.join(' ')}`);
  return r;
}

let inProcess: Promise<unknown> = Promise.resolve();

/** `main(ARGS)` in this process, stdout and stderr captured (one call at a time), checked like `claims`. */
export function claimsInProcess(...args: string[]): Promise<CliResult> {
  const call = inProcess.then(async () => {
    let stdout = '';
    let stderr = '';
    const capture = (stream: NodeJS.WriteStream, append: (s: string) => void) =>
      vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
        append(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
        return true;
      });
    const out = capture(process.stdout, (s) => (stdout += s));
    const err = capture(process.stderr, (s) => (stderr += s));
    let code: number;
    try {
      code = await main(args);
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
    const r = { code, stdout, stderr };
    expectNoPersonalData(r, `main(${args.join(' ')})`);
    return r;
  });
  inProcess = call.catch(() => undefined);
  return call;
}

/** A wrong argument: exit 2, nothing on stdout, exactly one line on stderr that starts with `claims:`. */
export function expectUsageError(r: CliResult, reason?: RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.replace(/\n$/, '').split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^claims: \S/);
  if (reason) expect(lines[0]).toMatch(reason);
}
