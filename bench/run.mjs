#!/usr/bin/env node
// The benchmark suite (issue 5): `npm run bench [-- --rows N] [--runs K] [--json] [--profile]`.
// The service section (issue 8, bench/stages/service.mjs) runs once, on the largest size.
// Generates seeded data with the project's own generator (cached in bench/work/data), measures every
// stage in fresh processes next to its anchor or floor, prints a table, writes bench/RESULTS.md and,
// with --json, prints one JSON line last. See bench/README.md for what each figure means.
import { spawn, execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { profileFiles, topSelf } from './stages/prof-top.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(ROOT);

const USAGE = `usage: npm run bench [-- --rows N[,N…]] [--runs K] [--json] [--seed S] [--as-of DATE]
                  [--lines-per-person L] [--profile] [--no-wait] [--results FILE] [--data-only]
                  [--service-batches N] [--no-service] [--no-web]`;
let opts;
try {
  opts = parseArgs({
    options: {
      rows: { type: 'string', multiple: true },
      runs: { type: 'string', default: '3' },
      json: { type: 'boolean', default: false },
      seed: { type: 'string', default: 'bench' },
      'as-of': { type: 'string', default: '2026-01-15' },
      'lines-per-person': { type: 'string', default: '20' },
      profile: { type: 'boolean', default: false },
      'data-only': { type: 'boolean', default: false },
      'no-wait': { type: 'boolean', default: false },
      'service-batches': { type: 'string', default: '1000' },
      'no-service': { type: 'boolean', default: false },
      'no-web': { type: 'boolean', default: false },
      results: { type: 'string', default: 'bench/RESULTS.md' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }).values;
} catch (err) {
  console.error(`${err.message}\n${USAGE}`);
  process.exit(2);
}
if (opts.help) {
  console.log(USAGE);
  process.exit(0);
}
const SIZES = (opts.rows ?? ['10000,200000,1000000']).flatMap((r) => r.split(',')).map((r) => Number(r.replace(/[_ ]/g, '')));
const RUNS = Number(opts.runs);
const LINES_PER_PERSON = Number(opts['lines-per-person']);
const AS_OF = opts['as-of'];
const SEED = opts.seed;
if (SIZES.some((n) => !Number.isSafeInteger(n) || n < 100) || !Number.isSafeInteger(RUNS) || RUNS < 1 || !(LINES_PER_PERSON >= 1)) {
  console.error(`--rows must be whole numbers ≥ 100, --runs ≥ 1, --lines-per-person ≥ 1\n${USAGE}`);
  process.exit(2);
}
SIZES.sort((a, b) => a - b);

const WORK = join(ROOT, 'bench/work');
const SCRATCH = join(WORK, 'run');
const HOOK = pathToFileURL(join(ROOT, 'bench/stages/rss-hook.mjs')).href;
const CLAIMS = 'bin/claims.js';
const QUIET_WAIT_S = 20 * 60;
/** Another process using more than this many cores on average during a measurement marks it loaded. */
const LOADED_CORES = 0.25;
/** How long the machine must have been quiet before a measurement starts. */
const QUIET_WINDOW_MS = 3000;
/** How often a loaded measurement is prepared and run again before the least loaded one is kept. */
const RETRIES = 3;

const log = (msg) => process.stderr.write(`bench: ${msg}\n`);
const fmtInt = (n) => Math.round(n).toLocaleString('en-US').replace(/,/g, ' ');

// ---- the machine and its load -------------------------------------------------------------------

/** CPU seconds all cores spent busy since boot (/proc/stat, USER_HZ = 100). */
function cpuBusySeconds() {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const [user, nice, system, , , irq, softirq, steal] = f;
    return (user + nice + system + irq + softirq + (steal ?? 0)) / 100;
  } catch {
    return NaN;
  }
}

function procCpuTicks() {
  const ticks = new Map();
  for (const pid of (() => {
    try {
      return execFileSync('ls', ['/proc'], { encoding: 'utf8' })
        .split('\n')
        .filter((p) => /^\d+$/.test(p));
    } catch {
      return [];
    }
  })()) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks.set(pid, Number(rest[11]) + Number(rest[12]));
    } catch {
      // gone
    }
  }
  return ticks;
}

/** Processes other than this one using more than a quarter of a core over the next `ms`. */
async function otherBusyProcesses(ms = QUIET_WINDOW_MS) {
  const a = procCpuTicks();
  await sleep(ms);
  const b = procCpuTicks();
  const busy = [];
  for (const [pid, t] of b) {
    if (Number(pid) === process.pid) continue;
    const cores = (t - (a.get(pid) ?? t)) / 100 / (ms / 1000);
    if (cores > LOADED_CORES) {
      let cmd = '';
      try {
        cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim().slice(0, 100);
      } catch {
        // gone
      }
      busy.push({ pid: Number(pid), cores, cmd });
    }
  }
  return busy;
}

const loadNotes = [];
/** Other things a reader of the results must know (a rebuild of dist/ mid-run). */
const runNotes = [];
/** Before a measurement: wait (up to 20 minutes) until no other process is busy (not with --no-wait). */
async function waitQuiet(what, rows) {
  if (opts['no-wait']) return;
  const t0 = Date.now();
  let announced = false;
  for (;;) {
    const busy = await otherBusyProcesses();
    if (busy.length === 0) {
      if (announced) log(`quiet again after ${Math.round((Date.now() - t0) / 1000)} s`);
      return;
    }
    const who = busy.map((p) => `${p.cmd} (${p.cores.toFixed(1)} cores)`).join('; ');
    if ((Date.now() - t0) / 1000 > QUIET_WAIT_S) {
      loadNotes.push(`${what} at ${fmtInt(rows)} rows started after waiting 20 min while busy: ${who}`);
      log(`still busy after 20 min, measuring anyway: ${who}`);
      return;
    }
    if (!announced) log(`waiting for a quiet machine before ${what}: ${who}`);
    announced = true;
    await sleep(15_000);
  }
}

/** The newest modification time under dist/src: another engineer's build mid-run changes it. */
function distStamp() {
  let newest = 0;
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  walk(join(ROOT, 'dist/src'));
  return newest;
}

// ---- processes ----------------------------------------------------------------------------------

let procSeq = 0;

/**
 * Runs `node [--import rss-hook] ARGS` in a fresh process. Returns the wall time the parent saw
 * (spawn to exit), the peak RSS and CPU time the child reported, the other load on the machine
 * meanwhile (cores), and the last JSON line the child printed.
 */
async function measure(args, { cpuProfDir = null, inherit = false } = {}) {
  mkdirSync(SCRATCH, { recursive: true });
  const rssFile = join(SCRATCH, `usage-${process.pid}-${++procSeq}.json`);
  rmSync(rssFile, { force: true });
  const nodeArgs = ['--import', HOOK, ...(cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', cpuProfDir] : []), ...args];
  const busy0 = cpuBusySeconds();
  const t0 = process.hrtime.bigint();
  const { code, stdout, stderr } = await new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, nodeArgs, {
      env: { ...process.env, BENCH_RSS_FILE: rssFile },
      stdio: ['ignore', 'pipe', inherit ? 'inherit' : 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr?.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (c) => resolvePromise({ code: c, stdout: out, stderr: err }));
  });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const busy = cpuBusySeconds() - busy0;
  if (code !== 0) {
    throw new Error(`node ${args.join(' ')} exited with ${code}\n${stderr.slice(-2000)}`);
  }
  let usage = null;
  try {
    usage = JSON.parse(readFileSync(rssFile, 'utf8'));
  } catch {
    // reported as a missing figure
  }
  rmSync(rssFile, { force: true });
  const cpu = usage ? (usage.userUs + usage.systemUs) / 1e6 : NaN;
  const lastJson = stdout
    .trim()
    .split('\n')
    .reverse()
    .find((l) => l.startsWith('{'));
  return {
    wall,
    rssMb: usage ? usage.maxRssKb / 1024 : NaN,
    cpu,
    otherCores: Math.max(0, (busy - cpu) / wall),
    out: lastJson ? JSON.parse(lastJson) : null,
  };
}

function resetDir(dir) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
}

function removeDb(path) {
  for (const s of ['', '-wal', '-shm']) rmSync(path + s, { force: true });
}

function copyDb(from, to) {
  removeDb(to);
  for (const s of ['', '-wal', '-shm']) if (existsSync(from + s)) copyFileSync(from + s, to + s);
}

// ---- statistics ---------------------------------------------------------------------------------

function stats(values) {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return { median: NaN, min: NaN, max: NaN, n: 0 };
  const m = v.length >> 1;
  return { median: v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2, min: v[0], max: v[v.length - 1], n: v.length };
}

const maxOf = (values) => Math.max(...values.filter((x) => Number.isFinite(x)));

// ---- data ---------------------------------------------------------------------------------------

const slug = (s) => s.replace(/[^A-Za-z0-9_-]/g, '_');

async function ensureSample(rows) {
  const persons = Math.max(10, Math.round(rows / LINES_PER_PERSON));
  const dir = join(WORK, 'data', `r${rows}-p${persons}-${slug(SEED)}`);
  if (!existsSync(join(dir, 'done.json'))) {
    await waitQuiet('generating the sample', rows);
    log(`generating ${fmtInt(rows)} rows for ${fmtInt(persons)} persons (seed ${SEED}) into ${dir}`);
    const tmp = `${dir}.tmp`;
    resetDir(tmp);
    const g = await measure([CLAIMS, 'generate-sample', '--persons', String(persons), '--rows', String(rows), '--out', tmp, '--seed', SEED]);
    writeFileSync(join(tmp, 'done.json'), JSON.stringify({ rows, persons, seed: SEED, seconds: g.wall }));
    rmSync(dir, { recursive: true, force: true });
    renameSync(tmp, dir);
  }
  // New lines for the incremental stage: 1 % of the rows (10 000 at a million), ten per person,
  // for the first persons of the same register, with line and contact ids never seen before.
  const newRows = Math.max(100, Math.round(rows / 100));
  const newPersons = Math.min(persons, Math.max(10, Math.round(newRows / 10)));
  const newDir = join(dir, `new-r${newRows}-p${newPersons}`);
  if (!existsSync(join(newDir, 'done.json'))) {
    log(`generating ${fmtInt(newRows)} new lines for ${fmtInt(newPersons)} of the persons`);
    const tmp = `${newDir}.tmp`;
    resetDir(tmp);
    const seed = `${SEED}-new`;
    await measure([
      'bench/stages/gen-new-lines.mjs',
      '--persons',
      String(newPersons),
      '--rows',
      String(newRows),
      '--person-seed',
      SEED,
      '--seed',
      seed,
      '--prefix',
      'N',
      '--out',
      tmp,
    ]);
    writeFileSync(join(tmp, 'done.json'), JSON.stringify({ rows: newRows, persons: newPersons, personSeed: SEED, seed }));
    rmSync(newDir, { recursive: true, force: true });
    renameSync(tmp, newDir);
  }
  return {
    dir,
    rows,
    persons,
    register: join(dir, 'personregister.xlsx'),
    xlsx: join(dir, 'kostnader-2025.xlsx'),
    csv: join(dir, 'kostnader-2025.csv'),
    newRows,
    newPersons,
    newCsv: join(newDir, 'kostnader-2025.csv'),
  };
}

// ---- stages -------------------------------------------------------------------------------------

async function stagesFor(rows) {
  const s = await ensureSample(rows);
  const dir = join(SCRATCH, `r${rows}`);
  resetDir(dir);
  const result = { rows, persons: s.persons, newRows: s.newRows, newPersons: s.newPersons, stages: {}, profiles: {} };
  const maxOther = [];
  const note = (m) => {
    maxOther.push(m.otherCores);
    return m;
  };
  /**
   * One measured process: `before()` prepares its inputs, then it runs on a quiet machine. A run
   * that another process disturbed is prepared and run again (RETRIES times at most, then the least
   * disturbed is kept); the figure kept says how loaded it was. --no-wait does neither.
   */
  const run = async (what, args, { before, ...o } = {}) => {
    let best = null;
    for (let attempt = 0; ; attempt++) {
      before?.();
      await waitQuiet(what, rows);
      const m = await measure(args, o);
      if (!best || m.otherCores < best.otherCores) best = m;
      if (m.otherCores <= LOADED_CORES || opts['no-wait'] || attempt === RETRIES) return note(best);
      log(`${what}: another process used ${m.otherCores.toFixed(2)} cores meanwhile; measuring again`);
    }
  };

  // xlsx and csv ingest, each next to its bare library pass over the same file, alternating.
  for (const [kind, file, anchor] of [
    ['xlsx', s.xlsx, 'bench/stages/anchor-xlsx.mjs'],
    ['csv', s.csv, 'bench/stages/anchor-csv.mjs'],
  ]) {
    const ours = [];
    const bare = [];
    const db = join(dir, `ingest-${kind}.db`);
    for (let i = 0; i < RUNS; i++) {
      log(`${fmtInt(rows)} rows: ${kind} ingest, run ${i + 1}/${RUNS}`);
      bare.push(await run(`the ${kind} anchor`, [anchor, file]));
      ours.push(await run(`${kind} ingest`, [CLAIMS, 'ingest', file, '--db', db, '--as-of', AS_OF, '--json'], { before: () => removeDb(db) }));
    }
    const f = ours[0].out.files[0];
    result.stages[kind] = {
      seconds: stats(ours.map((m) => m.wall)),
      anchorSeconds: stats(bare.map((m) => m.wall)),
      peakRssMb: maxOf(ours.map((m) => m.rssMb)),
      anchorPeakRssMb: maxOf(bare.map((m) => m.rssMb)),
      otherCores: maxOf([...ours, ...bare].map((m) => m.otherCores)),
      detail: {
        rows: f.rows,
        accepted: f.accepted,
        rejected: f.rejected,
        duplicates: f.duplicates,
        anchorRows: bare[0].out.rows,
        anchorCells: bare[0].out.cells,
      },
    };
    removeDb(db);
  }

  // Evaluation of every stored line, on copies of one ingested (never evaluated) database.
  const ingested = join(dir, 'ingested.db');
  log(`${fmtInt(rows)} rows: preparing the evaluation database (ingest of register and csv, not measured)`);
  await measure([CLAIMS, 'ingest', s.register, s.csv, '--db', ingested, '--as-of', AS_OF, '--json']);
  {
    const ours = [];
    const floor = [];
    const copy = join(dir, 'evaluate.db');
    for (let i = 0; i < RUNS; i++) {
      log(`${fmtInt(rows)} rows: evaluation, run ${i + 1}/${RUNS}`);
      floor.push(await run('the evaluation floor', ['bench/stages/evaluate-floor.mjs', ingested]));
      ours.push(await run('evaluation', ['bench/stages/evaluate.mjs', copy, AS_OF], { before: () => copyDb(ingested, copy) }));
    }
    removeDb(copy);
    const secs = stats(ours.map((m) => m.out.seconds));
    result.stages.evaluate = {
      seconds: secs,
      floorSeconds: stats(floor.map((m) => m.out.seconds)),
      processSeconds: stats(ours.map((m) => m.wall)),
      lines: ours[0].out.lines,
      persons: ours[0].out.persons,
      linesPerSecond: ours[0].out.lines / secs.median,
      peakRssMb: maxOf(ours.map((m) => m.rssMb)),
      floorPeakRssMb: maxOf(floor.map((m) => m.rssMb)),
      otherCores: maxOf([...ours, ...floor].map((m) => m.otherCores)),
    };
  }

  // The full run: register and cost file into a fresh database, evaluation, every document.
  const fullDb = join(dir, 'full.db');
  const fullOut = join(dir, 'full-out');
  {
    const ours = [];
    for (let i = 0; i < RUNS; i++) {
      log(`${fmtInt(rows)} rows: full claims run, run ${i + 1}/${RUNS}`);
      const before = () => {
        removeDb(fullDb);
        resetDir(fullOut);
      };
      ours.push(
        await run('the full run', [CLAIMS, 'run', s.register, s.csv, '--db', fullDb, '--out', fullOut, '--as-of', AS_OF, '--json'], { before }),
      );
    }
    const o = ours[ours.length - 1].out;
    result.stages.full = {
      seconds: stats(ours.map((m) => m.wall)),
      peakRssMb: maxOf(ours.map((m) => m.rssMb)),
      otherCores: maxOf(ours.map((m) => m.otherCores)),
      detail: { documents: o.documents, evaluation: o.evaluation, ready: o.claims.ready?.count ?? 0 },
    };
  }

  // Application PDFs per second, for the ready claims of the evaluated database.
  {
    const ours = [];
    const out = join(dir, 'pdf-out');
    for (let i = 0; i < RUNS; i++) {
      log(`${fmtInt(rows)} rows: application PDFs, run ${i + 1}/${RUNS}`);
      ours.push(await run('application PDFs', ['bench/stages/pdf.mjs', fullDb, out, AS_OF], { before: () => resetDir(out) }));
    }
    rmSync(out, { recursive: true, force: true });
    const secs = stats(ours.map((m) => m.out.seconds));
    const pdfs = ours[0].out.pdfs;
    result.stages.pdf = {
      seconds: secs,
      pdfs,
      perSecond: pdfs / secs.median,
      perSecondRange: { min: pdfs / secs.max, max: pdfs / secs.min },
      firstSeconds: stats(ours.map((m) => m.out.firstSeconds)),
      kbPerPdf: ours[0].out.bytes / 1024 / Math.max(1, pdfs),
      peakRssMb: maxOf(ours.map((m) => m.rssMb)),
      otherCores: maxOf(ours.map((m) => m.otherCores)),
    };
  }

  // Finance (SPEC §8): the unit figures phase, the unit report and the SIE export, on copies of the
  // full run's database where three in five ready claims were submitted and most of those paid or
  // rejected (bench/stages/finance-events.mjs, not measured).
  {
    const financeDb = join(dir, 'finance.db');
    copyDb(fullDb, financeDb);
    const events = (await measure(['bench/stages/finance-events.mjs', financeDb])).out;
    const figures = [];
    const units = [];
    const sie = [];
    const copy = join(dir, 'finance-copy.db');
    const out = join(dir, 'finance-out');
    const config = 'data/config.example.json';
    for (let i = 0; i < RUNS; i++) {
      log(`${fmtInt(rows)} rows: finance (unit figures, unit report, SIE export), run ${i + 1}/${RUNS}`);
      figures.push(await run('the unit figures', ['bench/stages/unit-figures.mjs', copy], { before: () => copyDb(financeDb, copy) }));
      units.push(
        await run('the unit report', [CLAIMS, 'units', '--year', '2025', '--db', financeDb, '--out', out, '--config', config, '--as-of', AS_OF], {
          before: () => resetDir(out),
        }),
      );
      sie.push(
        await run(
          'the SIE export',
          [
            CLAIMS,
            'export',
            'sie',
            '--from',
            '2025-01-01',
            '--to',
            '2025-12-31',
            '--db',
            copy,
            '--out-dir',
            out,
            '--config',
            config,
            '--as-of',
            AS_OF,
          ],
          {
            before: () => {
              copyDb(financeDb, copy);
              resetDir(out);
            },
          },
        ),
      );
    }
    removeDb(copy);
    removeDb(financeDb);
    rmSync(out, { recursive: true, force: true });
    result.stages.unitFigures = {
      seconds: stats(figures.map((m) => m.out.seconds)),
      persons: figures[0].out.persons,
      peakRssMb: maxOf(figures.map((m) => m.rssMb)),
      otherCores: maxOf(figures.map((m) => m.otherCores)),
    };
    result.stages.units = {
      seconds: stats(units.map((m) => m.wall)),
      peakRssMb: maxOf(units.map((m) => m.rssMb)),
      otherCores: maxOf(units.map((m) => m.otherCores)),
    };
    result.stages.sie = {
      seconds: stats(sie.map((m) => m.wall)),
      peakRssMb: maxOf(sie.map((m) => m.rssMb)),
      otherCores: maxOf(sie.map((m) => m.otherCores)),
      events,
    };
  }

  // Incremental: new lines into a copy of the full run's database and output folder.
  {
    const ours = [];
    const db = join(dir, 'incremental.db');
    const out = join(dir, 'incremental-out');
    for (let i = 0; i < RUNS; i++) {
      log(`${fmtInt(rows)} rows: incremental run (${fmtInt(s.newRows)} new lines), run ${i + 1}/${RUNS}`);
      const before = () => {
        copyDb(fullDb, db);
        rmSync(out, { recursive: true, force: true });
        cpSync(fullOut, out, { recursive: true });
      };
      ours.push(await run('the incremental run', [CLAIMS, 'run', s.newCsv, '--db', db, '--out', out, '--as-of', AS_OF, '--json'], { before }));
    }
    const o = ours[ours.length - 1].out;
    if (o.evaluation.mode !== 'incremental') throw new Error(`the incremental run evaluated in ${o.evaluation.mode} mode`);
    const secs = stats(ours.map((m) => m.wall));
    result.stages.incremental = {
      seconds: secs,
      fullSeconds: result.stages.full.seconds,
      ratio: secs.median / result.stages.full.seconds.median,
      peakRssMb: maxOf(ours.map((m) => m.rssMb)),
      otherCores: maxOf(ours.map((m) => m.otherCores)),
      detail: {
        accepted: o.files[0].accepted,
        rejected: o.files[0].rejected,
        duplicates: o.files[0].duplicates,
        evaluation: o.evaluation,
        documents: o.documents,
      },
    };
    removeDb(db);
    rmSync(out, { recursive: true, force: true });
  }

  for (const k of ['xlsx', 'csv']) result.stages[k].ratio = result.stages[k].seconds.median / result.stages[k].anchorSeconds.median;
  result.maxOtherCores = maxOf(maxOther);

  if (opts.profile) {
    // One more run of each of our stages under the V8 profiler (every thread writes a profile).
    const prof = async (name, args, before) => {
      const pdir = join(WORK, 'prof', `r${rows}`, name);
      log(`${fmtInt(rows)} rows: profiling ${name}`);
      const prep = () => {
        resetDir(pdir);
        before?.();
      };
      await run(`profiling ${name}`, args, { cpuProfDir: pdir, before: prep });
      result.profiles[name] = { dir: pdir, ...topSelf(profileFiles([pdir]), 12) };
    };
    const db = join(dir, 'prof.db');
    await prof('xlsx', [CLAIMS, 'ingest', s.xlsx, '--db', db, '--as-of', AS_OF, '--json'], () => removeDb(db));
    await prof('csv', [CLAIMS, 'ingest', s.csv, '--db', db, '--as-of', AS_OF, '--json'], () => removeDb(db));
    await prof('evaluate', ['bench/stages/evaluate.mjs', db, AS_OF], () => copyDb(ingested, db));
    await prof('pdf', ['bench/stages/pdf.mjs', fullDb, join(dir, 'prof-out'), AS_OF], () => resetDir(join(dir, 'prof-out')));
    await prof('incremental', [CLAIMS, 'run', s.newCsv, '--db', db, '--out', join(dir, 'prof-out'), '--as-of', AS_OF, '--json'], () => {
      copyDb(fullDb, db);
      rmSync(join(dir, 'prof-out'), { recursive: true, force: true });
      cpSync(fullOut, join(dir, 'prof-out'), { recursive: true });
    });
    removeDb(db);
    rmSync(join(dir, 'prof-out'), { recursive: true, force: true });
  }
  // The web pages on the full run's database, on the largest size only.
  if (rows === SIZES[SIZES.length - 1] && !opts['no-web']) result.web = await webStage(rows, fullDb, fullOut);
  // Keep the sample, drop this size's databases (a million-row database is ~1 GB with documents).
  rmSync(dir, { recursive: true, force: true });
  return result;
}

// ---- the web pages ------------------------------------------------------------------------------

/** `claims serve`'s app on a copy of the full run's database, driven by autocannon (bench/stages/web.mjs). */
async function webStage(rows, db, out) {
  await waitQuiet('the web stage', rows);
  log(`${fmtInt(rows)} rows: web pages under load`);
  const m = await measure(['bench/stages/web.mjs', '--db', db, '--out', out, '--as-of', AS_OF, '--seconds', '10'], { inherit: true });
  return { otherCores: m.otherCores, peakRssMb: m.rssMb, ...m.out };
}

function webRows(web) {
  return Object.entries(web.pages).map(([path, p]) => [path, String(p.rps), String(p.p50Ms), String(p.p97_5Ms)]);
}

const WEB_HEAD = ['page (signed in as handläggare)', 'requests/s', 'p50 ms', 'p97.5 ms'];

// ---- service mode -------------------------------------------------------------------------------

/** The service section on the largest size: one process (bench/stages/service.mjs) that compares side by side. */
async function serviceStage(rows) {
  const s = await ensureSample(rows);
  await waitQuiet('the service stage', rows);
  log(`${fmtInt(rows)} rows: service mode (queue against claims run, documents on one and two workers, ${opts['service-batches']} small batches)`);
  const m = await measure(
    [
      'bench/stages/service.mjs',
      '--register',
      s.register,
      '--costs',
      s.csv,
      '--as-of',
      AS_OF,
      '--work',
      join(SCRATCH, 'service'),
      '--batches',
      opts['service-batches'],
    ],
    { inherit: true },
  );
  return { rows, otherCores: m.otherCores, ...m.out };
}

function serviceRows(sv) {
  const d = sv.documents;
  return [
    [
      `one batch through the queue (${fmtInt(sv.rows)} rows, two workers)`,
      s2(sv.large.queueSeconds),
      `claims run ${s2(sv.large.runSeconds)}`,
      `${(sv.large.overhead * 100).toFixed(1)}% overhead${sv.large.sameClaims ? '' : '; claims.json DIFFERS'}`,
    ],
    [
      `documents, two workers (${fmtInt(d.twoWorkers.documents)} PDFs in ${d.twoWorkers.parts} parts)`,
      `${s2(d.twoWorkers.seconds)} (parts ${s2(d.twoWorkers.partsSeconds)})`,
      `one worker ${s2(d.oneWorker.seconds)} (parts ${s2(d.oneWorker.partsSeconds)})`,
      `${d.speedup.toFixed(2)}× (parts ${d.partsSpeedup.toFixed(2)}×)`,
    ],
    [
      `${fmtInt(sv.small.batches)} small batches (${sv.small.linesPerBatch} lines each), two workers`,
      s2(sv.small.seconds),
      '',
      `${sv.small.batchesPerSecond.toFixed(1)} batches/s; latency p50 ${s2(sv.small.p50Seconds)} s, p95 ${s2(sv.small.p95Seconds)} s`,
    ],
  ];
}

const SERVICE_HEAD = ['service mode', 'seconds', 'against', 'figure'];

// ---- targets and reporting ----------------------------------------------------------------------

const MILLION = 1_000_000;

function targets(results, service = null) {
  const largest = results[results.length - 1];
  const million = results.find((r) => r.rows === MILLION);
  const t = [];
  const st = largest.stages;
  t.push({
    target: 'xlsx ingest ≤ 1.3× the bare exceljs pass',
    figure: `${st.xlsx.ratio.toFixed(2)}× at ${fmtInt(largest.rows)} rows`,
    met: st.xlsx.ratio <= 1.3,
  });
  t.push({
    target: 'csv ingest ≤ 2.0× the bare csv-parse pass',
    figure: `${st.csv.ratio.toFixed(2)}× at ${fmtInt(largest.rows)} rows`,
    met: st.csv.ratio <= 2.0,
  });
  // Over 300 MB anywhere, or growing by half or more from the smallest size to the largest.
  const over = [];
  const growing = [];
  for (const k of STAGE_KEYS) {
    const bySize = results.map((r) => r.stages[k].peakRssMb);
    const worst = results.filter((r) => r.stages[k].peakRssMb >= 300).map((r) => `${mb(r.stages[k].peakRssMb)} MB at ${fmtInt(r.rows)}`);
    if (worst.length) over.push(`${STAGE_NAMES[k]} ${worst.join(', ')}`);
    if (bySize.length > 1 && bySize[bySize.length - 1] / bySize[0] >= 1.5) growing.push(`${STAGE_NAMES[k]} ${bySize.map(mb).join(' → ')} MB`);
  }
  const fullPeak = (million ?? largest).stages.full.peakRssMb;
  t.push({
    target: 'peak memory of the full 1 000 000-row run < 300 MB',
    figure: `${mb(fullPeak)} MB${million ? '' : ` at ${fmtInt(largest.rows)} rows`}`,
    met: million ? fullPeak < 300 : null,
  });
  t.push({
    target: 'peak memory < 300 MB at every size, flat (largest size < 1.5× smallest)',
    figure:
      over.length || growing.length
        ? [over.length ? `over 300 MB: ${over.join('; ')}` : '', growing.length ? `growing: ${growing.join('; ')}` : ''].filter(Boolean).join('. ')
        : `every stage under 300 MB and flat`,
    met: over.length === 0 && growing.length === 0,
  });
  t.push(
    million
      ? {
          target: 'evaluation of 1 000 000 lines < 2 s',
          figure: `${million.stages.evaluate.seconds.median.toFixed(2)} s`,
          met: million.stages.evaluate.seconds.median < 2,
        }
      : {
          target: 'evaluation of 1 000 000 lines < 2 s',
          figure: `not measured (${fmtInt(largest.rows)} lines: ${st.evaluate.seconds.median.toFixed(2)} s)`,
          met: null,
        },
  );
  t.push({
    target: '≥ 300 application PDFs per second',
    figure: `${st.pdf.perSecond.toFixed(0)}/s (${fmtInt(st.pdf.pdfs)} PDFs)`,
    met: st.pdf.perSecond >= 300,
  });
  // At 200 000 rows as well as at a million: the cost should follow the change, not the database.
  for (const rows of [200_000, MILLION]) {
    const at = results.find((r) => r.rows === rows);
    const inc = at?.stages.incremental;
    t.push({
      target: `incremental run < 10% of the full run (1% new lines, ${fmtInt(rows)}-line database)`,
      figure: inc
        ? `${(inc.ratio * 100).toFixed(1)}% (${inc.seconds.median.toFixed(2)} s vs ${inc.fullSeconds.median.toFixed(2)} s)`
        : 'not measured',
      met: inc ? inc.ratio < 0.1 : null,
    });
  }
  for (const [key, name] of [
    ['units', 'unit report (claims units)'],
    ['sie', 'SIE export (claims export sie)'],
  ]) {
    t.push(
      million
        ? {
            target: `${name} over the 1 000 000-line database < 2 s`,
            figure: `${million.stages[key].seconds.median.toFixed(2)} s`,
            met: million.stages[key].seconds.median < 2,
          }
        : {
            target: `${name} over the 1 000 000-line database < 2 s`,
            figure: `not measured (${fmtInt(largest.rows)} lines: ${st[key].seconds.median.toFixed(2)} s)`,
            met: null,
          },
    );
  }
  if (largest.web) {
    const [worstPath, worst] = Object.entries(largest.web.pages).sort(([, a], [, b]) => b.p97_5Ms - a.p97_5Ms)[0];
    t.push({
      target: `pages < 100 ms at the 95th percentile (${fmtInt(largest.web.lines)} lines; p97.5 shown, an upper bound)`,
      figure: `slowest ${worstPath}: p97.5 ${worst.p97_5Ms} ms, p50 ${worst.p50Ms} ms`,
      met: largest.rows >= MILLION ? worst.p97_5Ms < 100 : null,
    });
  } else {
    t.push({ target: 'pages < 100 ms at the 95th percentile', figure: 'not measured (--no-web)', met: null });
  }
  if (service) {
    t.push({
      target: 'one batch through the queue < 1.2× claims run (service mode, largest size)',
      figure: `${(service.large.overhead * 100).toFixed(1)}% overhead at ${fmtInt(service.rows)} rows (${s2(service.large.queueSeconds)} s vs ${s2(service.large.runSeconds)} s)`,
      met: service.large.overhead < 0.2 && service.large.sameClaims,
    });
    t.push({
      target: 'documents with two workers ≥ 1.6× faster than one',
      figure: `${service.documents.speedup.toFixed(2)}× (drawing alone ${service.documents.partsSpeedup.toFixed(2)}×)`,
      met: service.documents.speedup >= 1.6,
    });
    t.push({
      target: `${fmtInt(service.small.batches)} small batches through two workers`,
      figure: `${service.small.batchesPerSecond.toFixed(1)} batches/s, p50 ${s2(service.small.p50Seconds)} s, p95 ${s2(service.small.p95Seconds)} s`,
      met: null,
    });
  } else {
    t.push({ target: 'service mode (queue overhead, documents on two workers, small batches)', figure: 'not measured (--no-service)', met: null });
  }
  return t;
}

const s2 = (x) => (Number.isFinite(x) ? x.toFixed(x < 10 ? 3 : 2) : '–');
const mb = (x) => (Number.isFinite(x) ? x.toFixed(0) : '–');
const range = (st) => `${s2(st.median)} (${s2(st.min)}–${s2(st.max)})`;
const verdict = (met) => (met === null ? 'n/a' : met ? 'met' : 'MISSED');

function sizeRows(r) {
  const st = r.stages;
  return [
    [
      'xlsx ingest (claims ingest)',
      range(st.xlsx.seconds),
      `exceljs ${range(st.xlsx.anchorSeconds)}`,
      `${st.xlsx.ratio.toFixed(2)}×`,
      `${mb(st.xlsx.peakRssMb)} (anchor ${mb(st.xlsx.anchorPeakRssMb)})`,
    ],
    [
      'csv ingest (claims ingest)',
      range(st.csv.seconds),
      `csv-parse ${range(st.csv.anchorSeconds)}`,
      `${st.csv.ratio.toFixed(2)}×`,
      `${mb(st.csv.peakRssMb)} (anchor ${mb(st.csv.anchorPeakRssMb)})`,
    ],
    [
      'evaluation, every line',
      range(st.evaluate.seconds),
      `floor ${range(st.evaluate.floorSeconds)}`,
      `${(st.evaluate.seconds.median / st.evaluate.floorSeconds.median).toFixed(0)}×; ${fmtInt(st.evaluate.linesPerSecond)} lines/s`,
      `${mb(st.evaluate.peakRssMb)} (floor ${mb(st.evaluate.floorPeakRssMb)})`,
    ],
    [
      `application PDFs (${fmtInt(st.pdf.pdfs)})`,
      range(st.pdf.seconds),
      '',
      `${st.pdf.perSecond.toFixed(0)}/s (${st.pdf.perSecondRange.min.toFixed(0)}–${st.pdf.perSecondRange.max.toFixed(0)})`,
      mb(st.pdf.peakRssMb),
    ],
    ['full run (claims run register + csv)', range(st.full.seconds), '', `${fmtInt(st.full.detail.documents)} PDFs`, mb(st.full.peakRssMb)],
    [
      `incremental run (+${fmtInt(r.newRows)} lines)`,
      range(st.incremental.seconds),
      `full ${s2(st.full.seconds.median)}`,
      `${(st.incremental.ratio * 100).toFixed(1)}%`,
      mb(st.incremental.peakRssMb),
    ],
    [`unit figures (${fmtInt(st.unitFigures.persons)} persons)`, range(st.unitFigures.seconds), '', '', mb(st.unitFigures.peakRssMb)],
    ['unit report (claims units)', range(st.units.seconds), '', '', mb(st.units.peakRssMb)],
    [
      `SIE export (${fmtInt(st.sie.events.submitted + st.sie.events.payments + st.sie.events.rejections)} events)`,
      range(st.sie.seconds),
      '',
      '',
      mb(st.sie.peakRssMb),
    ],
  ];
}

/** The stages in the order sizeRows lists them. */
const STAGE_KEYS = ['xlsx', 'csv', 'evaluate', 'pdf', 'full', 'incremental', 'unitFigures', 'units', 'sie'];
const STAGE_NAMES = {
  xlsx: 'xlsx ingest',
  csv: 'csv ingest',
  evaluate: 'evaluation',
  pdf: 'PDFs',
  full: 'full run',
  incremental: 'incremental run',
  unitFigures: 'unit figures',
  units: 'unit report',
  sie: 'SIE export',
};

const HEAD = ['stage', 'seconds median (min–max)', 'anchor / floor', 'ratio / rate', 'peak RSS MB'];

function textTable(head, body) {
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => String(row[i]).length)));
  const line = (cells) =>
    cells
      .map((c, i) => String(c).padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

function mdTable(head, body) {
  const esc = (c) => String(c).replace(/\|/g, '\\|');
  return [`| ${head.map(esc).join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...body.map((r) => `| ${r.map(esc).join(' | ')} |`)].join('\n');
}

function machine() {
  const cpus = os.cpus();
  let commit = '?';
  let dirty = 0;
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    dirty = execFileSync('git', ['status', '--porcelain', '--', 'src', 'templates'], { encoding: 'utf8' }).split('\n').filter(Boolean).length;
  } catch {
    // not a checkout
  }
  return {
    cores: cpus.length,
    cpu: cpus[0]?.model ?? '?',
    memoryGb: os.totalmem() / 1024 ** 3,
    node: process.version,
    os: `${os.type()} ${os.release()}`,
    commit,
    dirty,
  };
}

function growthRows(results) {
  if (results.length < 2) return null;
  const first = results[0];
  const pick = [
    ['xlsx ingest s', (r) => r.stages.xlsx.seconds.median],
    ['csv ingest s', (r) => r.stages.csv.seconds.median],
    ['evaluation s', (r) => r.stages.evaluate.seconds.median],
    ['evaluation floor s', (r) => r.stages.evaluate.floorSeconds.median],
    ['PDFs/s', (r) => r.stages.pdf.perSecond],
    ['full run s', (r) => r.stages.full.seconds.median],
    ['incremental s', (r) => r.stages.incremental.seconds.median],
    ['unit figures s', (r) => r.stages.unitFigures.seconds.median],
    ['unit report s', (r) => r.stages.units.seconds.median],
    ['SIE export s', (r) => r.stages.sie.seconds.median],
    ...STAGE_KEYS.map((k) => [`peak RSS MB, ${STAGE_NAMES[k]}`, (r) => r.stages[k].peakRssMb]),
  ];
  const head = [
    'figure',
    ...results.map((r) => `${fmtInt(r.rows)} rows`),
    `growth ${fmtInt(first.rows)}→${fmtInt(results[results.length - 1].rows)} (rows ×${results[results.length - 1].rows / first.rows})`,
  ];
  const body = pick.map(([name, f]) => [
    name,
    ...results.map((r) => (name.startsWith('peak') ? mb(f(r)) : name.startsWith('PDFs') ? f(r).toFixed(0) : s2(f(r)))),
    `×${(f(results[results.length - 1]) / f(first)).toFixed(1)}`,
  ]);
  return { head, body };
}

function resultsMarkdown(results, m, startedAt, minutes, startupStats, service) {
  const t = targets(results, service);
  const loaded = results.some((r) => r.maxOtherCores > LOADED_CORES) || loadNotes.length > 0;
  const out = [];
  out.push('# Benchmark results', '');
  out.push(
    `Written by \`npm run bench\` (bench/run.mjs) on ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC in ${minutes.toFixed(0)} min: ` +
      `${RUNS} runs of every figure, each in a fresh process; medians with (min–max). As-of date ${AS_OF}, seed \`${SEED}\`, ` +
      `${LINES_PER_PERSON} cost lines per person. How each figure is measured: [README.md](README.md).`,
    '',
  );
  out.push('## Machine', '');
  out.push(`- ${m.cores} cores (${m.cpu}), ${m.memoryGb.toFixed(1)} GB memory, Node ${m.node}, ${m.os}`);
  out.push(
    `- code: commit ${m.commit}${m.dirty ? `, plus ${m.dirty} uncommitted file(s) under src/ in the build (the working tree is shared)` : ''}`,
  );
  out.push(
    loaded
      ? `- load: **the machine was loaded during some measurements** (another process used up to ${Math.max(...results.map((r) => r.maxOtherCores)).toFixed(2)} cores); ${loadNotes.join('; ') || 'see the other-load column'}`
      : `- load: quiet; no other process used more than ${LOADED_CORES} of a core during any measurement (checked from /proc/stat around every process)`,
  );
  for (const n of runNotes) out.push(`- **note**: ${n}`);
  out.push(
    `- fixed cost in every process-timed figure: node start ${range(startupStats.node)} s; \`claims --help\` (start and loading every command's modules) ${range(startupStats.claims)} s`,
  );
  out.push('');
  out.push('## Targets', '');
  out.push(
    mdTable(
      ['target', 'figure', 'verdict'],
      t.map((x) => [x.target, x.figure, verdict(x.met)]),
    ),
    '',
  );
  for (const r of results) {
    out.push(`## ${fmtInt(r.rows)} rows (${fmtInt(r.persons)} persons)`, '');
    out.push(
      mdTable(
        [...HEAD, 'other load (cores)'],
        sizeRows(r).map((row, i) => [...row, r.stages[STAGE_KEYS[i]].otherCores.toFixed(2)]),
      ),
    );
    const st = r.stages;
    out.push('');
    out.push(
      `Rows read: xlsx ${fmtInt(st.xlsx.detail.rows)} (${fmtInt(st.xlsx.detail.accepted)} accepted, ${fmtInt(st.xlsx.detail.rejected)} rejected, ${fmtInt(st.xlsx.detail.duplicates)} duplicates; the anchor saw ${fmtInt(st.xlsx.detail.anchorRows)} rows, ${fmtInt(st.xlsx.detail.anchorCells)} cells), ` +
        `csv ${fmtInt(st.csv.detail.rows)} (anchor ${fmtInt(st.csv.detail.anchorRows)} records, ${fmtInt(st.csv.detail.anchorCells)} fields). ` +
        `Evaluation: ${fmtInt(st.evaluate.lines)} lines of ${fmtInt(st.evaluate.persons)} persons; the process took ${range(st.evaluate.processSeconds)} s in all. ` +
        `Full run: ${fmtInt(st.full.detail.ready)} ready claims, ${fmtInt(st.full.detail.documents)} PDFs. PDFs average ${st.pdf.kbPerPdf.toFixed(1)} KiB; the first PDF of a process (templates and fonts load) took ${range(st.pdf.firstSeconds)} s, not in the rate. ` +
        `Incremental: ${fmtInt(st.incremental.detail.accepted)} lines accepted (${fmtInt(st.incremental.detail.rejected)} rejected, ${fmtInt(st.incremental.detail.duplicates)} duplicates), ` +
        `${fmtInt(st.incremental.detail.evaluation.persons)} persons re-evaluated (${st.incremental.detail.evaluation.mode}), ${fmtInt(st.incremental.detail.documents)} PDFs current.`,
      '',
    );
  }
  const web = results[results.length - 1].web;
  if (web) {
    out.push(`## Web pages (${fmtInt(web.lines)} lines, ${fmtInt(web.claims)} claims)`, '');
    out.push(mdTable(WEB_HEAD, webRows(web)), '');
    out.push(
      `autocannon on loopback, ${web.connections ?? 4} connections, 10 s per page, one signed-in case officer; the server in one process with the in-process queue. ` +
        `Other load during the stage: ${web.otherCores.toFixed(2)} cores; peak RSS ${mb(web.peakRssMb)} MB (server and load tool in one process). How: bench/stages/web.mjs.`,
      '',
    );
  }
  if (service) {
    out.push(`## Service mode (${fmtInt(service.rows)} rows)`, '');
    out.push(mdTable(SERVICE_HEAD, serviceRows(service)), '');
    out.push(
      `Redis of its own (AOF on), \`claims worker\` processes started and idle before each clock starts. Other load during the stage: ${service.otherCores.toFixed(2)} cores. ` +
        `How each figure is measured: bench/stages/service.mjs and [README.md](README.md).`,
      '',
    );
  }
  const g = growthRows(results);
  if (g) out.push('## Growth with the work', '', mdTable(g.head, g.body), '');
  const profiled = results.filter((r) => Object.keys(r.profiles).length > 0);
  if (profiled.length) {
    out.push('## CPU profiles (top self time, one `--cpu-prof` run, all threads)', '');
    for (const r of profiled) {
      for (const [name, p] of Object.entries(r.profiles)) {
        out.push(`### ${name}, ${fmtInt(r.rows)} rows (${(p.totalMs / 1000).toFixed(2)} s sampled)`, '');
        out.push(
          mdTable(
            ['self %', 'self ms', 'function'],
            p.rows.map((x) => [x.pct.toFixed(1), x.ms.toFixed(0), `\`${x.fn}\``]),
          ),
          '',
        );
      }
    }
  }
  return out.join('\n');
}

function summaryJson(r, service) {
  const st = r.stages;
  return {
    rows: r.rows,
    xlsx: { seconds: st.xlsx.seconds.median, anchorSeconds: st.xlsx.anchorSeconds.median, ratio: st.xlsx.ratio, peakRssMb: st.xlsx.peakRssMb },
    csv: { seconds: st.csv.seconds.median, anchorSeconds: st.csv.anchorSeconds.median, ratio: st.csv.ratio, peakRssMb: st.csv.peakRssMb },
    evaluate: { seconds: st.evaluate.seconds.median, floorSeconds: st.evaluate.floorSeconds.median, linesPerSecond: st.evaluate.linesPerSecond },
    pdf: { perSecond: st.pdf.perSecond },
    incremental: { seconds: st.incremental.seconds.median, fullSeconds: st.incremental.fullSeconds.median, ratio: st.incremental.ratio },
    unitFigures: { seconds: st.unitFigures.seconds.median },
    units: { seconds: st.units.seconds.median },
    sie: { seconds: st.sie.seconds.median },
    web: r.web ? { pages: r.web.pages } : null,
    service: service
      ? {
          queueOverhead: service.large.overhead,
          documentsSpeedup: service.documents.speedup,
          smallBatches: { perSecond: service.small.batchesPerSecond, p50Seconds: service.small.p50Seconds, p95Seconds: service.small.p95Seconds },
        }
      : null,
  };
}

// ---- main ---------------------------------------------------------------------------------------

if (!existsSync(join(ROOT, 'dist/src/cli/main.js'))) {
  console.error('bench: dist/ is missing: run `npm run build` (npm run bench does)');
  process.exit(2);
}
if (opts['data-only']) {
  for (const rows of SIZES) log(`data ready: ${(await ensureSample(rows)).dir}`);
  process.exit(0);
}
const startedAt = new Date();
const m = machine();
log(`sizes ${SIZES.map(fmtInt).join(', ')}; ${RUNS} runs each; ${m.cores} cores, Node ${m.node}`);
const startup = { node: [], claims: [] };
for (let i = 0; i < RUNS; i++) {
  startup.node.push((await measure(['-e', '0'])).wall);
  startup.claims.push((await measure([CLAIMS, '--help'])).wall);
}
const startupStats = { node: stats(startup.node), claims: stats(startup.claims) };
const results = [];
const builtAt = distStamp();
for (const rows of SIZES) {
  results.push(await stagesFor(rows));
  if (distStamp() !== builtAt) {
    runNotes.push(`dist/ was rebuilt (by someone else) while ${fmtInt(rows)} rows were measured: figures may mix two builds`);
    log(runNotes[runNotes.length - 1]);
  }
}
const service = opts['no-service'] ? null : await serviceStage(SIZES[SIZES.length - 1]);
const minutes = (Date.now() - startedAt.getTime()) / 60000;

for (const r of results) {
  console.log(`\n${fmtInt(r.rows)} rows (${fmtInt(r.persons)} persons), ${RUNS} runs`);
  console.log(textTable(HEAD, sizeRows(r)));
}
if (results[results.length - 1].web) {
  console.log(`\nweb pages, ${fmtInt(results[results.length - 1].web.lines)} lines`);
  console.log(textTable(WEB_HEAD, webRows(results[results.length - 1].web)));
}
if (service) {
  console.log(`\nservice mode, ${fmtInt(service.rows)} rows`);
  console.log(textTable(SERVICE_HEAD, serviceRows(service)));
}
console.log('\ntargets');
console.log(
  textTable(
    ['target', 'figure', 'verdict'],
    targets(results, service).map((x) => [x.target, x.figure, verdict(x.met)]),
  ),
);
mkdirSync(dirname(resolve(opts.results)), { recursive: true });
writeFileSync(opts.results, `${resultsMarkdown(results, m, startedAt, minutes, startupStats, service)}\n`);
console.log(`\nwritten ${opts.results}`);
if (opts.json) console.log(JSON.stringify(summaryJson(results[results.length - 1], service)));
