// Ingest (SPEC §3): files in the order given. Each file's path through here is one line of steps:
// open and fingerprint it → seen before? → read its rows → find the header and the kind → validate
// each row → (cost exports) dedupe → store, streamed; (registers) check the persons' rows agree →
// store. A file goes in whole or not at all; one that cannot be read at all gets `error` and leaves
// nothing behind, and the other files still go in. Messages name files and rows, never personal data.
import { basename } from 'node:path';
import type { IsoDate } from '../domain/types.js';
import type { Db } from '../store/db.js';
import { findSourceFile, isDuplicateSourceFile, type SourceFileMeta } from '../store/source-files.js';
import { CostRowSink, type CostWriterChannel, LocalWriter, ThreadWriter, writerThreadAvailable } from './cost-sink.js';
import { type AliasTables, buildAliasTables, findHeader, noHeaderMessage } from './headers.js';
import { type OpenedFile, openInputFile, unreadableReason } from './input-file.js';
import { RegisterSink } from './register-sink.js';
import { RowValidator } from './row-validator.js';
import { openRowSource } from './rows.js';
import { rowKindFor } from './schemas.js';
import { contextParsers } from './values.js';
import { validateRows } from './validate-rows.js';
import { UnreadableFileError } from './readers/errors.js';
import type { FileReport } from '../domain/batch.js';
import { printable } from '../util/printable.js';

export interface IngestProgress {
  file: string;
  rows: number;
  bytesRead?: number;
  totalBytes?: number;
}

/** What the steps after the header need to know of the run. */
export interface IngestOptions {
  asOf: IsoDate;
  config: { headerAliases: Readonly<Record<string, readonly string[]>> };
  onProgress?: (p: IngestProgress) => void;
  /**
   * When a file's rows are all read (its storing may still be finishing), and when the file is done:
   * where an entry point may tidy its process (src/cli/memory.ts).
   */
  onFileRead?: () => void;
  onFileDone?: () => void;
  /**
   * Store large cost exports from the writer thread: 'auto' (default) when the database is a file
   * and the compiled thread script is there; 'always' fails without them; 'never' stores here.
   */
  writerThread?: 'auto' | 'always' | 'never';
}

/** Files at least this large are stored from the writer thread. */
const THREAD_MIN_BYTES = 4 * 1024 * 1024;
/** Bytes per row, to guess a file's row count from its size. */
const BYTES_PER_ROW = { csv: 110, xlsx: 40 } as const;

function emptyReport(file: string): FileReport {
  return { file, kind: null, rows: 0, accepted: 0, rejected: 0, duplicates: 0, alreadyIngested: false, fileId: null, error: null };
}

/** Where a run's cost exports are stored: here, or (large files) on one writer thread for the run. */
class CostWriters {
  private thread: ThreadWriter | null = null;
  private readonly local: LocalWriter;

  constructor(
    private readonly db: Db,
    private readonly mode: 'auto' | 'always' | 'never',
  ) {
    this.local = new LocalWriter(db);
    if (mode === 'always' && (db.memory || !writerThreadAvailable()))
      throw new Error('skrivtråden finns inte (kör den byggda koden mot en databasfil)');
  }

  for(file: OpenedFile): CostWriterChannel {
    const useThread = this.mode === 'always' || (this.mode === 'auto' && file.size >= THREAD_MIN_BYTES && !this.db.memory && writerThreadAvailable());
    return useThread ? (this.thread ??= new ThreadWriter(this.db.name)) : this.local;
  }

  async close(): Promise<void> {
    await this.thread?.close();
  }
}

export async function ingestFiles(db: Db, paths: string[], opts: IngestOptions): Promise<FileReport[]> {
  const tables = buildAliasTables(opts.config);
  const writers = new CostWriters(db, opts.writerThread ?? 'auto');
  const reports: FileReport[] = [];
  try {
    for (const path of paths) {
      reports.push(await ingestFile(db, path, tables, writers, opts));
      opts.onFileDone?.();
    }
  } finally {
    await writers.close();
  }
  return reports;
}

async function ingestFile(db: Db, path: string, tables: AliasTables, writers: CostWriters, opts: IngestOptions): Promise<FileReport> {
  const report = emptyReport(path);
  let file: OpenedFile | null = null;
  try {
    file = await openInputFile(path);
    const seen = findSourceFile(db, file.sha256);
    if (seen) return { ...report, alreadyIngested: true, kind: seen.kind, fileId: seen.id };
    const source = await openRowSource(file);
    try {
      const found = await findHeader(source, tables);
      if (!found) throw new UnreadableFileError(noHeaderMessage());
      const meta: SourceFileMeta = {
        sha256: file.sha256,
        name: basename(path),
        kind: found.match.kind,
        sheet: found.sheet,
        ingestedAt: new Date().toISOString(),
        hasContactEnd: found.match.index.has('contact_end'),
      };
      const parsers = contextParsers({ asOf: opts.asOf, date1904: source.date1904 });
      const size = file.size;
      const onRows = (rows: number) => opts.onProgress?.({ file: path, rows, bytesRead: source.bytesRead, totalBytes: size });
      const registerFile = found.match.kind === 'persons';
      const validator = new RowValidator<string>(rowKindFor(registerFile, parsers), found.match.label);
      const sink = registerFile
        ? new RegisterSink(db, meta, found.match)
        : await CostRowSink.open(writers.for(file), {
            ...meta,
            estimatedRows: Math.ceil(size / BYTES_PER_ROW[file.format]),
            allowBulk: file.format === 'csv',
          });
      try {
        await validateRows(found, source, validator, sink, onRows);
        opts.onFileRead?.();
        const stored = await sink.finish();
        return { ...report, kind: found.match.kind, ...stored };
      } catch (err) {
        await sink.abort();
        throw err;
      }
    } finally {
      source.close();
    }
  } catch (err) {
    if (file && isDuplicateSourceFile(err)) {
      // Another process read the same bytes meanwhile: as if seen before.
      const seen = findSourceFile(db, file.sha256);
      return { ...report, alreadyIngested: true, kind: seen?.kind ?? null, fileId: seen?.id ?? null };
    }
    const reason = unreadableReason(err);
    if (reason === null) throw err;
    // The name as given, escaped: it is printed, and a name may hold line breaks or escape codes.
    return { ...report, error: `${printable(path)}: ${reason}` };
  } finally {
    await file?.close();
  }
}
