#!/usr/bin/env node
// Evaluation stage: opens DB (a copy of an ingested database that was never evaluated) and runs a
// full evaluation of every stored line, `evaluateStore(db, { asOf, config, full: true })`, the
// function `claims run` calls. Timed: that call until its promise settles, i.e. loading persons and
// frozen claims, reading every line from SQLite grouped per person (on a worker thread where the
// code does so: max RSS then counts both threads), the rules for every person, and saving claims and
// fates in one transaction. Not timed: process start, module loading, opening the database.
// Usage: node bench/stages/evaluate.mjs DB AS_OF   → one JSON line {seconds, persons, lines}
import { evaluateStore } from '../../dist/src/pipeline/evaluate.js';
import { openDb } from '../../dist/src/store/db.js';
import { defaultConfig } from '../../dist/src/config.js';

const [dbPath, asOf] = process.argv.slice(2);
if (!dbPath || !asOf) {
  console.error('usage: node bench/stages/evaluate.mjs DB AS_OF');
  process.exit(2);
}
const db = openDb(dbPath);
const config = defaultConfig();
const t0 = performance.now();
const summary = await evaluateStore(db, { asOf, config, full: true });
const seconds = (performance.now() - t0) / 1000;
db.close();
console.log(JSON.stringify({ seconds, persons: summary.persons, lines: summary.lines, mode: summary.mode }));
