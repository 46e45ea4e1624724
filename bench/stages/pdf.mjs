#!/usr/bin/env node
// Application PDFs per second: writes the application PDF of every ready claim in DB (a database
// `claims run` evaluated) into the empty folder OUT/applications with `writeApplications`, the code
// `claims run` uses (src/pipeline/applications.ts → renderApplicationPdf). Two timed calls:
// - firstSeconds: the first ready claim alone, into OUT/first (loads templates and fonts: the cost
//   paid once per process);
// - seconds: every ready claim into OUT — per person reading its cost lines, the claim detail, the
//   input hash, rendering and the atomic file writes. perSecond = pdfs / seconds.
// Not timed: process start, module loading, opening the database, listing claims and persons.
// Usage: node bench/stages/pdf.mjs DB OUT AS_OF
//   → one JSON line {firstSeconds, seconds, pdfs, perSecond, bytes}
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeApplications } from '../../dist/src/pipeline/applications.js';
import { listClaims } from '../../dist/src/store/claims.js';
import { openDb } from '../../dist/src/store/db.js';
import { personResolver } from '../../dist/src/domain/person-of-line.js';
import { loadAllPersons } from '../../dist/src/store/persons.js';
import { defaultConfig } from '../../dist/src/config.js';

const [dbPath, outDir, asOf] = process.argv.slice(2);
if (!dbPath || !outDir || !asOf) {
  console.error('usage: node bench/stages/pdf.mjs DB OUT AS_OF');
  process.exit(2);
}
const db = openDb(dbPath);
const config = defaultConfig();
const claims = listClaims(db);
const persons = loadAllPersons(db);
const resolve = personResolver(persons);
const ready = claims.find((c) => c.status === 'ready' && persons.get(c.personId)?.group !== 'papperslös');
let t0 = performance.now();
if (ready) await writeApplications(db, { outDir: join(outDir, 'first'), asOf, config, claims: [ready], persons, resolve });
const firstSeconds = (performance.now() - t0) / 1000;
t0 = performance.now();
// As `claims run` draws them (src/pipeline/run.ts).
const written = await writeApplications(db, { outDir, asOf, config, claims, persons, resolve });
const seconds = (performance.now() - t0) / 1000;
db.close();
const dir = join(outDir, 'applications');
const files = readdirSync(dir).filter((f) => f.endsWith('.pdf'));
const bytes = files.reduce((s, f) => s + statSync(join(dir, f)).size, 0);
console.log(
  JSON.stringify({
    firstSeconds,
    seconds,
    pdfs: written.documented.size,
    failed: written.errors.length,
    files: files.length,
    perSecond: written.documented.size / seconds,
    bytes,
  }),
);
