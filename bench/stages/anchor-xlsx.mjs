#!/usr/bin/env node
// Anchor for xlsx ingest: a bare exceljs streaming pass that reads every cell of every row of every
// sheet of FILE and does nothing else (the reader options are the ones `claims ingest` uses).
// Usage: node bench/stages/anchor-xlsx.mjs FILE.xlsx   → one JSON line {rows, cells}
import ExcelJS from 'exceljs';

const file = process.argv[2];
if (!file) {
  console.error('usage: node bench/stages/anchor-xlsx.mjs FILE.xlsx');
  process.exit(2);
}
const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { styles: 'cache', sharedStrings: 'cache', hyperlinks: 'ignore', worksheets: 'emit' });
let rows = 0;
let cells = 0;
for await (const ws of reader) {
  for await (const row of ws) {
    rows++;
    const values = row.values;
    for (let i = 1; i < values.length; i++) if (values[i] !== undefined) cells++;
  }
}
console.log(JSON.stringify({ rows, cells }));
