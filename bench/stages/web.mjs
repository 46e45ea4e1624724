#!/usr/bin/env node
// The web pages under load (issue 9): `claims serve`'s app on a copy of a database `claims run`
// made, on a loopback port, driven by autocannon with a signed-in case officer's cookie. Per page:
// requests per second, median and p97.5 latency (autocannon's nearest percentile above p95, so
// p95 ≤ p97.5: the goal is p95 < 100 ms). Batches are not run (the queue is a stand-in).
// Usage: node bench/stages/web.mjs --db DB --out OUT [--seconds S] [--connections C] [--as-of D]
//   → one JSON line {claims, lines, pages: {url: {rps, p50Ms, p97_5Ms}}}
import autocannon from 'autocannon';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { loadConfig } from '../../dist/src/config.js';
import { openDb } from '../../dist/src/store/db.js';
import { buildApp } from '../../dist/src/web/app.js';
import { createUser } from '../../dist/src/web/services/accounts.js';

const { values: o } = parseArgs({
  options: {
    db: { type: 'string' },
    out: { type: 'string' },
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '4' },
    'as-of': { type: 'string', default: '2026-01-15' },
  },
});
if (!o.db || !o.out) {
  console.error('usage: node bench/stages/web.mjs --db DB --out OUT [--seconds S] [--connections C] [--as-of D]');
  process.exit(2);
}

// A copy: the bench user and the sessions must not land in the measured database.
const work = mkdtempSync(join(tmpdir(), 'claims-web-bench-'));
const dbPath = join(work, 'claims.db');
copyFileSync(o.db, dbPath);
const db = openDb(dbPath);
const password = 'bench lösenord 12345';
await createUser(db, 'bench', { name: 'bench', role: 'handläggare', password });
const backend = { kind: 'in-process', enqueue: async () => {}, start: async () => {}, close: async () => {} };
const app = await buildApp({
  db,
  backend,
  spoolDir: join(work, 'spool'),
  outDir: o.out,
  config: loadConfig(undefined),
  log: pino({ level: 'silent' }),
  secureCookies: false,
  today: () => o['as-of'],
  signInAttemptsPerMinute: 1000,
});
const base = await app.listen({ port: 0, host: '127.0.0.1' });
const signIn = await fetch(`${base}/api/session`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ username: 'bench', password }),
});
const cookie = signIn.headers
  .getSetCookie()
  .map((c) => c.split(';')[0])
  .join('; ');
const claim = db.prepare("SELECT id FROM claims WHERE status = 'ready' ORDER BY id LIMIT 1").pluck().get();
const quarter = db.prepare('SELECT quarter FROM claims WHERE quarter IS NOT NULL GROUP BY quarter ORDER BY COUNT(*) DESC LIMIT 1').pluck().get();
const pages = [
  '/',
  '/ansokningar',
  `/ansokningar?status=ready&rule=kostnadskravande&quarter=${quarter}`,
  `/ansokningar?within=60`,
  `/ansokningar/${claim}`,
  '/frister',
];

const result = {
  connections: Number(o.connections),
  claims: db.prepare('SELECT COUNT(*) FROM claims').pluck().get(),
  lines: db.prepare('SELECT COUNT(*) FROM cost_lines').pluck().get(),
  pages: {},
};
for (const path of pages) {
  const r = await autocannon({ url: `${base}${path}`, headers: { cookie }, connections: Number(o.connections), duration: Number(o.seconds) });
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`${path}: ${r.non2xx} answers not 2xx, ${r.errors} errors`);
  result.pages[path] = { rps: Math.round(r.requests.average), p50Ms: r.latency.p50, p97_5Ms: r.latency.p97_5 };
  console.error(
    `${path.padEnd(64)} ${String(Math.round(r.requests.average)).padStart(6)} req/s  p50 ${r.latency.p50} ms  p97.5 ${r.latency.p97_5} ms`,
  );
}
await app.close();
db.close();
rmSync(work, { recursive: true, force: true });
console.log(JSON.stringify(result));
