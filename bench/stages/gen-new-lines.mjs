#!/usr/bin/env node
// New cost lines for the incremental stage: ROWS lines for the first PERSONS persons of the sample
// generated with PERSON_SEED (the same persons, identities and register), drawn with another seed
// and with line and contact ids prefixed so none was seen before. Writes OUT/kostnader-2025.csv
// (and the generator's other files, unused). Usage:
//   node bench/stages/gen-new-lines.mjs --persons P --rows N --person-seed S --seed S2 --prefix X --out DIR
import { parseArgs } from 'node:util';
import { generateSample } from '../../dist/src/sample/generate.js';

const { values: o } = parseArgs({
  options: {
    persons: { type: 'string' },
    rows: { type: 'string' },
    'person-seed': { type: 'string' },
    seed: { type: 'string' },
    prefix: { type: 'string' },
    out: { type: 'string' },
  },
});
const r = await generateSample({
  persons: Number(o.persons),
  rows: Number(o.rows),
  outDir: o.out,
  seed: o.seed,
  personSeed: o['person-seed'],
  idPrefix: o.prefix,
});
console.log(JSON.stringify({ rows: r.rows, persons: r.persons, badRows: r.badRows, files: r.files }));
