#!/usr/bin/env node
// Runs the bare pass and our ingest alternately N times on one file and reports min and median
// wall times, their ratio and peak RSS (the machine is shared: minima are the fairest figure).
// Usage: node bench/compare.mjs FILE (xlsx|csv) [N=3]   (build first: npm run build)
import { execFileSync } from 'node:child_process';

const [file, nArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench/compare.mjs FILE [N]');
  process.exit(2);
}
const n = Number(nArg ?? 3);
const bare = file.endsWith('.xlsx') ? 'bench/bare-exceljs.mjs' : 'bench/bare-csv.mjs';
const run = (script) => JSON.parse(execFileSync(process.execPath, [script, file], { encoding: 'utf8' }).trim().split('\n').pop());
const bareRuns = [];
const oursRuns = [];
for (let i = 0; i < n; i++) {
  bareRuns.push(run(bare));
  oursRuns.push(run('bench/ingest.mjs'));
}
const stats = (runs, key) => {
  const v = runs.map((r) => r[key]).sort((a, b) => a - b);
  return { min: v[0], median: v[Math.floor(v.length / 2)] };
};
const b = stats(bareRuns, 'ms');
const o = stats(oursRuns, 'totalMs');
console.log(
  JSON.stringify({
    file,
    runs: n,
    bareMs: b,
    oursMs: o,
    ratioMin: +(o.min / b.min).toFixed(2),
    ratioMedian: +(o.median / b.median).toFixed(2),
    barePeakRssMb: Math.max(...bareRuns.map((r) => r.peakRssMb)),
    oursPeakRssMb: Math.max(...oursRuns.map((r) => r.peakRssMb)),
  }),
);
