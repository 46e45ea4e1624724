#!/usr/bin/env node
// Summarises V8 CPU profiles (`node --cpu-prof`): self time per function (name, file:line), summed
// over every profile given (one per thread: a worker thread writes its own), largest first.
// --per-thread lists each profile on its own; --inclusive lists time spent in a function and
// everything it called instead (the project's own functions only, dist/src, unless --all).
// Usage: node bench/stages/prof-top.mjs [--top N] [--per-thread] [--inclusive [--all]] FILE.cpuprofile...
//        (or a directory of them)
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

function frameKey(f) {
  let url = f.url.replace(/^file:\/\//, '');
  if (url.startsWith('/')) url = relative(process.cwd(), url);
  return `${f.functionName || '(anonymous)'}  ${url ? `${url}:${f.lineNumber + 1}` : ''}`.trim();
}

/** Self time (or, with `inclusive`, time in the function and its callees) per function. */
export function topSelf(files, top = 15, { inclusive = false, all = false } = {}) {
  const time = new Map();
  let total = 0;
  for (const file of files) {
    const prof = JSON.parse(readFileSync(file, 'utf8'));
    const byId = new Map(prof.nodes.map((n) => [n.id, n]));
    const parent = new Map();
    for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const { samples, timeDeltas } = prof;
    for (let i = 0; i < samples.length; i++) {
      const dt = timeDeltas[i] ?? 0;
      total += dt;
      if (!inclusive) {
        const key = frameKey(byId.get(samples[i]).callFrame);
        time.set(key, (time.get(key) ?? 0) + dt);
        continue;
      }
      const seen = new Set();
      for (let id = samples[i]; id !== undefined; id = parent.get(id)) {
        const f = byId.get(id).callFrame;
        if (!all && !f.url.includes('/dist/src/')) continue;
        const key = frameKey(f);
        if (seen.has(key)) continue;
        seen.add(key);
        time.set(key, (time.get(key) ?? 0) + dt);
      }
    }
  }
  const rows = [...time.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  return { totalMs: total / 1000, rows: rows.map(([fn, us]) => ({ fn, ms: us / 1000, pct: (100 * us) / total })) };
}

export function profileFiles(dirOrFiles) {
  const out = [];
  for (const p of dirOrFiles) {
    if (statSync(p).isDirectory())
      out.push(
        ...readdirSync(p)
          .filter((f) => f.endsWith('.cpuprofile'))
          .map((f) => join(p, f)),
      );
    else out.push(p);
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  let top = 15;
  const at = args.indexOf('--top');
  if (at >= 0) top = Number(args.splice(at, 2)[1]);
  const flag = (name) => {
    const i = args.indexOf(name);
    if (i >= 0) args.splice(i, 1);
    return i >= 0;
  };
  const o = { inclusive: flag('--inclusive'), all: flag('--all') };
  const perThread = flag('--per-thread');
  const files = profileFiles(args);
  for (const group of perThread ? files.map((f) => [f]) : [files]) {
    const { totalMs, rows } = topSelf(group, top, o);
    console.log(`${perThread ? `${group[0]}: ` : ''}total sampled ${(totalMs / 1000).toFixed(2)} s${o.inclusive ? ' (inclusive time)' : ''}`);
    for (const r of rows) console.log(`${r.pct.toFixed(1).padStart(5)}%  ${r.ms.toFixed(0).padStart(7)} ms  ${r.fn}`);
  }
}
