#!/usr/bin/env node
// Service mode (issue 8), measured side by side in one process that runs its own Redis (a free
// port, AOF on, in WORK) and `claims worker` processes:
// - large: `claims run R C` against `claims submit R C --wait` with two workers on the same files
//   (fresh databases, the workers started and idle before the clock starts); both timed from spawn
//   to exit of the command. overhead = queue / run − 1. The two claims.json must be equal.
// - documents: on copies of the database the queue evaluated, a batch with no files (evaluate has
//   nothing to do, then every application is drawn into an empty folder) with one worker and with
//   two. Each configuration runs it once untimed first (sandbox threads warm, as in a service that
//   has been up), then timed from enqueue to the batch's finish; `partsSeconds` is the drawing alone
//   (first part started to last part finished, from the workers' logs). speedup = one / two.
// - small: two workers, a register batch first (untimed), then BATCHES batches of one small cost
//   csv each (five lines of the sample, in order) submitted as fast as the producer can; latency of
//   a batch = its finish − its creation (the rows in SQLite); batchesPerSecond = BATCHES / (last
//   finish − first creation).
// Usage: node bench/stages/service.mjs --register R --costs C --as-of D --work DIR [--batches N]
//   → one JSON line {large, documents, small}
import { spawn, execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync, closeSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { BullMqBackend } from '../../dist/src/queue/bullmq.js';
import { spoolDirFor } from '../../dist/src/queue/context.js';
import { createLogger } from '../../dist/src/queue/logger.js';
import { submitBatch, waitForBatch } from '../../dist/src/queue/submit.js';
import { getBatch, listBatches } from '../../dist/src/store/batches.js';
import { openDb } from '../../dist/src/store/db.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CLAIMS = join(ROOT, 'bin/claims.js');
const { values: o } = parseArgs({
  options: {
    register: { type: 'string' },
    costs: { type: 'string' },
    'as-of': { type: 'string' },
    work: { type: 'string' },
    batches: { type: 'string', default: '1000' },
  },
});
if (!o.register || !o.costs || !o['as-of'] || !o.work) {
  console.error('usage: node bench/stages/service.mjs --register R --costs C --as-of D --work DIR [--batches N]');
  process.exit(2);
}
const AS_OF = o['as-of'];
const WORK = resolve(o.work);
const BATCHES = Number(o.batches);
const log = (m) => process.stderr.write(`bench service: ${m}\n`);
rmSync(WORK, { recursive: true, force: true });
mkdirSync(WORK, { recursive: true });

// ---- Redis and workers --------------------------------------------------------------------------

const port = await new Promise((r) => {
  const s = createServer();
  s.listen(0, '127.0.0.1', () => {
    const p = s.address().port;
    s.close(() => r(p));
  });
});
const REDIS_URL = `redis://127.0.0.1:${port}`;
mkdirSync(join(WORK, 'redis'));
const redis = spawn(
  'redis-server',
  [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'yes',
    '--dir',
    join(WORK, 'redis'),
    '--maxmemory-policy',
    'noeviction',
  ],
  { stdio: 'ignore' },
);
for (let i = 0; ; i++) {
  try {
    if (execFileSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() === 'PONG') break;
  } catch {
    if (i > 100) throw new Error('redis-server did not start');
  }
  await sleep(50);
}

const running = [];
/** `n` workers on DB with their own queue prefix; resolves once all have started. */
async function workers(n, db, prefix, out) {
  const started = [];
  for (let i = 0; i < n; i++) {
    const logFile = join(WORK, `${prefix}-worker-${i}.log`);
    const fd = openSync(logFile, 'w');
    const proc = spawn(process.execPath, [CLAIMS, 'worker', '--db', db, '--out', out], {
      env: { ...process.env, REDIS_URL, CLAIMS_QUEUE_PREFIX: prefix },
      stdio: ['ignore', fd, 'inherit'],
    });
    closeSync(fd);
    const w = { proc, logFile, exited: new Promise((r) => proc.on('exit', r)) };
    running.push(w);
    started.push(w);
  }
  for (const w of started) {
    for (;;) {
      if (existsSync(w.logFile) && readFileSync(w.logFile, 'utf8').includes('"workers started"')) break;
      if (w.proc.exitCode !== null) throw new Error(`a worker exited: ${readFileSync(w.logFile, 'utf8').slice(-1000)}`);
      await sleep(50);
    }
  }
  return {
    logs: () =>
      started.flatMap((w) =>
        readFileSync(w.logFile, 'utf8')
          .split('\n')
          .filter((l) => l.startsWith('{'))
          .map((l) => JSON.parse(l)),
      ),
    stop: async () => {
      for (const w of started) w.proc.kill('SIGTERM');
      await Promise.all(started.map((w) => w.exited));
    },
  };
}

function timed(args, env = {}) {
  return new Promise((resolvePromise, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, [CLAIMS, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      if (code !== 0) reject(new Error(`claims ${args[0]} exited ${code}: ${err.slice(-1000)}`));
      else resolvePromise({ seconds, out });
    });
  });
}

async function producer(dbPath, prefix) {
  const db = openDb(dbPath);
  const backend = await BullMqBackend.connect({
    url: REDIS_URL,
    prefix,
    db,
    log: createLogger({ target: 'silent' }),
    settings: { dbPath, outDir: WORK, configPath: null, mail: null, logLevel: 'silent', logTarget: 'silent', redisUrl: REDIS_URL, prefix },
  });
  return { db, backend, deps: { db, backend, spoolDir: spoolDirFor(dbPath) }, close: async () => (await backend.close(), db.close()) };
}

const copyDb = (from, to) => {
  for (const s of ['', '-wal', '-shm']) if (existsSync(from + s)) copyFileSync(from + s, to + s);
};
const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

try {
  // ---- one large batch: the queue against claims run ---------------------------------------------
  log('large batch: claims run');
  const run = await timed(['run', o.register, o.costs, '--as-of', AS_OF, '--db', join(WORK, 'run.db'), '--out', join(WORK, 'run-out'), '--json']);
  const queueDb = join(WORK, 'queue.db');
  const two = await workers(2, queueDb, 'large', join(WORK, 'large-out'));
  log('large batch: claims submit --wait, two workers');
  const queued = await timed(
    ['submit', o.register, o.costs, '--as-of', AS_OF, '--db', queueDb, '--out', join(WORK, 'queue-out'), '--wait', '--json'],
    { REDIS_URL, CLAIMS_QUEUE_PREFIX: 'large' },
  );
  await two.stop();
  const sameClaims = readFileSync(join(WORK, 'run-out', 'claims.json'), 'utf8') === readFileSync(join(WORK, 'queue-out', 'claims.json'), 'utf8');
  const runOut = JSON.parse(run.out);
  const large = {
    runSeconds: run.seconds,
    queueSeconds: queued.seconds,
    overhead: queued.seconds / run.seconds - 1,
    sameClaims,
    documents: runOut.documents,
  };

  // ---- the documents stage, one worker against two ------------------------------------------------
  const documents = {};
  for (const n of [1, 2]) {
    const db = join(WORK, `docs-${n}.db`);
    copyDb(queueDb, db);
    const ws = await workers(n, db, `docs${n}`, join(WORK, `docs-${n}-out`));
    const p = await producer(db, `docs${n}`);
    const once = async (out) => {
      const t0 = performance.now();
      const { batchId } = await submitBatch(p.deps, { files: [], asOf: AS_OF, outDir: out, submittedBy: 'bench' });
      const b = await waitForBatch(p.db, batchId, { pollMs: 20 });
      if (b.status !== 'done') throw new Error(`documents batch ${b.status}: ${b.error}`);
      return { batchId, seconds: (performance.now() - t0) / 1000, documents: b.summary.documents, parts: b.documentParts };
    };
    log(`documents: ${n} worker(s), warm-up`);
    await once(join(WORK, `docs-${n}-warm`));
    log(`documents: ${n} worker(s), measured`);
    const m = await once(join(WORK, `docs-${n}-measured`));
    const partLogs = ws.logs().filter((l) => typeof l.jobId === 'string' && l.jobId.startsWith(`${m.batchId}-documents-`));
    const startedAt = Math.min(...partLogs.filter((l) => l.msg === 'job started').map((l) => Date.parse(l.time)));
    const finishedAt = Math.max(...partLogs.filter((l) => l.msg === 'job finished').map((l) => Date.parse(l.time)));
    documents[n === 1 ? 'oneWorker' : 'twoWorkers'] = {
      seconds: m.seconds,
      partsSeconds: (finishedAt - startedAt) / 1000,
      parts: m.parts,
      documents: m.documents,
    };
    await p.close();
    await ws.stop();
  }
  documents.speedup = documents.oneWorker.seconds / documents.twoWorkers.seconds;
  documents.partsSpeedup = documents.oneWorker.partsSeconds / documents.twoWorkers.partsSeconds;

  // ---- many small batches through two workers -----------------------------------------------------
  const smallDb = join(WORK, 'small.db');
  const ws = await workers(2, smallDb, 'small', join(WORK, 'small-out'));
  const p = await producer(smallDb, 'small');
  const { batchId: registerBatch } = await submitBatch(p.deps, { files: [{ path: o.register }], asOf: AS_OF, submittedBy: 'bench' });
  await waitForBatch(p.db, registerBatch, { pollMs: 20 });
  const [header, ...lines] = readFileSync(o.costs, 'utf8').split(/\r?\n/).filter(Boolean);
  const perBatch = 5;
  if (lines.length < BATCHES * perBatch) throw new Error(`the cost file has ${lines.length} lines: too few for ${BATCHES} batches of ${perBatch}`);
  const dir = join(WORK, 'small-files');
  mkdirSync(dir);
  const files = Array.from({ length: BATCHES }, (_, i) => {
    const f = join(dir, `kostnader-${i}.csv`);
    writeFileSync(f, `${header}\n${lines.slice(i * perBatch, (i + 1) * perBatch).join('\n')}\n`);
    return f;
  });
  log(`small batches: ${BATCHES} through two workers`);
  const ids = [];
  for (const f of files) ids.push((await submitBatch(p.deps, { files: [{ path: f }], asOf: AS_OF, submittedBy: 'bench' })).batchId);
  for (const id of ids) {
    const b = await waitForBatch(p.db, id, { pollMs: 50 });
    if (b.status !== 'done') throw new Error(`small batch ${b.status}: ${b.error}`);
  }
  const rows = ids.map((id) => getBatch(p.db, id));
  const latencies = rows.map((b) => (Date.parse(b.finishedAt) - Date.parse(b.createdAt)) / 1000).sort((a, b) => a - b);
  const first = Math.min(...rows.map((b) => Date.parse(b.createdAt)));
  const last = Math.max(...rows.map((b) => Date.parse(b.finishedAt)));
  const small = {
    batches: BATCHES,
    linesPerBatch: perBatch,
    seconds: (last - first) / 1000,
    batchesPerSecond: BATCHES / ((last - first) / 1000),
    p50Seconds: pct(latencies, 50),
    p95Seconds: pct(latencies, 95),
    maxSeconds: latencies[latencies.length - 1],
  };
  if (listBatches(p.db, { limit: BATCHES + 10 }).some((b) => b.status !== 'done')) throw new Error('a batch did not finish');
  await p.close();
  await ws.stop();

  console.log(JSON.stringify({ large, documents, small }));
} finally {
  for (const w of running) if (w.proc.exitCode === null) w.proc.kill('SIGKILL');
  redis.kill('SIGTERM');
  await new Promise((r) => redis.on('exit', r));
  rmSync(WORK, { recursive: true, force: true });
}
