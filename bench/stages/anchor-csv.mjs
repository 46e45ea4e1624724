#!/usr/bin/env node
// Anchor for csv ingest: a bare csv-parse streaming pass over every record of FILE and nothing else,
// with the parser options `claims ingest` uses for the generated export (semicolon, UTF-8 with BOM,
// relaxed quotes and column counts, 256 KiB reads). Usage: node bench/stages/anchor-csv.mjs FILE.csv
import { parse } from 'csv-parse';
import { createReadStream } from 'node:fs';

const file = process.argv[2];
const delimiter = process.argv[3] ?? ';';
if (!file) {
  console.error('usage: node bench/stages/anchor-csv.mjs FILE.csv [delimiter]');
  process.exit(2);
}
const parser = createReadStream(file, { highWaterMark: 256 * 1024 }).pipe(
  parse({ delimiter, bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: false, trim: false }),
);
let rows = 0;
let cells = 0;
for await (const record of parser) {
  rows++;
  cells += record.length;
}
console.log(JSON.stringify({ rows, cells }));
