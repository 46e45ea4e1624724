// The service under the failures it must survive (SPEC §7), with real `claims worker` processes on
// a Redis this test starts: a worker killed in the middle of a large ingest, Redis stopped and
// started again mid-batch (AOF on), three workers starting at once, SIGTERM during a job, and a
// producer facing no Redis at all.
import { Queue } from 'bullmq';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BullMqBackend } from '../../src/queue/bullmq.js';
import { spoolDirFor } from '../../src/queue/context.js';
import { jobIds } from '../../src/queue/flows.js';
import { submitBatch, waitForBatch } from '../../src/queue/submit.js';
import { getBatch } from '../../src/store/batches.js';
import { type Db, openDb } from '../../src/store/db.js';
import { lineTotals } from '../../src/store/cost-lines.js';
import { runCli } from '../helpers/cli.js';
import { type TestRedis, freePort, startRedis } from '../helpers/redis.js';
import { type WorkerProcess, startWorker, stopWorkers } from '../helpers/service.js';

const AS_OF = '2026-01-15';
const temps: string[] = [];
const workers: WorkerProcess[] = [];
let redis: TestRedis;
let sample: { register: string; xlsx: string; csv: string; q4: string };

function tempDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  temps.push(d);
  return d;
}

beforeAll(async () => {
  redis = await startRedis();
  const dir = tempDir('claims-robust-sample-');
  const g = runCli(['generate-sample', '--persons', '1250', '--rows', '25000', '--out', dir, '--seed', 'robust']);
  expect(g.code, g.stderr).toBe(0);
  sample = {
    register: join(dir, 'personregister.xlsx'),
    xlsx: join(dir, 'kostnader-2025.xlsx'),
    csv: join(dir, 'kostnader-2025.csv'),
    q4: join(dir, 'kostnader-2025-q4.csv'),
  };
}, 120_000);

afterAll(async () => {
  await stopWorkers(workers);
  await redis?.dispose();
  temps.forEach((t) => rmSync(t, { recursive: true, force: true }));
});

/** A fresh database and a queue prefix of its own, so the tests share one Redis without meeting. */
function service(name: string) {
  const dir = tempDir(`claims-robust-${name}-`);
  const dbPath = join(dir, 'claims.db');
  const env = { REDIS_URL: redis.url, CLAIMS_QUEUE_PREFIX: name, CLAIMS_LOCK_DURATION_MS: '3000', CLAIMS_STALLED_INTERVAL_MS: '1000' };
  const worker = (extra: NodeJS.ProcessEnv = {}) => {
    const w = startWorker(['--db', dbPath, '--out', join(dir, 'worker-out')], { ...env, ...extra });
    workers.push(w);
    return w;
  };
  let db: Db | null = null;
  let producer: BullMqBackend | null = null;
  const open = async () => {
    db ??= openDb(dbPath);
    producer ??= await BullMqBackend.connect({
      url: redis.url,
      prefix: name,
      db,
      log: pino({ level: 'silent' }),
      settings: {
        dbPath,
        outDir: join(dir, 'worker-out'),
        configPath: null,
        mail: null,
        logLevel: 'silent',
        logTarget: 'silent',
        redisUrl: redis.url,
        prefix: name,
      },
    });
    return { db, producer };
  };
  return {
    dir,
    dbPath,
    worker,
    async submit(files: string[], out = join(dir, 'out')) {
      const { db, producer } = await open();
      return (
        await submitBatch(
          { db, backend: producer, spoolDir: spoolDirFor(dbPath) },
          { files: files.map((path) => ({ path })), asOf: AS_OF, outDir: out, submittedBy: 'test' },
        )
      ).batchId;
    },
    async db() {
      return (await open()).db;
    },
    async close() {
      await producer?.close();
      db?.close();
    },
  };
}

/** What `claims run` makes of the same files, for comparison. */
function claimsRun(files: string[]) {
  const dir = tempDir('claims-robust-run-');
  const r = runCli(['run', ...files, '--as-of', AS_OF, '--db', join(dir, 'run.db'), '--out', join(dir, 'out'), '--json']);
  expect(r.code, r.stderr).toBe(0);
  const db = openDb(join(dir, 'run.db'));
  const lines = lineTotals(db);
  db.close();
  return { summary: JSON.parse(r.stdout), claimsJson: readFileSync(join(dir, 'out', 'claims.json'), 'utf8'), lines };
}

function distinctLines(db: Db): { rows: number; keys: number } {
  return db.prepare('SELECT COUNT(*) AS rows, COUNT(DISTINCT dedupe_key) AS keys FROM cost_lines').get() as { rows: number; keys: number };
}

const startedOf = (_w: WorkerProcess, jobId: string) => (l: { jobId?: string; msg: string }) => l.jobId === jobId && l.msg === 'job started';

describe('the service when things go wrong', () => {
  it('a worker killed with SIGKILL in the middle of a large ingest: the other finishes the batch, every line stored once', async () => {
    const s = service('sigkill');
    const a = s.worker();
    const b = s.worker();
    await Promise.all([a, b].map((w) => w.waitForLog((l) => l.msg === 'workers started')));
    const batchId = await s.submit([sample.register, sample.xlsx]);
    const ingest = jobIds.ingest(batchId, 1);
    const first = await Promise.race([a, b].map((w) => w.waitForLog(startedOf(w, ingest), 60_000).then(() => w)));
    const other = first === a ? b : a;
    await sleep(700);
    first.kill('SIGKILL');
    expect(await first.exited).toBe(null);
    const db = await s.db();
    expect(getBatch(db, batchId)!.files[1]!.result, 'the kill came after the ingest: no test').toBeNull();

    const batch = await waitForBatch(db, batchId, { timeoutMs: 120_000 });
    expect(batch.status, batch.error ?? '').toBe('done');
    expect(other.logs.some((l) => l.jobId === ingest && l.outcome === 'done')).toBe(true);

    const run = claimsRun([sample.register, sample.xlsx]);
    const stored = distinctLines(db);
    expect(stored.rows).toBe(run.lines.lines);
    expect(stored.keys).toBe(stored.rows);
    expect(lineTotals(db)).toEqual(run.lines);
    expect(batch.files[1]!.result).toMatchObject({
      accepted: run.summary.files[1].accepted,
      rejected: run.summary.files[1].rejected,
      alreadyIngested: false,
    });
    expect(readFileSync(join(s.dir, 'out', 'claims.json'), 'utf8')).toBe(run.claimsJson);
    expect(other.output()).not.toMatch(/\d{8}-\d{4}/);
    await s.close();
  }, 240_000);

  it('Redis stopped and started again mid-batch (AOF on): the batch still completes', async () => {
    const s = service('restart');
    const a = s.worker();
    const b = s.worker();
    await Promise.all([a, b].map((w) => w.waitForLog((l) => l.msg === 'workers started')));
    const batchId = await s.submit([sample.register, sample.csv]);
    await Promise.race([a, b].map((w) => w.waitForLog(startedOf(w, jobIds.ingest(batchId, 1)), 60_000)));
    await redis.stop();
    await sleep(1_500);
    await redis.start();
    const db = await s.db();
    const batch = await waitForBatch(db, batchId, { timeoutMs: 120_000 });
    expect(batch.status, batch.error ?? '').toBe('done');
    expect(batch.summary!.balanced).toBe(true);
    const stored = distinctLines(db);
    expect(stored.rows).toBe(batch.files[1]!.result!.accepted);
    expect(stored.keys).toBe(stored.rows);
    expect(a.proc.exitCode).toBe(null);
    expect(b.proc.exitCode).toBe(null);
    await s.close();
  }, 240_000);

  it('three workers started at the same moment register each schedule once', async () => {
    const s = service('schedules');
    const three = [s.worker(), s.worker(), s.worker()];
    await Promise.all(three.map((w) => w.waitForLog((l) => l.msg === 'workers started')));
    const connection = { url: redis.url };
    const reports = new Queue('reports', { connection, prefix: 'schedules' });
    const reminders = new Queue('reminders', { connection, prefix: 'schedules' });
    const yearly = await reports.getJobSchedulers();
    const daily = await reminders.getJobSchedulers();
    expect(yearly).toHaveLength(1);
    expect(daily).toHaveLength(1);
    expect(yearly[0]).toMatchObject({ key: 'yearly-reports', pattern: '0 6 15 1 *', tz: 'Europe/Stockholm' });
    expect(daily[0]).toMatchObject({ key: 'daily-reminders', pattern: '0 7 * * *', tz: 'Europe/Stockholm' });
    expect(await reports.getDelayedCount()).toBe(1);
    expect(await reminders.getDelayedCount()).toBe(1);
    // The next yearly run: 15 January at 06:00 in Stockholm (05:00 UTC, winter time).
    const [next] = await reports.getDelayed();
    const at = new Date(next!.timestamp + next!.delay);
    expect([at.getUTCMonth(), at.getUTCDate(), at.getUTCHours(), at.getUTCMinutes()]).toEqual([0, 15, 5, 0]);
    await reports.close();
    await reminders.close();
    await s.close();
  }, 240_000);

  it('SIGTERM during a job: the worker finishes it (or hands it back) and exits 0; the batch completes', async () => {
    const s = service('sigterm');
    // Finishes the active job within the shutdown timeout.
    const patient = s.worker({ CLAIMS_SHUTDOWN_TIMEOUT_MS: '60000' });
    await patient.waitForLog((l) => l.msg === 'workers started');
    const first = await s.submit([sample.register, sample.xlsx], join(s.dir, 'out-1'));
    await patient.waitForLog(startedOf(patient, jobIds.ingest(first, 1)), 60_000);
    await sleep(300);
    patient.kill('SIGTERM');
    expect(await patient.exited).toBe(0);
    expect(patient.logs.some((l) => l.jobId === jobIds.ingest(first, 1) && l.outcome === 'done')).toBe(true);
    const db = await s.db();
    expect(getBatch(db, first)!.files[1]!.result).not.toBeNull();

    // Hands the active job back when it cannot finish in time; another worker runs it again.
    const hasty = s.worker({ CLAIMS_SHUTDOWN_TIMEOUT_MS: '200' });
    await hasty.waitForLog((l) => l.msg === 'workers started');
    const second = await s.submit([sample.csv], join(s.dir, 'out-2'));
    await hasty.waitForLog(startedOf(hasty, jobIds.ingest(second, 0)), 60_000);
    await sleep(100);
    const t0 = Date.now();
    hasty.kill('SIGTERM');
    expect(await hasty.exited).toBe(0);
    expect(Date.now() - t0).toBeLessThan(10_000);

    const next = s.worker();
    for (const id of [first, second]) {
      const batch = await waitForBatch(db, id, { timeoutMs: 120_000 });
      expect(batch.status, batch.error ?? '').toBe('done');
    }
    const stored = distinctLines(db);
    expect(stored.keys).toBe(stored.rows);
    expect(next.output()).not.toMatch(/\d{8}-\d{4}/);
    await s.close();
  }, 240_000);

  it('no Redis: a producer fails fast with one clear line', async () => {
    const port = await freePort();
    const dir = tempDir('claims-robust-down-');
    const t0 = Date.now();
    const r = runCli(['submit', sample.register, '--db', join(dir, 'claims.db')], { env: { REDIS_URL: `redis://127.0.0.1:${port}` } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^claims: Redis svarar inte på redis://127\\.0\\.0\\.1:${port}.*\\n$`));
    expect(Date.now() - t0).toBeLessThan(10_000);
  });
});
