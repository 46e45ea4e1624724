// Rapporter: the yearly SKR and Socialstyrelsen reports (SPEC §6.4) run on request through the
// queue's `reports` job (as the 15 January schedule runs them), the runs with their results, and
// their files. A file is downloaded by run id and position: its path comes from the stored run,
// and only paths under this server's out/reports are served.
import { existsSync } from 'node:fs';
import { basename, resolve, sep } from 'node:path';
import { todayInStockholm } from '../../domain/dates.js';
import { audit } from '../../store/audit.js';
import { type ScheduledRun, listScheduledRuns } from '../../store/scheduled-runs.js';
import type { WebDeps } from '../deps.js';

export interface ReportRun {
  run: ScheduledRun;
  year: number | null;
  files: { index: number; name: string }[];
  /** Swedish, when it failed. */
  error: string | null;
}

function filesOf(run: ScheduledRun): string[] {
  if (run.status !== 'done' || run.result === null) return [];
  try {
    const r = JSON.parse(run.result) as { files?: unknown };
    return Array.isArray(r.files) ? r.files.filter((f): f is string => typeof f === 'string') : [];
  } catch {
    return [];
  }
}

function yearOf(run: ScheduledRun): number | null {
  try {
    const r = JSON.parse(run.result ?? 'null') as { year?: unknown } | null;
    return typeof r?.year === 'number' ? r.year : null;
  } catch {
    return null;
  }
}

export function reportRuns(deps: WebDeps): ReportRun[] {
  return listScheduledRuns(deps.db, { job: 'reports', limit: 30 }).map((run) => ({
    run,
    year: yearOf(run),
    files: filesOf(run).map((f, index) => ({ index, name: basename(f) })),
    error: run.status === 'failed' ? run.result : null,
  }));
}

/** Enqueues the reports of `year` now; they appear among the runs when the job starts. */
export async function requestReports(deps: WebDeps, user: string, year: number): Promise<void> {
  const asOf = (deps.today ?? todayInStockholm)();
  await deps.backend.enqueue({ name: 'reports', payload: { year, asOf }, jobId: `reports-webb-${year}-${Date.now()}` });
  audit(deps.db, { user, action: `rapporter beställda för ${year}`, object: null, outcome: 'ok' });
}

const TYPES: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export function reportFile(deps: WebDeps, user: string, runId: number, index: number): { path: string; name: string; type: string } | null {
  const run = listScheduledRuns(deps.db, { job: 'reports', limit: 1000 }).find((r) => r.id === runId);
  const stored = run ? filesOf(run)[index] : undefined;
  if (!stored) return null;
  const path = resolve(stored);
  const root = resolve(deps.outDir, 'reports') + sep;
  const type = TYPES[path.slice(path.lastIndexOf('.'))];
  if (!path.startsWith(root) || !type || !existsSync(path)) return null;
  audit(deps.db, { user, action: 'rapport hämtad', object: basename(path), outcome: 'ok' });
  return { path, name: basename(path), type };
}
