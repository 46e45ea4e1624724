// `claims user add|disable` and `claims serve` as a user runs them (the built command).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb } from '../../src/store/db.js';
import { getUserByName } from '../../src/store/users.js';
import { runCli } from '../helpers/cli.js';

const BIN = fileURLToPath(new URL('../../bin/claims.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'web-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const db = join(dir, 'claims.db');

describe('claims user', () => {
  it('adds a user from a password file, refuses a second one of the same name, and disables', () => {
    const pw = join(dir, 'pw.txt');
    writeFileSync(pw, 'ett långt lösenord 123\n');
    const add = runCli(['user', 'add', 'hanna', '--role', 'handläggare', '--password-file', pw, '--db', db]);
    expect(add.code, add.stderr).toBe(0);
    expect(add.stdout).toContain('hanna: tillagd med rollen handläggare');
    expect(runCli(['user', 'add', 'hanna', '--role', 'admin', '--password-file', pw, '--db', db]).code).toBe(2);
    expect(runCli(['user', 'add', 'olle', '--role', 'chef', '--password-file', pw, '--db', db]).code).not.toBe(0);
    const short = join(dir, 'short.txt');
    writeFileSync(short, 'kort\n');
    expect(runCli(['user', 'add', 'kort', '--role', 'admin', '--password-file', short, '--db', db]).stderr).toContain('minst 12 tecken');
    expect(runCli(['user', 'disable', 'hanna', '--db', db]).code).toBe(0);
    const store = openDb(db);
    try {
      expect(getUserByName(store, 'hanna')).toMatchObject({ role: 'handläggare', disabled: true });
      expect(store.prepare('SELECT password_hash FROM users').pluck().get()).toMatch(/^\$argon2id\$/);
    } finally {
      store.close();
    }
  });

  it('without --password-file and without a terminal it says to use the flag', () => {
    const r = runCli(['user', 'add', 'erik', '--role', 'ekonomi', '--db', db]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--password-file');
  });
});

describe('claims serve', () => {
  it('listens, answers, and shuts down in order on SIGTERM', async () => {
    const proc = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--db', db, '--out', join(dir, 'out')], {
      env: { ...process.env, REDIS_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    proc.stdout.on('data', (d: Buffer) => (out += d));
    proc.stderr.on('data', (d: Buffer) => (out += d));
    const exited = new Promise<number | null>((resolve) => proc.on('exit', resolve));
    const address = await new Promise<string>((resolve, reject) => {
      const timer = setInterval(() => {
        const m = out.match(/"address":"(http:\/\/[^"]+)"/);
        if (m) {
          clearInterval(timer);
          resolve(m[1]!);
        }
      }, 50);
      setTimeout(() => reject(new Error(`serve did not start: ${out}`)), 20_000);
    });
    const res = await fetch(`${address}/logga-in`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await res.text()).toContain('<html lang="sv">');
    proc.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(out).toContain('"msg":"stopped"');
  });
});
