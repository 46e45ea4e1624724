#!/usr/bin/env node
// The floor for xlsx ingest: a bare exceljs WorkbookReader pass that reads every cell of every
// row of the first sheet and does nothing else. Usage: node bench/bare-exceljs.mjs FILE.xlsx
import ExcelJS from 'exceljs';

const file = process.argv[2];
if (!file) {
  console.error('usage: node bench/bare-exceljs.mjs FILE.xlsx');
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
const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { styles: 'cache', sharedStrings: 'cache', hyperlinks: 'ignore', worksheets: 'emit' });
let rows = 0;
let cells = 0;
for await (const ws of reader) {
  for await (const row of ws) {
    rows++;
    const values = row.values;
    for (let i = 1; i < values.length; i++) if (values[i] !== undefined) cells++;
  }
  break;
}
clearInterval(sample);
peak = Math.max(peak, process.memoryUsage().rss);
const ms = performance.now() - t0;
console.log(
  JSON.stringify({
    tool: 'bare-exceljs',
    file,
    rows,
    cells,
    ms: Math.round(ms),
    peakRssMb: Math.round(peak / 1048576),
    peakHeapMb: Math.round(peakHeap / 1048576),
  }),
);
