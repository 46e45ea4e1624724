// The small pieces of service mode: the payload guard, the reminder levels, the writer lock, and the
// docker-compose file the operations part promises.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { holdsIdentityNumber, identityNumberPaths } from '../../src/queue/payload-guard.js';
import { checkPayload } from '../../src/queue/jobs.js';
import { PayloadError } from '../../src/queue/errors.js';
import { newBatchId } from '../../src/queue/payload-fields.js';
import { REMINDER_DAYS, dueReminders, reminderLevel } from '../../src/rules/reminders.js';
import { openDb } from '../../src/store/db.js';
import { withWriterLock } from '../../src/store/writer-lock.js';
import { ROOT, runCli } from '../helpers/cli.js';

const temps: string[] = [];
afterAll(() => temps.forEach((t) => rmSync(t, { recursive: true, force: true })));

describe('the payload guard', () => {
  it('finds personnummer and samordningsnummer in any form, and leaves hashes, ids and dates alone', () => {
    for (const s of ['19850101-1234', '198501011234', '850101-1234', '8501011234', '850161+1234', '/spool/19850101-1234/x', 'Anna 850101-1234'])
      expect(holdsIdentityNumber(s), s).toBe(true);
    for (const s of ['2025-11-01', 'b_abcdefghjkmnpqrs', '12345', '851301-1234', 'K-1001']) expect(holdsIdentityNumber(s), s).toBe(false);
    // A sha256 (alone or as a spool file's name) is no one's number, whatever digits it holds.
    const sha = `ab${'8501011234'}${'c'.repeat(52)}`;
    expect(identityNumberPaths({ sha256: sha, spoolPath: `/data/spool/${sha}` })).toEqual([]);
    expect(identityNumberPaths({ a: [{ b: '19850101-1234' }] })).toEqual(['a[0].b']);
  });

  it('every job schema is strict: an unknown field is refused, and the error names fields, never values', () => {
    for (const [name, payload] of [
      ['evaluate', { batchId: newBatchId(), name: 'Anna Andersson' }],
      ['reports', { year: 2025, diagnosis: 'F43.1' }],
      ['reminders', { asOf: '2026-01-15', note: 'x' }],
    ] as const) {
      let caught: unknown;
      try {
        checkPayload(name, payload);
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(PayloadError);
      expect((caught as Error).message).not.toMatch(/Anna|F43|x"/);
    }
    expect(checkPayload('evaluate', { batchId: 'b_abcdefghjkmnpqrs' })).toEqual({ batchId: 'b_abcdefghjkmnpqrs' });
    expect(newBatchId()).toMatch(/^b_[a-z]{16}$/);
  });
});

describe('reminder levels (SPEC §5.6)', () => {
  it('warns at 60, 30, 14, 7 and 1 days, catching up on a missed day with the nearest level', () => {
    expect(REMINDER_DAYS).toEqual([60, 30, 14, 7, 1]);
    const table: [number, number | null][] = [
      [61, null],
      [60, 60],
      [45, 60],
      [30, 30],
      [15, 30],
      [14, 14],
      [8, 14],
      [7, 7],
      [2, 7],
      [1, 1],
      [0, 1],
      [-1, null],
    ];
    for (const [days, level] of table) expect(reminderLevel(days), String(days)).toBe(level);
    const claim = {
      id: 'c1',
      rule: 'kostnadskravande',
      personId: 'x',
      contactId: 'K',
      periodStart: '2025-01-01',
      periodEnd: '2025-01-31',
      careOre: 1,
      interpreterOre: 0,
      claimOre: 1,
      deadline: '2026-06-30',
      deadlineProvisional: false,
      quarter: null,
      adjustmentOf: null,
    } as const;
    expect(dueReminders([{ ...claim, status: 'ready' }], '2026-06-20')).toEqual([
      { claimId: 'c1', daysBefore: 14, deadline: '2026-06-30', daysLeft: 10, writtenOn: '2026-06-20' },
    ]);
    expect(dueReminders([{ ...claim, status: 'submitted' }], '2026-06-20')).toEqual([]);
  });
});

describe('the writer lock', () => {
  it('lets one holder at a time in, across processes, and is released when its holder dies', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'claims-lock-'));
    temps.push(dir);
    const db = openDb(join(dir, 'claims.db'));
    const order: string[] = [];
    await Promise.all([
      withWriterLock(db, async () => {
        order.push('a in');
        await sleep(150);
        order.push('a out');
      }),
      (async () => {
        await sleep(20);
        await withWriterLock(db, async () => {
          order.push('b in');
        });
      })(),
    ]);
    expect(order).toEqual(['a in', 'a out', 'b in']);
    // Another process holds it and is killed: the lock goes with it.
    const script = `const D=require(${JSON.stringify(join(ROOT, 'node_modules/better-sqlite3'))});const l=new D(${JSON.stringify(`${db.name}.writer-lock`)});l.exec('BEGIN EXCLUSIVE');process.kill(process.pid,'SIGKILL');`;
    expect(spawnSync(process.execPath, ['-e', script]).signal).toBe('SIGKILL');
    let entered = false;
    await withWriterLock(db, async () => {
      entered = true;
    });
    expect(entered).toBe(true);
    db.close();
  });
});

describe('the service commands', () => {
  it('refuse wrong arguments with one line and exit 2, before touching Redis or the database', () => {
    const dir = mkdtempSync(join(tmpdir(), 'claims-args-'));
    temps.push(dir);
    const queues = runCli(['worker', '--queues', 'ingest,nope', '--db', join(dir, 'x.db')]);
    expect(queues.code).toBe(2);
    expect(queues.stderr).toBe('claims: --queues tar en lista av ingest, evaluate, documents, reports, reminders, fick "ingest,nope"\n');
    const missing = runCli(['submit', join(dir, 'saknas.xlsx'), '--db', join(dir, 'x.db')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(`claims: ${join(dir, 'saknas.xlsx')}: filen finns inte\n`);
  });
});

describe('docker-compose.yml', () => {
  it('runs Redis with AOF and noeviction, one web server, two workers and one volume for database, spool and outputs', () => {
    const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
      services: Record<string, { command: string[]; volumes?: string[]; environment?: Record<string, string> }>;
      volumes: Record<string, unknown>;
    };
    const redis = compose.services.redis!.command.join(' ');
    expect(redis).toMatch(/--appendonly yes/);
    expect(redis).toMatch(/--maxmemory-policy noeviction/);
    expect(compose.services.web!.command[0]).toBe('serve');
    const workers = Object.entries(compose.services).filter(([, s]) => s.command[0] === 'worker');
    expect(workers).toHaveLength(2);
    for (const [, s] of [...workers, ['web', compose.services.web!] as const]) {
      expect(s.volumes).toEqual(['claims-data:/data']);
      expect(s.environment?.REDIS_URL).toBe('redis://redis:6379');
      expect(s.command.join(' ')).toMatch(/--db \/data\/claims\.db --out \/data\/out/);
    }
    expect(Object.keys(compose.volumes)).toContain('claims-data');
  });
});
