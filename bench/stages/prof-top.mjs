#!/usr/bin/env node
// Summarises V8 CPU profiles (`node --cpu-prof`): self time per function (name, file:line), summed
// over every profile given (one per thread: a worker thread writes its own), largest first.
// Usage: node bench/stages/prof-top.mjs [--top N] FILE.cpuprofile...   (or a directory of them)
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export function topSelf(files, top = 15) {
  const self = new Map();
  let total = 0;
  for (const file of files) {
    const prof = JSON.parse(readFileSync(file, 'utf8'));
    const byId = new Map(prof.nodes.map((n) => [n.id, n]));
    const { samples, timeDeltas } = prof;
    for (let i = 0; i < samples.length; i++) {
      const node = byId.get(samples[i]);
      const dt = timeDeltas[i] ?? 0;
      total += dt;
      const f = node.callFrame;
      let url = f.url.replace(/^file:\/\//, '');
      if (url.startsWith('/')) url = relative(process.cwd(), url);
      const key = `${f.functionName || '(anonymous)'}  ${url ? `${url}:${f.lineNumber + 1}` : ''}`.trim();
      self.set(key, (self.get(key) ?? 0) + dt);
    }
  }
  const rows = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  return { totalMs: total / 1000, rows: rows.map(([fn, us]) => ({ fn, ms: us / 1000, pct: (100 * us) / total })) };
}

export function profileFiles(dirOrFiles) {
  const out = [];
  for (const p of dirOrFiles) {
    if (statSync(p).isDirectory()) out.push(...readdirSync(p).filter((f) => f.endsWith('.cpuprofile')).map((f) => join(p, f)));
    else out.push(p);
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  let top = 15;
  const at = args.indexOf('--top');
  if (at >= 0) top = Number(args.splice(at, 2)[1]);
  const { totalMs, rows } = topSelf(profileFiles(args), top);
  console.log(`total sampled ${(totalMs / 1000).toFixed(2)} s`);
  for (const r of rows) console.log(`${r.pct.toFixed(1).padStart(5)}%  ${r.ms.toFixed(0).padStart(7)} ms  ${r.fn}`);
}
