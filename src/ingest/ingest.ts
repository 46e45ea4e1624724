// Ingest (SPEC §3): files in the order given, each detected by its header row, validated row by row
// and stored whole or not at all. A file whose bytes were ingested before adds nothing and counts
// nothing; a file that cannot be read at all gets `error` and leaves nothing behind, and the other
// files still go in. Messages name files and rows, never personal data.
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import type { Config } from '../config.js';
import type { IsoDate } from '../domain/types.js';
import type { Db } from '../store/db.js';
import { type CostSink, LocalSink, WorkerSink, workerAvailable } from './cost-sink.js';
import { readCostRows, validatorSpec } from './costs.js';
import { collectGarbage } from '../util/gc.js';
import { buildAliasTables, noHeaderMessage } from './headers.js';
import { ingestRegister } from './persons.js';
import { openFailureReason, openRegularFile } from './readers/open-file.js';
import { UnreadableFileError, sniffFile } from './readers/sniff.js';
import { printable } from '../util/printable.js';
import { findHeader, openRowSource } from './rows.js';

export interface IngestFileReport {
  /** The path as given. */
  file: string;
  kind: 'costs' | 'persons' | null;
  rows: number;
  accepted: number;
  rejected: number;
  duplicates: number;
  alreadyIngested: boolean;
  fileId: number | null;
  /** Swedish, names the file and the reason, no personal data; set when the file could not be read at all. */
  error: string | null;
}

export interface IngestProgress {
  file: string;
  rows: number;
  bytesRead?: number;
  totalBytes?: number;
}

export interface IngestOptions {
  asOf: IsoDate;
  config: Config;
  onProgress?: (p: IngestProgress) => void;
  /** Insert large cost exports from a worker thread (default: when the database is a file). */
  worker?: boolean;
}

/** Files at least this large are inserted from the worker thread. */
const WORKER_MIN_BYTES = 4 * 1024 * 1024;
/** Bytes per row, to guess a file's row count from its size. */
const BYTES_PER_ROW = { csv: 110, xlsx: 40 } as const;

/** The file's hash, of the bytes up to the size `sniffed` saw (as the readers read it). */
async function sha256File(path: string, size: number): Promise<string> {
  const h = createHash('sha256');
  const { fh } = await openRegularFile(path);
  if (size === 0) {
    await fh.close();
    return h.digest('hex');
  }
  for await (const chunk of fh.createReadStream({ highWaterMark: 1024 * 1024, start: 0, end: size - 1 })) h.update(chunk as Buffer);
  return h.digest('hex');
}

/**
 * A failure that means the file cannot be read → the Swedish reason shown for it; null for any
 * other error (a bug, a database problem), which is not the file's fault and propagates. Readers
 * turn their libraries' errors into UnreadableFileError, whose messages carry no file content.
 */
function unreadableReason(err: unknown): string | null {
  if (err instanceof UnreadableFileError) return err.message;
  return openFailureReason(err);
}

function emptyReport(file: string): IngestFileReport {
  return { file, kind: null, rows: 0, accepted: 0, rejected: 0, duplicates: 0, alreadyIngested: false, fileId: null, error: null };
}

export async function ingestFiles(db: Db, paths: string[], opts: IngestOptions): Promise<IngestFileReport[]> {
  const tables = buildAliasTables(opts.config);
  const useWorker = (opts.worker ?? process.env.CLAIMS_INGEST_WORKER !== '0') && !db.memory && workerAvailable();
  const local = new LocalSink(db);
  let worker: WorkerSink | null = null;
  const reports: IngestFileReport[] = [];
  const findSeen = db.prepare('SELECT id, kind FROM source_files WHERE sha256 = ?');

  try {
    for (const path of paths) {
      const report = emptyReport(path);
      reports.push(report);
      let sha256 = '';
      try {
        const sniffed = await sniffFile(path);
        sha256 = await sha256File(path, sniffed.size);
        const seen = findSeen.get(sha256) as { id: number; kind: 'costs' | 'persons' } | undefined;
        if (seen) {
          Object.assign(report, { alreadyIngested: true, kind: seen.kind, fileId: seen.id });
          continue;
        }
        const source = await openRowSource(path, sniffed.format, sniffed.zip);
        try {
          const found = await findHeader(source, tables);
          if (!found) throw new UnreadableFileError(noHeaderMessage());
          const progress = (rows: number) => opts.onProgress?.({ file: path, rows, bytesRead: source.bytesRead, totalBytes: sniffed.size });
          const meta = { sha256, name: basename(path), sheet: found.sheet, ingestedAt: new Date().toISOString() };
          if (found.match.kind === 'persons') {
            const r = await ingestRegister(db, found, source, meta, { asOf: opts.asOf }, progress);
            Object.assign(report, { kind: 'persons', fileId: r.fileId, rows: r.rows, accepted: r.accepted, rejected: r.rejected });
          } else {
            let sink: CostSink = local;
            if (useWorker && sniffed.size >= WORKER_MIN_BYTES) sink = worker ??= new WorkerSink(db.name, sniffed.format === 'xlsx');
            const spec = validatorSpec(found, opts.asOf, source.date1904);
            const fileId = await sink.begin(
              {
                ...meta,
                hasContactEnd: found.match.index.has('contact_end'),
                estimatedRows: Math.ceil(sniffed.size / BYTES_PER_ROW[sniffed.format]),
                allowBulk: sniffed.format === 'csv',
              },
              spec,
            );
            try {
              await readCostRows(found, source, sink, spec, progress);
              // The reader's garbage goes before the writer builds its indexes (peak RSS).
              if (sink !== local) collectGarbage();
              Object.assign(report, { kind: 'costs', fileId, ...(await sink.finish()) });
            } catch (err) {
              await sink.abort();
              throw err;
            }
          }
        } finally {
          source.close();
          // V8 sets its next threshold from the heap this file's reader grew to: collecting now
          // sets it from what is live, so the next file (or evaluation) starts small.
          collectGarbage();
        }
      } catch (err) {
        const e = err as { code?: unknown; message?: unknown };
        if (e.code === 'SQLITE_CONSTRAINT_UNIQUE' && String(e.message).includes('source_files.sha256')) {
          // Another process ingested the same bytes meanwhile: as if seen before.
          const seen = findSeen.get(sha256) as { id: number; kind: 'costs' | 'persons' } | undefined;
          Object.assign(report, emptyReport(path), { alreadyIngested: true, kind: seen?.kind ?? null, fileId: seen?.id ?? null });
          continue;
        }
        const reason = unreadableReason(err);
        if (reason === null) throw err;
        // The name as given, escaped: it is printed, and a name may hold line breaks or escape codes.
        Object.assign(report, emptyReport(path), { error: `${printable(path)}: ${reason}` });
      }
    }
  } finally {
    await worker?.close();
  }
  return reports;
}

export interface RejectedRowView {
  file: string;
  sheet: string | null;
  row: number;
  column: string | null;
  value: string | null;
  reason: string;
}

/** Rejected rows of the given files, in file and row order (identity values already masked). */
export function listRejectedRows(db: Db, fileIds: readonly number[]): RejectedRowView[] {
  const out: RejectedRowView[] = [];
  const stmt = db.prepare(
    `SELECT f.name AS file, r.sheet AS sheet, r.row_no AS row, r.column_name AS "column", r.value AS value, r.reason AS reason
     FROM rejected_rows r JOIN source_files f ON f.id = r.file_id
     WHERE r.file_id = ? ORDER BY r.row_no, r.id`,
  );
  for (const id of fileIds) for (const r of stmt.iterate(id) as IterableIterator<RejectedRowView>) out.push(r);
  return out;
}
