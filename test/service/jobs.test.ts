// The job tests, run on both backends (SPEC §7): BullMQ with two `claims worker` processes on a
// Redis this test starts, and the in-process backend with no Redis at all. A batch writes what
// `claims run` writes (its applications drawn in parts), a batch enqueued twice runs once, an
// unreadable file fails the batch in Swedish after one attempt, a payload holding a personnummer is
// refused on enqueue and on consume, reminders are written once and mailed as one digest over
// SMTP, and the yearly reports run is recorded.
import { Queue } from 'bullmq';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config.js';
import type { QueueBackend } from '../../src/queue/backend.js';
import { BullMqBackend } from '../../src/queue/bullmq.js';
import { spoolDirFor } from '../../src/queue/context.js';
import { PayloadError } from '../../src/queue/errors.js';
import { jobIds } from '../../src/queue/flows.js';
import { InProcessBackend } from '../../src/queue/in-process.js';
import type { Logger } from '../../src/queue/logger.js';
import { runJob } from '../../src/queue/runner.js';
import { enqueueBatch, submitBatch, waitForBatch } from '../../src/queue/submit.js';
import { getBatch } from '../../src/store/batches.js';
import { type Db, openDb } from '../../src/store/db.js';
import { listReminders } from '../../src/store/reminders.js';
import { listScheduledRuns } from '../../src/store/scheduled-runs.js';
import { runCli } from '../helpers/cli.js';
import { type TestRedis, freePort, startRedis } from '../helpers/redis.js';
import { type LogLine, type WorkerProcess, smallInputs, startWorker } from '../helpers/service.js';

const AS_OF = '2025-11-01';
const PART_SIZE = 2;

interface Mail {
  subject: string;
  text: string;
}

/** A real SMTP peer on loopback (no TLS, no auth): what the digest is sent to. */
async function startSmtp(): Promise<{ url: string; mails: Mail[]; close: () => Promise<void> }> {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, done) {
      let raw = '';
      stream.on('data', (d: Buffer) => (raw += d.toString('utf8')));
      stream.on('end', () => {
        const [head, ...body] = raw.split(/\r?\n\r?\n/);
        const subject = /^Subject: (.*)$/im.exec(head ?? '')?.[1] ?? '';
        mails.push({ subject, text: body.join('\n\n') });
        done();
      });
    },
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { url: `smtp://127.0.0.1:${port}`, mails, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Decodes a quoted-printable mail body (nodemailer's for non-ASCII text). */
function qp(text: string): string {
  return Buffer.from(
    text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
    'latin1',
  ).toString('utf8');
}

interface Harness {
  db: Db;
  dbPath: string;
  outDir: string;
  backend: QueueBackend;
  /** Every log line of the jobs, whichever process ran them. */
  logs(): LogLine[];
  /** Everything the job runners wrote (for the privacy check). */
  output(): string;
  /** The environment for a `claims submit` of this harness. */
  submitEnv: NodeJS.ProcessEnv;
  /** A job straight into the queue, past the enqueue check (only BullMQ has a way). */
  rawEnqueue?: (name: string, data: unknown, jobId: string) => Promise<{ attemptsMade: () => Promise<number>; failedReason: () => Promise<string> }>;
  close(): Promise<void>;
}

const temps: string[] = [];
afterAll(() => temps.forEach((t) => rmSync(t, { recursive: true, force: true })));
function tempDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  temps.push(d);
  return d;
}

function captureLogger(): { log: Logger; lines: LogLine[]; text: () => string } {
  const lines: LogLine[] = [];
  let text = '';
  const log = pino(
    { level: 'info' },
    {
      write: (line: string) => {
        text += line;
        lines.push(JSON.parse(line) as LogLine);
      },
    },
  );
  return { log, lines, text: () => text };
}

async function inProcessHarness(dir: string, smtpUrl: string): Promise<Harness> {
  const dbPath = join(dir, 'claims.db');
  const outDir = join(dir, 'worker-out');
  const db = openDb(dbPath);
  const { log, lines, text } = captureLogger();
  const backend = new InProcessBackend(
    {
      db,
      config: defaultConfig(),
      outDir,
      spoolDir: spoolDirFor(dbPath),
      mail: { url: smtpUrl, from: 'claims@test', to: ['ekonomi@test'] },
      log,
      documentPartSize: PART_SIZE,
    },
    { backoffScale: 0.001 },
  );
  await backend.start({ schedules: false });
  return {
    db,
    dbPath,
    outDir,
    backend,
    logs: () => lines,
    output: text,
    submitEnv: { REDIS_URL: '', CLAIMS_DOCUMENT_PART_SIZE: String(PART_SIZE) },
    close: async () => {
      await backend.close({ timeoutMs: 5_000 });
      db.close();
    },
  };
}

async function bullmqHarness(dir: string, smtpUrl: string, redis: TestRedis): Promise<Harness> {
  const dbPath = join(dir, 'claims.db');
  const outDir = join(dir, 'worker-out');
  const db = openDb(dbPath);
  const env = {
    REDIS_URL: redis.url,
    CLAIMS_DOCUMENT_PART_SIZE: String(PART_SIZE),
    CLAIMS_LOCK_DURATION_MS: '5000',
    CLAIMS_STALLED_INTERVAL_MS: '2000',
    SMTP_URL: smtpUrl,
    CLAIMS_MAIL_TO: 'ekonomi@test',
    CLAIMS_MAIL_FROM: 'claims@test',
  };
  const workers: WorkerProcess[] = [startWorker(['--db', dbPath, '--out', outDir], env), startWorker(['--db', dbPath, '--out', outDir], env)];
  await Promise.all(workers.map((w) => w.waitForLog((l) => l.msg === 'workers started')));
  const { log } = captureLogger();
  const backend = await BullMqBackend.connect({
    url: redis.url,
    db,
    log,
    settings: { dbPath, outDir, configPath: null, mail: null, logLevel: 'info', logTarget: 'stdout', redisUrl: redis.url, prefix: 'claims' },
  });
  const queues = new Map<string, Queue>();
  const queue = (name: string) => {
    let q = queues.get(name);
    if (!q) queues.set(name, (q = new Queue(name, { connection: { url: redis.url }, prefix: 'claims' })));
    return q;
  };
  return {
    db,
    dbPath,
    outDir,
    backend,
    logs: () => workers.flatMap((w) => w.logs),
    output: () => workers.map((w) => w.output()).join(''),
    submitEnv: { REDIS_URL: redis.url },
    rawEnqueue: async (name, data, jobId) => {
      await queue(name).add(name, data, { jobId, attempts: 3, backoff: { type: 'fixed', delay: 100 } });
      const job = async () => (await queue(name).getJob(jobId))!;
      return { attemptsMade: async () => (await job()).attemptsMade, failedReason: async () => (await job()).failedReason };
    },
    close: async () => {
      await backend.close({ timeoutMs: 5_000 });
      for (const q of queues.values()) await q.close();
      await Promise.all(workers.map((w) => (w.kill('SIGTERM'), w.exited)));
      db.close();
    },
  };
}

async function until<T>(what: string, fn: () => T | undefined | null | false, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

const started = (h: Harness, jobId: string) => h.logs().filter((l) => l.jobId === jobId && l.msg === 'job started').length;

describe.each(['bullmq', 'in-process'] as const)('the jobs on the %s backend', (kind) => {
  let redis: TestRedis | null = null;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let h: Harness;
  let dir: string;

  beforeAll(async () => {
    dir = tempDir(`claims-jobs-${kind}-`);
    smtp = await startSmtp();
    if (kind === 'bullmq') redis = await startRedis();
    h = kind === 'bullmq' ? await bullmqHarness(dir, smtp.url, redis!) : await inProcessHarness(dir, smtp.url);
  });
  afterAll(async () => {
    await h?.close();
    await smtp?.close();
    await redis?.dispose();
  });

  it('a batch writes what claims run writes, its applications drawn in parts', () => {
    const inputs = smallInputs(tempDir('claims-in-'));
    const runDir = tempDir('claims-run-');
    const run = runCli([
      'run',
      inputs.persons,
      inputs.costs,
      '--as-of',
      AS_OF,
      '--db',
      join(runDir, 'run.db'),
      '--out',
      join(runDir, 'out'),
      '--json',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const out = join(dir, 'submit-out');
    const submit = runCli(['submit', inputs.persons, inputs.costs, '--as-of', AS_OF, '--db', h.dbPath, '--out', out, '--wait', '--json'], {
      env: h.submitEnv,
    });
    expect(submit.code, submit.stderr).toBe(0);
    expect(submit.stderr).toMatch(/^claims: batch b_[a-z]{16}\n$/);

    // The same claims.json, byte for byte, and the same summary line but for the folder.
    expect(readFileSync(join(out, 'claims.json'), 'utf8')).toBe(readFileSync(join(runDir, 'out', 'claims.json'), 'utf8'));
    const ran = JSON.parse(run.stdout);
    const submitted = JSON.parse(submit.stdout);
    expect({ ...submitted, out: null }).toEqual({ ...ran, out: null });
    expect(ran.claims.ready.count).toBeGreaterThan(PART_SIZE);
    expect(readFileSync(join(out, 'reconciliation.json'), 'utf8')).toBe(readFileSync(join(runDir, 'out', 'reconciliation.json'), 'utf8'));
    expect(readFileSync(join(out, 'rejected-rows.csv'), 'utf8')).toBe(readFileSync(join(runDir, 'out', 'rejected-rows.csv'), 'utf8'));
    const pdfs = (d: string) =>
      readdirSync(join(d, 'applications'))
        .filter((f) => f.endsWith('.pdf'))
        .sort();
    expect(pdfs(out)).toEqual(pdfs(join(runDir, 'out')));
    for (const f of pdfs(out))
      expect(readFileSync(join(out, 'applications', f)).equals(readFileSync(join(runDir, 'out', 'applications', f)))).toBe(true);
    expect(readFileSync(join(out, 'applications', '.inputs.json'), 'utf8')).toBe(
      readFileSync(join(runDir, 'out', 'applications', '.inputs.json'), 'utf8'),
    );
    expect(readdirSync(join(out, 'applications', '.parts'))).toEqual([]);

    const batchId = /b_[a-z]{16}/.exec(submit.stderr)![0];
    const batch = getBatch(h.db, batchId)!;
    expect(batch).toMatchObject({ status: 'done', progress: 1, error: null, documentParts: Math.ceil(ran.claims.ready.count / PART_SIZE) });
    expect(batch.files.map((f) => f.name)).toEqual([inputs.persons, inputs.costs]);
    // `claims batches` lists it, with counts and no file content.
    const listed = runCli(['batches', '--db', h.dbPath, '--json']);
    expect(listed.code, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout).batches[0]).toMatchObject({
      id: batchId,
      status: 'done',
      progress: 1,
      files: 2,
      accepted: ran.files[0].accepted + ran.files[1].accepted,
      documents: ran.documents,
      error: null,
    });
    // The uploads leave the spool once their lines are stored.
    expect(readdirSync(spoolDirFor(h.dbPath)).filter((f) => /^[0-9a-f]{64}$/.test(f))).toEqual([]);
  });

  it('the same batch enqueued twice is processed once', async () => {
    const inputs = smallInputs(tempDir('claims-in-'));
    writeFileSync(
      inputs.costs,
      `${readFileSync(inputs.costs, 'utf8')}\n19881111-1015;S-9;2025-09-03;1 000,00;vård;akut;slutenvård_somatik;0;;ja;Medicin\n`,
    );
    const deps = { db: h.db, backend: h.backend, spoolDir: spoolDirFor(h.dbPath) };
    const { batchId } = await submitBatch(deps, {
      files: [{ path: inputs.persons }, { path: inputs.costs }],
      asOf: AS_OF,
      outDir: join(dir, 'twice'),
      submittedBy: 'test',
    });
    await enqueueBatch(deps, getBatch(h.db, batchId)!);
    const batch = await waitForBatch(h.db, batchId, { timeoutMs: 60_000 });
    expect(batch.status, batch.error ?? '').toBe('done');
    await enqueueBatch(deps, batch);
    await sleep(1_500);
    for (const id of [jobIds.ingest(batchId, 0), jobIds.ingest(batchId, 1), jobIds.evaluate(batchId)]) expect(started(h, id), id).toBe(1);
    // The plan step, then the final step of the same job.
    expect(started(h, jobIds.documents(batchId))).toBe(2);
    expect(batch.files[1]!.result).toMatchObject({ accepted: 1, rejected: 1, duplicates: 10, alreadyIngested: false });
    expect(batch.files[0]!.result).toMatchObject({ alreadyIngested: true });
  });

  it('an unreadable file: the batch fails with a Swedish message naming the file, after one attempt', async () => {
    const inputs = smallInputs(tempDir('claims-in-'));
    const broken = join(tempDir('claims-in-'), 'trasig-export.xlsx');
    writeFileSync(broken, Buffer.from([0x00, 0x01, 0x02, 0x03, 0x00, 0x00, 0x41]));
    const deps = { db: h.db, backend: h.backend, spoolDir: spoolDirFor(h.dbPath) };
    const { batchId } = await submitBatch(deps, {
      files: [{ path: inputs.persons }, { path: broken, name: 'trasig-export.xlsx' }],
      asOf: AS_OF,
      submittedBy: 'test',
    });
    const batch = await waitForBatch(h.db, batchId, { timeoutMs: 60_000 });
    expect(batch.status).toBe('failed');
    expect(batch.error).toBe('trasig-export.xlsx: filen är inget kalkylark (varken xlsx eller csv)');
    expect(batch.files[1]!.result).toMatchObject({ file: 'trasig-export.xlsx', error: batch.error });
    await sleep(500);
    expect(started(h, jobIds.ingest(batchId, 1))).toBe(1);
    expect(started(h, jobIds.evaluate(batchId))).toBe(0);
    // What the queue keeps of the failure names neither the file nor anyone.
    if (h.rawEnqueue) {
      const q = new Queue('ingest', { connection: { url: redis!.url }, prefix: 'claims' });
      const job = (await q.getJob(jobIds.ingest(batchId, 1)))!;
      expect(job.attemptsMade).toBe(1);
      expect(job.failedReason).not.toContain('trasig');
      expect(JSON.stringify(job.data)).not.toContain('trasig');
      await q.close();
    }
  });

  it('a payload holding a personnummer is refused, on enqueue and on consume', async () => {
    const sha = 'a'.repeat(64);
    const refused = [
      { name: 'ingest', payload: { batchId: 'b_abcdefghjkmnpqrs', position: 0, spoolPath: `/var/spool/19850101-1234/${sha}`, sha256: sha } },
      {
        name: 'ingest',
        payload: { batchId: 'b_abcdefghjkmnpqrs', position: 0, spoolPath: `/var/spool/${sha}`, sha256: sha, personId: '19850101-1234' },
      },
      { name: 'evaluate', payload: { batchId: '198501011234' } },
      { name: 'documents', payload: { batchId: 'b_abcdefghjkmnpqrs', step: 'plan', note: 'Anna 850101-1234' } },
      { name: 'reminders', payload: { asOf: '19850101-1234' } },
    ];
    for (const [i, r] of refused.entries()) {
      await expect(h.backend.enqueue({ ...r, jobId: `refused-${i}` })).rejects.toBeInstanceOf(PayloadError);
    }
    // On consume: a job that reached the queue some other way is refused by the worker, once, unretried.
    const bad = { batchId: 'b_abcdefghjkmnpqrs', step: 'plan', personId: '19850101-1234' };
    if (h.rawEnqueue) {
      const job = await h.rawEnqueue('documents', bad, 'smuggled-1');
      await until('the refusal', () => h.logs().find((l) => l.jobId === 'smuggled-1' && l.outcome === 'refused'));
      await sleep(500);
      expect(await job.attemptsMade()).toBe(1);
      expect(await job.failedReason()).toMatch(/jobbets data avvisades \(fält: personId\)/);
    } else {
      const { log, lines, text } = captureLogger();
      const base = { db: h.db, config: defaultConfig(), outDir: h.outDir, spoolDir: spoolDirFor(h.dbPath), mail: null, log };
      await expect(runJob('documents', bad, base, { jobId: 'smuggled-1', attemptsMade: 0 })).rejects.toMatchObject({ name: 'UnrecoverableError' });
      expect(lines.find((l) => l.jobId === 'smuggled-1')).toMatchObject({ outcome: 'refused' });
      expect(text()).not.toContain('19850101-1234');
    }
    expect(h.output()).not.toMatch(/\d{8}-\d{4}/);
  });

  it('reminders: each warning is written once and mailed as one digest a day over SMTP', async () => {
    const runs = () => listScheduledRuns(h.db, { job: 'reminders' });
    const enqueue = async (jobId: string, asOf: string) => {
      const before = runs().filter((r) => r.status === 'done').length;
      await h.backend.enqueue({ name: 'reminders', payload: { asOf }, jobId });
      await until('the reminders run', () => runs().filter((r) => r.status === 'done').length > before);
    };
    smtp.mails.length = 0;
    // 46 days before the kostnadskrävande deadlines (2026-06-30): the 60-day warnings.
    await enqueue('reminders-a', '2026-05-15');
    const first = listReminders(h.db);
    expect(first.length).toBeGreaterThan(0);
    expect(new Set(first.map((r) => r.daysBefore))).toEqual(new Set([60]));
    expect(smtp.mails).toHaveLength(1);
    const mail = qp(smtp.mails[0]!.text);
    for (const r of first) expect(mail).toContain(r.claimId);
    expect(mail).toContain('19881111-****');
    expect(mail).not.toMatch(/\d{8}-\d{4}/);
    expect(mail).not.toMatch(/F43|Anna|Medicin/);

    // The same day again writes and mails nothing new.
    await enqueue('reminders-b', '2026-05-15');
    expect(listReminders(h.db)).toHaveLength(first.length);
    expect(smtp.mails).toHaveLength(1);

    // Ten days before: the 14-day warnings, one more digest.
    await enqueue('reminders-c', '2026-06-20');
    expect(listReminders(h.db).filter((r) => r.daysBefore === 14).length).toBeGreaterThan(0);
    expect(smtp.mails).toHaveLength(2);
    expect(runs()[0]).toMatchObject({ status: 'done' });
    expect(JSON.parse(runs()[0]!.result!)).toMatchObject({ asOf: '2026-06-20', mailed: expect.any(Number) });
  });

  it('the yearly reports: written into the worker folder, the run recorded with its start, end and result', async () => {
    await h.backend.enqueue({ name: 'reports', payload: { year: 2025, asOf: '2026-01-15' }, jobId: 'reports-2025-test' });
    const run = await until('the reports run', () => listScheduledRuns(h.db, { job: 'reports' }).find((r) => r.status === 'done'), 60_000);
    expect(run.runKey).toBe('reports-2025-test');
    expect(run.finishedAt! >= run.startedAt).toBe(true);
    const result = JSON.parse(run.result!) as { year: number; files: string[] };
    expect(result.year).toBe(2025);
    expect(readdirSync(join(h.outDir, 'reports', '2025')).sort()).toEqual(['skr.pdf', 'skr.xlsx', 'socialstyrelsen.pdf', 'socialstyrelsen.xlsx']);
  });
});
