#!/usr/bin/env node
// The floor for evaluation: the least work any evaluation of every line must do, done in memory on
// typed arrays. Not timed: reading person id, date and net amount (amount − fee) of every stored
// line from DB into typed arrays (persons as dense integers, dates as day numbers). Timed: (1) a sort
// of all lines by person and date (one Float64Array holding person·date·index keys, sorted natively;
// a comparator sort of an index array when the keys need more than 53 bits), and (2) per person, a
// sliding twelve-month window (365 days from each line's date) over the sorted lines with a running
// sum, keeping each person's largest window sum — the core of the varaktig rule's period search.
// Usage: node bench/stages/evaluate-floor.mjs DB   → one JSON line {seconds, lines, persons, checksum}
import Database from 'better-sqlite3';

const dbPath = process.argv[2];
if (!dbPath) {
  console.error('usage: node bench/stages/evaluate-floor.mjs DB');
  process.exit(2);
}
const db = new Database(dbPath, { readonly: true });
const n = db.prepare('SELECT COUNT(*) FROM cost_lines').pluck().get();
const person = new Uint32Array(n);
const day = new Int32Array(n);
const amount = new Float64Array(n);
const ids = new Map();
let i = 0;
for (const [id, date, net] of db.prepare('SELECT person_id, date, amount_ore - fee_ore FROM cost_lines').raw().iterate()) {
  let p = ids.get(id);
  if (p === undefined) ids.set(id, (p = ids.size));
  person[i] = p;
  day[i] = Math.floor(Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10)) / 86_400_000);
  amount[i] = net;
  i++;
}
db.close();
let minDay = Infinity;
let maxDay = -Infinity;
for (let k = 0; k < n; k++) {
  if (day[k] < minDay) minDay = day[k];
  if (day[k] > maxDay) maxDay = day[k];
}
const bits = (x) => Math.max(1, Math.ceil(Math.log2(x + 1)));

const t0 = performance.now();
// (1) Sort by person, then date (then ingestion order).
const order = new Uint32Array(n);
const dayBits = bits(maxDay - minDay);
const indexBits = bits(n);
if (bits(ids.size) + dayBits + indexBits <= 53) {
  const keys = new Float64Array(n);
  const dayScale = 2 ** indexBits;
  const personScale = 2 ** (indexBits + dayBits);
  for (let k = 0; k < n; k++) keys[k] = person[k] * personScale + (day[k] - minDay) * dayScale + k;
  keys.sort();
  const mask = dayScale;
  for (let k = 0; k < n; k++) order[k] = keys[k] % mask;
} else {
  for (let k = 0; k < n; k++) order[k] = k;
  order.sort((a, b) => person[a] - person[b] || day[a] - day[b] || a - b);
}
// (2) Per person: the largest sum of a twelve-month window starting at one of its lines.
let checksum = 0;
for (let start = 0; start < n;) {
  const p = person[order[start]];
  let end = start;
  while (end < n && person[order[end]] === p) end++;
  let best = -Infinity;
  let sum = 0;
  let hi = start;
  for (let lo = start; lo < end; lo++) {
    const until = day[order[lo]] + 365;
    while (hi < end && day[order[hi]] < until) sum += amount[order[hi++]];
    if (sum > best) best = sum;
    sum -= amount[order[lo]];
  }
  checksum += best;
  start = end;
}
const seconds = (performance.now() - t0) / 1000;
console.log(JSON.stringify({ seconds, lines: n, persons: ids.size, checksum }));
