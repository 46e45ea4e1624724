// The BullMQ dashboard in service mode: admins only (anonymous → sign-in, other roles → 403, the
// board's API 401/403 as JSON), read-only, our CSP kept, no personal data in what it shows; and
// no board at all without Redis.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForBatch } from '../../src/queue/index.js';
import { type TestRedis, startRedis } from '../helpers/redis.js';
import { type WorkerProcess, startWorker, stopWorkers } from '../helpers/service.js';
import { Jar, USERS, apiSignIn, exampleFiles, multipart, webFixture, type WebFixture } from './support.js';

let redis: TestRedis;
let f: WebFixture;
let worker: WorkerProcess;
const jars = { anonymous: new Jar(), handläggare: new Jar(), ekonomi: new Jar(), admin: new Jar() };
let officerCsrf = '';

beforeAll(async () => {
  redis = await startRedis();
  f = await webFixture({}, { redisUrl: redis.url });
  worker = startWorker(['--db', join(f.dir, 'claims.db'), '--out', f.outDir], { REDIS_URL: redis.url, CLAIMS_LOG_LEVEL: 'warn' });
  officerCsrf = (await apiSignIn(f.app, jars.handläggare, USERS.handläggare)).csrf;
  await apiSignIn(f.app, jars.ekonomi, USERS.ekonomi);
  await apiSignIn(f.app, jars.admin, USERS.admin);
  const body = multipart(exampleFiles('ex01_kostnadskravande'), { asOf: '2025-11-01' });
  const res = await f.app.inject({
    method: 'POST',
    url: '/api/batches',
    headers: { ...jars.handläggare.header(), ...body.headers, 'x-csrf-token': officerCsrf },
    payload: body.payload,
  });
  const { batchId } = res.json() as { batchId: string };
  expect((await waitForBatch(f.db, batchId, { timeoutMs: 60_000, pollMs: 50 })).status).toBe('done');
}, 120_000);
afterAll(async () => {
  if (worker) await stopWorkers([worker]);
  await f?.close();
  await redis?.dispose();
});

const get = (url: string, who: keyof typeof jars) => f.app.inject({ url, headers: jars[who].header() });

describe('the queue board (service mode)', () => {
  it('is for admins only, pages and API alike', async () => {
    const codes = async (url: string) =>
      Promise.all((['anonymous', 'handläggare', 'ekonomi', 'admin'] as const).map(async (w) => (await get(url, w)).statusCode));
    expect(await codes('/ko/bullmq/')).toEqual([302, 403, 403, 200]);
    expect(await codes('/ko/bullmq/api/queues')).toEqual([401, 403, 403, 200]);
    const refused = await get('/ko/bullmq/', 'ekonomi');
    expect(refused.body).toContain('<html lang="sv">');
    expect(refused.body).toContain('Åtkomst nekad');
    expect((await get('/ko', 'admin')).body).toContain('href="/ko/bullmq/"');
  });

  it('serves its page under our CSP, with base-uri self for its <base> and inline styles (never inline scripts)', async () => {
    const res = await get('/ko/bullmq/', 'admin');
    expect(res.body).toContain('<base href="/ko/bullmq/"');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("base-uri 'self'");
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp.match(/script-src [^;]*/)![0]).not.toContain('unsafe');
    const script = res.body.match(/src="(static\/js\/main[^"]+\.js)"/)![1]!;
    expect((await get(`/ko/bullmq/${script}`, 'admin')).statusCode).toBe(200);
  });

  it('lists every queue read-only, and the batch’s jobs carry ids and hashes, no identity number or file name', async () => {
    const res = await get('/ko/bullmq/api/queues?activeQueue=ingest&status=completed&page=1', 'admin');
    const body = res.json() as {
      queues: { name: string; readOnlyMode: boolean; counts: Record<string, number>; jobs: { data: Record<string, unknown> }[] }[];
    };
    expect(body.queues.map((q) => q.name).sort()).toEqual(['documents', 'evaluate', 'ingest', 'reminders', 'reports']);
    expect(body.queues.every((q) => q.readOnlyMode)).toBe(true);
    const ingest = body.queues.find((q) => q.name === 'ingest')!;
    expect(ingest.counts.completed).toBe(2);
    expect(ingest.jobs.map((j) => Object.keys(j.data).sort())).toEqual([0, 1].map(() => ['batchId', 'position', 'sha256', 'spoolPath']));
    expect(res.body).not.toMatch(/\d{8}-\d{4}/);
    expect(res.body).not.toContain('kostnader.xlsx');
    const retry = await f.app.inject({ method: 'PUT', url: '/ko/bullmq/api/queues/ingest/retry/failed', headers: jars.admin.header() });
    expect(retry.statusCode).toBe(405);
  });
});

describe('without Redis', () => {
  it('there is no board, and the Kö page does not offer it', async () => {
    const plain = await webFixture();
    try {
      const jar = new Jar();
      await apiSignIn(plain.app, jar, USERS.admin);
      expect((await plain.app.inject({ url: '/ko/bullmq/', headers: jar.header() })).statusCode).toBe(404);
      expect((await plain.app.inject({ url: '/ko', headers: jar.header() })).body).not.toContain('/ko/bullmq/');
    } finally {
      await plain.close();
    }
  });
});
