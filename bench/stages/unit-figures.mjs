#!/usr/bin/env node
// Unit figures stage: on a copy of an evaluated database, forgets every person's unit figures and
// times `updateUnitFigures(db)`, the phase `claims run` ends with: reading every line with its
// unit (on the reader thread), the claims and fates the evaluation stored, the line fates per
// person and saving the figures and the claims' weights. Not timed: process start, opening.
// Usage: node bench/stages/unit-figures.mjs DB   → one JSON line {seconds, persons}
import { updateUnitFigures } from '../../dist/src/pipeline/unit-figures.js';
import { openDb } from '../../dist/src/store/db.js';

const [dbPath] = process.argv.slice(2);
if (!dbPath) {
  console.error('usage: node bench/stages/unit-figures.mjs DB');
  process.exit(2);
}
const db = openDb(dbPath);
db.exec('DELETE FROM person_unit_fates');
const t0 = performance.now();
const { persons } = await updateUnitFigures(db);
const seconds = (performance.now() - t0) / 1000;
db.close();
console.log(JSON.stringify({ seconds, persons }));
