#!/usr/bin/env node
// The floor for csv ingest: a bare csv-parse streaming pass over every record, nothing else.
// Usage: node bench/bare-csv.mjs FILE.csv [delimiter]
import { parse } from 'csv-parse';
import { createReadStream } from 'node:fs';

const file = process.argv[2];
const delimiter = process.argv[3] ?? ';';
if (!file) {
  console.error('usage: node bench/bare-csv.mjs FILE.csv [delimiter]');
  process.exit(2);
}
let peak = 0;
let peakHeap = 0;
const sample = setInterval(() => {
  const m = process.memoryUsage();
  peak = Math.max(peak, m.rss);
  peakHeap = Math.max(peakHeap, m.heapTotal);
}, 50);
const t0 = performance.now();
const parser = createReadStream(file).pipe(parse({ delimiter, bom: true, relax_column_count: true }));
let rows = 0;
let cells = 0;
for await (const record of parser) {
  rows++;
  cells += record.length;
}
clearInterval(sample);
peak = Math.max(peak, process.memoryUsage().rss);
const ms = performance.now() - t0;
console.log(
  JSON.stringify({
    tool: 'bare-csv',
    file,
    rows,
    cells,
    ms: Math.round(ms),
    peakRssMb: Math.round(peak / 1048576),
    peakHeapMb: Math.round(peakHeap / 1048576),
  }),
);
