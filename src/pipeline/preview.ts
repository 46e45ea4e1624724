// A preview of uploaded files (issue 9): what `claims ingest --json` would count for them (kind,
// rows, accepted, rejected with reasons, duplicates), without storing anything. The files are
// ingested into a throwaway in-memory database from a private temporary folder that is removed
// afterwards; the real store is only read: whether the same bytes were read before, and which of
// the lines it holds already (those count as duplicates, as the batch will count them).
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FileReport } from '../domain/batch.js';
import type { IsoDate } from '../domain/types.js';
import { ingestFiles } from '../ingest/ingest.js';
import { type Db, openDb } from '../store/db.js';
import { type RejectedRowView, listRejectedRows } from '../store/rejected-rows.js';
import { countStoredKeys, dedupeKeysOfFile } from '../store/cost-lines.js';
import { findSourceFile } from '../store/source-files.js';
import { PRIVATE_FILE_MODE } from '../util/private-dir.js';

export interface PreviewFile {
  /** The user's file name. */
  name: string;
  bytes: Uint8Array;
}

export interface Preview {
  files: Omit<FileReport, 'fileId'>[];
  /** Rejected cells (identities masked by the ingest), in file and row order, at most `maxRejected`. */
  rejected: RejectedRowView[];
  rejectedTotal: number;
}

export async function previewFiles(
  store: Db,
  files: readonly PreviewFile[],
  opts: { asOf: IsoDate; config: { headerAliases: Readonly<Record<string, readonly string[]>> }; maxRejected?: number },
): Promise<Preview> {
  const dir = mkdtempSync(join(tmpdir(), 'claims-preview-'));
  const scratch = openDb(':memory:');
  try {
    const paths = files.map((f, i) => {
      const path = join(dir, String(i));
      writeFileSync(path, f.bytes, { mode: PRIVATE_FILE_MODE });
      return path;
    });
    const reports = await ingestFiles(scratch, paths, { asOf: opts.asOf, config: opts.config, writerThread: 'never' });
    const rejected = listRejectedRows(
      scratch,
      reports.flatMap((r) => (r.fileId === null ? [] : [r.fileId])),
    );
    const names = new Map(paths.map((p, i) => [String(i), files[i]!.name]));
    return {
      files: reports.map((r, i) => {
        const seen = findSourceFile(store, createHash('sha256').update(files[i]!.bytes).digest('hex'));
        const { fileId, ...rest } = r;
        // Lines the store holds already: the scratch database took them as new.
        const stored = seen === null && fileId !== null && r.kind === 'costs' ? countStoredKeys(store, dedupeKeysOfFile(scratch, fileId)) : 0;
        // The error names the temporary path: say the user's file name instead.
        const error = r.error === null ? null : r.error.split(paths[i]!).join(files[i]!.name);
        return {
          ...rest,
          accepted: rest.accepted - stored,
          duplicates: rest.duplicates + stored,
          file: files[i]!.name,
          alreadyIngested: seen !== null,
          error,
        };
      }),
      rejected: rejected.slice(0, opts.maxRejected ?? 500).map((r) => ({ ...r, file: names.get(r.file) ?? r.file })),
      rejectedTotal: rejected.length,
    };
  } finally {
    scratch.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
