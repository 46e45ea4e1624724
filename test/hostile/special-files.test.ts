// Things given as a file that are no regular file (a FIFO, /dev/zero, /dev/urandom, a folder, a
// symbolic-link loop), file names holding line breaks and terminal escape codes, and wrong options.
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { noHeaderMessage } from '../../src/ingest/headers.js';
import { runCli } from '../helpers/cli.js';
import {
  COST_HEADER,
  REGISTER,
  claimsRun,
  costRow,
  expectBounded,
  expectNoIdentity,
  expectUnreadable,
  scratch,
  storedFiles,
  writeCsvRows,
} from './support.js';

describe('not a regular file', () => {
  it('a FIFO is refused at once, without waiting for a writer', async () => {
    const dir = scratch();
    const fifo = join(dir, 'kostnader.csv');
    execFileSync('mkfifo', [fifo]);
    expectUnreadable(await claimsRun('FIFO', [REGISTER, fifo], { timeoutSeconds: 20 }), fifo, /ingen vanlig fil/);
  });

  for (const device of ['/dev/zero', '/dev/urandom']) {
    it(`${device} is refused at once`, async () => {
      expectUnreadable(await claimsRun(device, [REGISTER, device], { timeoutSeconds: 20 }), device, /ingen vanlig fil/);
    });
  }

  it('a folder is refused with its own reason', async () => {
    const dir = scratch();
    const folder = join(dir, 'kostnader');
    mkdirSync(folder);
    expectUnreadable(await claimsRun('folder', [REGISTER, folder]), folder, /katalog/);
  });

  it('a symbolic-link loop: exit 2 and a Swedish reason, not an internal error', async () => {
    const dir = scratch();
    const a = join(dir, 'a.csv');
    symlinkSync(join(dir, 'b.csv'), a);
    symlinkSync(a, join(dir, 'b.csv'));
    expectUnreadable(await claimsRun('symlink loop', [REGISTER, a]), a, /symboliska länkar/);
  });

  it('a symbolic link to a regular file is read as the file', async () => {
    const dir = scratch();
    const real = writeCsvRows(join(dir, 'real.csv'), [COST_HEADER, costRow()]);
    const link = join(dir, 'link.csv');
    symlinkSync(real, link);
    const o = await claimsRun('symlink to a file', [REGISTER, link]);
    expectBounded(o);
    expect(o.code).toBe(0);
    expect(storedFiles(o.db).find((f) => f.name === 'link.csv')).toMatchObject({ accepted: 1 });
  });
});

describe('file names with control characters', () => {
  it('are printed escaped, one line per file, on stderr and in the summary', async () => {
    const dir = scratch();
    const good = writeCsvRows(join(dir, 'kost\nnader\u001b[31m.csv'), [COST_HEADER, costRow()]);
    const bad = join(dir, 'fel\r\u001b]0;titel\u0007\u009b2J.csv');
    writeFileSync(bad, 'hej\nhopp\n');
    const o = await claimsRun('names with control characters', [REGISTER, good, bad], { args: [] });
    expectBounded(o);
    expect(o.code).toBe(2);
    for (const text of [o.stdout, o.stderr]) expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    const errLines = o.stderr.split('\n').filter((l) => l !== '');
    expect(errLines).toHaveLength(1);
    expect(errLines[0]).toBe(`claims: ${dir}/fel\\r\\x1b]0;titel\\x07\\u009b2J.csv: ${noHeaderMessage()}`);
    const summary = o.stdout.split('\n');
    expect(summary.filter((l) => l.includes(`${dir}/kost`))).toEqual([
      expect.stringContaining(`${dir}/kost\\nnader\\x1b[31m.csv (kostnader): 1 rader`),
    ]);
    expect(summary.filter((l) => l.includes(`${dir}/fel`))).toEqual([expect.stringContaining('\\x1b]0;titel\\x07\\u009b2J.csv: kunde inte läsas')]);
    expectNoIdentity(o);
    // --json keeps the names whole, every control character escaped the JSON way.
    const j = await claimsRun('names with control characters, --json', [good, bad], { dir: scratch() });
    expect(j.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect((JSON.parse(j.stdout) as { files: { file: string }[] }).files.map((f) => f.file)).toEqual([good, bad]);
  });

  it('claims ingest prints them escaped in its table too', () => {
    const dir = scratch();
    const good = writeCsvRows(join(dir, 'a\nb\u001b[2J.csv'), [COST_HEADER, costRow()]);
    const r = runCli(['ingest', good, '--db', join(dir, 'claims.db'), '--as-of', '2025-11-01']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(r.stdout.split('\n').filter((l) => l.includes('a\\nb\\x1b[2J.csv'))).toHaveLength(1);
  });
});

describe('wrong options', () => {
  it('an unknown option, command or missing value: exit 2, one line with the claims: prefix', () => {
    for (const args of [
      ['run', '--bogus'],
      ['--bogus'],
      ['run', 'x.csv', '--as-off', '2025-01-01'],
      ['nosuchcommand'],
      ['run', 'x.csv', '--as-of'],
      ['mark'],
    ]) {
      const r = runCli(args);
      expect(r.code, args.join(' ')).toBe(2);
      const lines = r.stderr.split('\n').filter((l) => l !== '');
      expect(lines, `${args.join(' ')}: ${r.stderr}`).toHaveLength(1);
      expect(lines[0]).toMatch(/^claims: /);
    }
    expect(runCli(['run', '--bogus']).stderr).toMatch(/^claims: okänd flagga '--bogus'/);
  });
});
