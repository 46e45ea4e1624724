#!/usr/bin/env node
// Times `ingestFiles` (the built code, dist/) on a fresh database: wall time, peak RSS of the whole
// process (worker thread included), rows/s. Usage: node bench/ingest.mjs FILE... [--db PATH] [--keep]
// Build first (npm run build). Prints one JSON line per file and a total.
import { rmSync } from 'node:fs';
import { ingestFiles } from '../dist/src/ingest/ingest.js';
import { openDb } from '../dist/src/store/db.js';
import { defaultConfig } from '../dist/src/config.js';

const args = process.argv.slice(2);
const dbAt = args.indexOf('--db');
const dbPath = dbAt >= 0 ? args.splice(dbAt, 2)[1] : 'bench/work/bench-ingest.db';
const keep = args.includes('--keep');
const files = args.filter((a) => a !== '--keep');
if (files.length === 0) {
  console.error('usage: node bench/ingest.mjs FILE... [--db PATH] [--keep]');
  process.exit(2);
}
if (!keep) for (const f of [dbPath, `${dbPath}-wal`, `${dbPath}-shm`]) rmSync(f, { force: true });

let peak = 0;
const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
const db = openDb(dbPath);
const t0 = performance.now();
let last = t0;
const reports = [];
for (const file of files) {
  const [r] = await ingestFiles(db, [file], { asOf: '2026-01-15', config: defaultConfig() });
  const now = performance.now();
  reports.push({
    file,
    kind: r.kind,
    rows: r.rows,
    accepted: r.accepted,
    rejected: r.rejected,
    duplicates: r.duplicates,
    ms: Math.round(now - last),
    error: r.error,
  });
  last = now;
}
const tClose = performance.now();
db.close();
clearInterval(sample);
peak = Math.max(peak, process.memoryUsage().rss);
for (const r of reports) console.log(JSON.stringify(r));
console.log(
  JSON.stringify({
    totalMs: Math.round(performance.now() - t0),
    closeMs: Math.round(performance.now() - tClose),
    peakRssMb: Math.round(peak / 1048576),
  }),
);
