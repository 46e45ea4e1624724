// Every run of a scheduled job (the yearly reports, the daily reminders) with its start, end and
// result, for the web page and for an auditor: counts and file paths only.
import type { Db } from './db.js';

export interface ScheduledRun {
  id: number;
  job: string;
  /** The queue's id of the run (one per scheduled time). */
  runKey: string;
  startedAt: string;
  finishedAt: string | null;
  status: 'running' | 'done' | 'failed';
  /** JSON on success (what was written), a Swedish message on failure. */
  result: string | null;
}

export function startScheduledRun(db: Db, job: string, runKey: string, now = new Date()): number {
  return Number(
    db.prepare("INSERT INTO scheduled_runs (job, run_key, started_at, status) VALUES (?, ?, ?, 'running')").run(job, runKey, now.toISOString())
      .lastInsertRowid,
  );
}

export function endScheduledRun(db: Db, id: number, status: 'done' | 'failed', result: string, now = new Date()): void {
  db.prepare('UPDATE scheduled_runs SET status = ?, result = ?, finished_at = ? WHERE id = ?').run(status, result, now.toISOString(), id);
}

interface Row {
  id: number;
  job: string;
  run_key: string;
  started_at: string;
  finished_at: string | null;
  status: ScheduledRun['status'];
  result: string | null;
}

/** The latest runs, newest first (of one job, or all). */
export function listScheduledRuns(db: Db, opts: { job?: string; limit?: number } = {}): ScheduledRun[] {
  const rows = (
    opts.job
      ? db.prepare('SELECT * FROM scheduled_runs WHERE job = ? ORDER BY started_at DESC, id DESC LIMIT ?').all(opts.job, opts.limit ?? 50)
      : db.prepare('SELECT * FROM scheduled_runs ORDER BY started_at DESC, id DESC LIMIT ?').all(opts.limit ?? 50)
  ) as Row[];
  return rows.map((r) => ({
    id: r.id,
    job: r.job,
    runKey: r.run_key,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    status: r.status,
    result: r.result,
  }));
}
