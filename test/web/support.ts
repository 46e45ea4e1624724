// The web tests' pieces: an app on a scratch database with the in-process queue, one user per
// role, a cookie jar, sign-in helpers, and the example input files.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { pino } from 'pino';
import { Writable } from 'node:stream';
import { loadConfig } from '../../src/config.js';
import { openQueueBackend, spoolDirFor, waitForBatch } from '../../src/queue/index.js';
import type { QueueBackend } from '../../src/queue/backend.js';
import { type Db, openDb } from '../../src/store/db.js';
import type { Role } from '../../src/store/users.js';
import { buildApp } from '../../src/web/app.js';
import type { WebDeps } from '../../src/web/deps.js';
import { createUser } from '../../src/web/services/accounts.js';

export const PASSWORD = 'ett långt lösenord 123';
export const USERS: Record<Role, string> = { handläggare: 'hanna', ekonomi: 'erik', admin: 'alma' };
export const EXAMPLES = join(import.meta.dirname, '..', 'fixtures', 'examples');

export interface WebFixture {
  app: FastifyInstance;
  db: Db;
  dir: string;
  outDir: string;
  backend: QueueBackend;
  /** Everything the server logged. */
  logs(): string;
  close(): Promise<void>;
}

/** `redisUrl`: service mode, the producer side only (the test starts `claims worker` itself); else the in-process backend. */
export async function webFixture(overrides: Partial<WebDeps> = {}, opts: { redisUrl?: string } = {}): Promise<WebFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'web-test-'));
  const dbPath = join(dir, 'claims.db');
  const outDir = join(dir, 'out');
  const db = openDb(dbPath);
  const config = loadConfig(undefined);
  let logged = '';
  const sink = new Writable({
    write(chunk, _enc, cb) {
      logged += String(chunk);
      cb();
    },
  });
  const log = pino({ level: 'info' }, sink);
  const backend = await openQueueBackend({ db, dbPath, outDir, config, configPath: null, redisUrl: opts.redisUrl ?? null, log });
  // Sandboxed BullMQ processors run the built code: service-mode tests run `claims worker` processes.
  if (!opts.redisUrl) await backend.start({ schedules: false });
  const app = await buildApp({
    db,
    backend,
    spoolDir: spoolDirFor(dbPath),
    outDir,
    config,
    log,
    secureCookies: false,
    today: () => '2025-11-01',
    // The rate limit has its own test (with a small limit); the others sign in often.
    signInAttemptsPerMinute: 1000,
    ...overrides,
  });
  for (const [role, name] of Object.entries(USERS) as [Role, string][]) await createUser(db, 'test', { name, role, password: PASSWORD });
  return {
    app,
    db,
    dir,
    outDir,
    backend,
    logs: () => logged,
    close: async () => {
      await app.close();
      await backend.close({ timeoutMs: 10_000 });
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Cookies as a browser keeps them for one site. */
export class Jar {
  readonly cookies = new Map<string, string>();

  take(res: LightMyRequestResponse): LightMyRequestResponse {
    for (const c of res.cookies as { name: string; value: string; expires?: Date; maxAge?: number }[]) {
      if (c.value === '' || (c.expires && c.expires.getTime() < Date.now()) || c.maxAge === 0) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    return res;
  }

  header(): Record<string, string> {
    return this.cookies.size ? { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {};
  }
}

/** Signs in through the API; the jar then holds the session, and the answer's CSRF token is returned. */
export async function apiSignIn(app: FastifyInstance, jar: Jar, name: string, password = PASSWORD): Promise<{ status: number; csrf: string }> {
  const res = jar.take(await app.inject({ method: 'POST', url: '/api/session', headers: jar.header(), payload: { username: name, password } }));
  return { status: res.statusCode, csrf: res.statusCode === 200 ? (res.json() as { csrfToken: string }).csrfToken : '' };
}

/** The CSRF token of a page's first form (the page's cookies go into the jar). */
export async function formToken(app: FastifyInstance, jar: Jar, url: string): Promise<string> {
  const res = jar.take(await app.inject({ method: 'GET', url, headers: jar.header() }));
  const m = res.body.match(/name="_csrf" value="([^"]+)"/);
  if (!m) throw new Error(`ingen CSRF-token på ${url} (${res.statusCode})`);
  return m[1]!;
}

/** A form post, urlencoded; repeated keys for arrays. */
export async function postForm(app: FastifyInstance, jar: Jar, url: string, fields: Record<string, string | string[]>) {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
  return jar.take(
    await app.inject({
      method: 'POST',
      url,
      headers: { ...jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: body.toString(),
    }),
  );
}

/** A multipart body with `files` fields and other text fields. */
export function multipart(
  files: { name: string; bytes: Uint8Array }[],
  fields: Record<string, string> = {},
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----claims${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  for (const f of files) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${f.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
    );
    parts.push(Buffer.from(f.bytes));
    parts.push(Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** Uploads files as a batch through the API and waits for it; the batch must end done. */
export async function runBatch(
  f: Pick<WebFixture, 'app' | 'db'>,
  jar: Jar,
  csrf: string,
  files: { name: string; bytes: Buffer }[],
  asOf: string,
): Promise<string> {
  const body = multipart(files, { asOf });
  const res = await f.app.inject({
    method: 'POST',
    url: '/api/batches',
    headers: { ...jar.header(), ...body.headers, 'x-csrf-token': csrf },
    payload: body.payload,
  });
  const { batchId } = res.json() as { batchId: string };
  const batch = await waitForBatch(f.db, batchId, { timeoutMs: 60_000, pollMs: 50 });
  if (batch.status !== 'done') throw new Error(`batch ${batchId}: ${batch.status} ${batch.error ?? ''}`);
  return batchId;
}

export function exampleFiles(name: 'ex01_kostnadskravande' | 'ex02_varaktig'): { name: string; bytes: Buffer }[] {
  const files = name === 'ex01_kostnadskravande' ? ['personer.xlsx', 'kostnader.xlsx'] : ['persons.csv', 'costs.csv'];
  return files.map((f) => ({ name: f, bytes: readFileSync(join(EXAMPLES, name, f)) }));
}
