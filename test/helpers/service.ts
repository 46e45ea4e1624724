// Service test helpers: `claims worker` processes with their logs, small input files, and reading
// what a run wrote.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/claims.js', import.meta.url));

export interface LogLine {
  level: number;
  msg: string;
  pid: number;
  job?: string;
  jobId?: string;
  batchId?: string;
  outcome?: string;
  [k: string]: unknown;
}

export interface WorkerProcess {
  proc: ChildProcess;
  pid: number;
  logs: LogLine[];
  /** Everything it wrote, for the privacy checks. */
  output(): string;
  waitForLog(pred: (l: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  exited: Promise<number | null>;
  kill(signal: NodeJS.Signals): void;
}

export function startWorker(args: string[], env: NodeJS.ProcessEnv): WorkerProcess {
  const proc = spawn(process.execPath, [BIN, 'worker', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const logs: LogLine[] = [];
  let out = '';
  let buffer = '';
  proc.stdout!.on('data', (d: Buffer) => {
    out += d;
    buffer += d;
    const lines = buffer.split('\n');
    buffer = lines.pop()!;
    for (const line of lines) {
      try {
        logs.push(JSON.parse(line) as LogLine);
      } catch {
        // not a log line
      }
    }
  });
  proc.stderr!.on('data', (d: Buffer) => {
    out += d;
  });
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return {
    proc,
    pid: proc.pid!,
    logs,
    output: () => out,
    exited,
    kill: (signal) => proc.kill(signal),
    async waitForLog(pred, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = logs.find(pred);
        if (found) return found;
        if (proc.exitCode !== null) throw new Error(`the worker exited (${proc.exitCode}) before the log line came:\n${out.slice(-3000)}`);
        if (Date.now() > deadline) throw new Error(`no such log line within ${timeoutMs} ms:\n${out.slice(-3000)}`);
        await sleep(50);
      }
    },
  };
}

export async function stopWorkers(workers: readonly WorkerProcess[]): Promise<void> {
  for (const w of workers) if (w.proc.exitCode === null && w.proc.signalCode === null) w.kill('SIGKILL');
  await Promise.all(workers.map((w) => w.exited));
}

export const COST_HEADER =
  'Personnummer;Vårdkontakt;Datum;Belopp;Kostnadstyp;Vårdkategori;Vårdform;Patientavgift;Diagnos;Ordinerad av läkare;Vårdenhet';
export const PERSON_HEADER = 'Personnummer;Grupp;Dossiernummer;LMA från;LMA till;Kommunmottagen;Varaktigt vårdbehov;Samband;Grundsjukdom';

/** A register and a cost export with ready, waiting and needs-assessment claims, a rejected row and a papperslös person. */
export function smallInputs(dir: string): { persons: string; costs: string } {
  const persons = join(dir, 'personer.csv');
  writeFileSync(
    persons,
    [
      PERSON_HEADER,
      '19881111-1015;asylsökande;11223344;2024-10-01;;;;;',
      '19750315-3038;uppehållstillstånd;99887766;;;2023-11-20;ja;ja;F43',
      '19900101-0017;papperslös;;;;;;;',
      '20100505-1238;asylsökande;55667788;2024-01-01;;;;;',
      '19790202-4566;massflykting;44556677;2024-03-01;;;;;',
      '19820303-7893;asylsökande;33445566;2024-06-01;;;;;',
    ].join('\n'),
  );
  const costs = join(dir, 'kostnader.csv');
  writeFileSync(
    costs,
    [
      COST_HEADER,
      '19881111-1015;S-1;2025-02-03;150 000,00;vård;akut;slutenvård_somatik;0;;ja;Medicin',
      '19881111-1015;S-2;2025-05-03;120 000,00;vård;akut;slutenvård_somatik;100;;ja;Medicin',
      '19750315-3038;V-1;2025-01-10;40 000,00;vård;övrig;öppen_specialistvård;0;F43.1;ja;Psyk',
      '19750315-3038;V-1;2025-03-10;30 000,00;vård;övrig;öppen_specialistvård;0;F43.1;ja;Psyk',
      '19900101-0017;P-1;2025-03-10;200 000,00;vård;akut;slutenvård_somatik;0;;ja;Medicin',
      '20100505-1238;B-1;2025-06-01;130 000,00;vård;övrig;slutenvård_somatik;0;;ja;Barn',
      '20100505-1238;B-2;2025-08-01;101 000,00;tolk;övrig;slutenvård_somatik;0;;ja;Barn',
      '19790202-4566;M-1;2025-04-11;160 000,00;vård;kan_ej_anstå;slutenvård_psykiatri;0;F32;ja;Psyk',
      '19820303-7893;A-1;2025-07-01;90 000,00;vård;akut;slutenvård_somatik;0;;ja;Kirurgi',
      '19820303-7893;A-1;2025-07-20;45 000,00;vård;akut;slutenvård_somatik;0;;ja;Kirurgi',
      '19881111-1015;S-3;2025-13-01;1 000,00;vård;akut;slutenvård_somatik;0;;ja;Medicin',
    ].join('\n'),
  );
  return { persons, costs };
}

export function readJson<T = unknown>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}
