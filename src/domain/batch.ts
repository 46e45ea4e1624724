// A batch (SPEC §7): one upload of one or more files with an as-of date, run by the service as
// ingest (each file, in the order given) → evaluate → documents. These are the shapes the batch
// store keeps and the CLI and the web show: counts, amounts and file names, never personal data.
import type { ClaimStatus, IsoDate } from './types.js';

export const BATCH_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export type BatchStatus = (typeof BATCH_STATUSES)[number];

/** One file's result as `claims ingest --json` reports it, plus its row in source_files. */
export interface FileReport {
  /** The file name as the user gave it. */
  file: string;
  kind: 'costs' | 'persons' | null;
  rows: number;
  accepted: number;
  rejected: number;
  duplicates: number;
  alreadyIngested: boolean;
  fileId: number | null;
  /** Swedish, names the file; set when it could not be read at all. */
  error: string | null;
}

export interface EvaluationSummary {
  mode: 'full' | 'incremental';
  persons: number;
  lines: number;
}

/** What `claims run --json` prints: the same object for a batch once it is done. */
export interface RunSummary {
  asOf: IsoDate;
  out: string;
  files: Omit<FileReport, 'fileId'>[];
  evaluation: EvaluationSummary;
  claims: Record<ClaimStatus, { count: number; claimOre: number }>;
  documents: number;
  documentErrors: { claimId: string; reason: string }[];
  netOre: number;
  rejectedRows: number;
  balanced: boolean;
}
