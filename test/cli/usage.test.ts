// How `claims` is called: help for the command and every subcommand, and what a wrong call gets
// (exit 2, one line on stderr starting with `claims:`, nothing created). Commander's own wording is
// not asserted: it is being translated.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { claims, claimsInProcess, EXAMPLE_FILES, expectUsageError, scratch } from './support.js';

const SUBCOMMANDS: Record<string, string[]> = {
  run: ['--as-of <date>', '--out <dir>', '--db <file>', '--config <file>', '--json', '--strict'],
  mark: ['--submitted <date>', '--case <number>', '--paid <kronor>', '--on <date>', '--reference <text>', '--rejected <reason>', '--db <file>'],
  deadlines: ['--within <days>', '--as-of <date>', '--db <file>', '--json'],
  ingest: ['--db <file>', '--as-of <date>', '--config <file>', '--json'],
  'generate-sample': ['--persons <n>', '--rows <n>', '--out <dir>', '--seed <s>', '--year <yyyy>'],
  report: ['--year <year>', '--out <dir>', '--db <file>', '--config <file>', '--as-of <date>'],
  units: ['--year <year>', '--from <date>', '--to <date>', '--out <dir>', '--db <file>', '--config <file>', '--as-of <date>'],
};

function expectHelpFor(name: string, stdout: string): void {
  const options = SUBCOMMANDS[name]!;
  expect(stdout).toMatch(new RegExp(`^Usage: claims ${name} `));
  for (const option of options) expect(stdout).toMatch(new RegExp(`^  ${option.replace(/[<>]/g, '\\$&')}\\s`, 'm'));
  // Each option on its own line, and no others but --help.
  expect(stdout.match(/^ {2}--?\S+/gm)).toEqual([...options.map((o) => `  ${o.split(' ')[0]}`), '  -h,']);
}

describe('help', () => {
  it('claims --help lists every subcommand; claims mark --help its options; exit 0 (the built command)', async () => {
    const [root, mark] = await Promise.all([claims('--help'), claims('mark', '--help')]);
    expect([root.code, root.stderr]).toEqual([0, '']);
    expect(root.stdout).toMatch(/^Usage: claims /);
    for (const name of Object.keys(SUBCOMMANDS)) expect(root.stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
    expect([mark.code, mark.stderr]).toEqual([0, '']);
    expectHelpFor('mark', mark.stdout);
  });

  it.each(Object.keys(SUBCOMMANDS))('claims %s --help lists its options, exit 0', async (name) => {
    const r = await claimsInProcess(name, '--help');
    expect([r.code, r.stderr]).toEqual([0, '']);
    expectHelpFor(name, r.stdout);
  });
});

describe('a wrong call: exit 2, one line on stderr', () => {
  it('an unknown command, an unknown option (the built command)', async () => {
    const [command, option] = await Promise.all([claims('bogus'), claims('deadlines', '--bogus')]);
    expectUsageError(command, /bogus/);
    expectUsageError(option, /--bogus/);
  });

  it.each([
    ['an unknown option of claims', ['--bogus']],
    ['an unknown option of run', ['run', '--bogus']],
    ['an unknown option of mark', ['mark', 'KV-1', '--bogus']],
    ['an unknown option of deadlines', ['deadlines', '--bogus']],
    ['an unknown option of ingest', ['ingest', 'x.csv', '--bogus']],
    ['an unknown option of generate-sample', ['generate-sample', '--bogus']],
    ['an unknown option of report', ['report', '--bogus']],
    ['a missing argument', ['mark']],
    ['an option without its value', ['deadlines', '--within']],
    ['a missing required option', ['generate-sample', '--persons', '1', '--rows', '1']],
  ])('%s', async (_, args) => {
    expectUsageError(await claimsInProcess(...args));
  });

  it('a bad --as-of: claims run makes no database and writes nothing (the built command)', async () => {
    const dir = scratch();
    const r = await claims('run', ...EXAMPLE_FILES, '--as-of', '2025-02-30', '--db', join(dir, 'claims.db'), '--out', join(dir, 'out'));
    expectUsageError(r, /--as-of.*"2025-02-30"/);
    expect(existsSync(join(dir, 'claims.db'))).toBe(false);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it.each([
    ['ingest', [...EXAMPLE_FILES]],
    ['deadlines', []],
    ['report', ['--year', '2025', '--out']],
    ['run', ['--out']],
  ])('a bad --as-of: claims %s, and no database is made', async (name, rest) => {
    const dir = scratch();
    const db = join(dir, 'claims.db');
    const args = rest.at(-1) === '--out' ? [...rest, join(dir, 'out')] : rest;
    for (const bad of ['2025-02-30', '20250101', '2025-1-01', 'igår', '']) {
      const r = await claimsInProcess(name, ...args, '--as-of', bad, '--db', db);
      expectUsageError(r, /--as-of/);
      expect(r.stderr).toContain(`"${bad}"`);
    }
    expect(existsSync(db)).toBe(false);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('a bad --config names the file and the field (the built command)', async () => {
    const dir = scratch();
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ region: { contact: { email: 5 } } }));
    const r = await claims(
      'run',
      ...EXAMPLE_FILES,
      '--config',
      config,
      '--as-of',
      '2025-11-01',
      '--db',
      join(dir, 'claims.db'),
      '--out',
      join(dir, 'out'),
    );
    expectUsageError(r, /fältet region\.contact\.email/);
    expect(r.stderr).toContain(config);
    expect(existsSync(join(dir, 'claims.db'))).toBe(false);
  });

  it.each([
    ['run', ['--out']],
    ['ingest', [...EXAMPLE_FILES]],
    ['report', ['--year', '2025', '--out']],
  ])('a bad --config: claims %s names the file and the field', async (name, rest) => {
    const dir = scratch();
    const db = join(dir, 'claims.db');
    const args = rest.at(-1) === '--out' ? [...rest, join(dir, 'out')] : rest;
    const write = (file: string, text: string) => {
      writeFileSync(join(dir, file), text);
      return join(dir, file);
    };
    const cases: [string, RegExp][] = [
      [write('email.json', JSON.stringify({ region: { contact: { email: 5 } } })), /fältet region\.contact\.email/],
      [write('schablon.json', JSON.stringify({ schablon: { upTo18Kronor: -1 } })), /fältet schablon\.upTo18Kronor/],
      [write('alias.json', JSON.stringify({ headerAliases: { summa: ['Summa SEK'] } })), /fältet headerAliases: okända kolumner: summa/],
      [write('key.json', JSON.stringify({ claimIdKey: '' })), /fältet claimIdKey/],
      [write('extra.json', JSON.stringify({ regionn: {} })), /regionn/],
      [write('broken.json', '{"region": '), /kan inte läsa konfigurationen/],
      [join(dir, 'missing.json'), /kan inte läsa konfigurationen/],
    ];
    for (const [config, reason] of cases) {
      const r = await claimsInProcess(name, ...args, '--config', config, '--db', db, '--as-of', '2025-11-01');
      expectUsageError(r, reason);
      expect(r.stderr).toContain(config);
    }
    expect(existsSync(db)).toBe(false);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });
});
