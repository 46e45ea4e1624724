// `claims run`: ingest → evaluate → documents for one batch, in this process. It prints nothing
// (callers decide how to report) and logs no personal data. The outputs are written by the same
// functions the service's jobs use (outputs.ts).
import type { Config } from '../config.js';
import type { Claim, IsoDate } from '../domain/types.js';
import type { FileReport } from '../domain/batch.js';
import { ingestFiles } from '../ingest/ingest.js';
import type { Db } from '../store/db.js';
import { loadAllPersons } from '../store/persons.js';
import { makePrivateDir } from '../util/private-dir.js';
import type { DocumentError } from './applications.js';
import { type EvaluationSummary, evaluateStore } from './evaluate.js';
import { readStoreState, rejectedRowCount, writeAllApplications, writeFinance, writeRecords } from './outputs.js';
import { tracePhase } from './trace.js';

export { schablonQuarters } from './schablon-quarters.js';

/** Where a run stands: each file's rows read and the file stored, the evaluation done, the documents started and done. */
export type RunPhase = 'file-read' | 'file-done' | 'evaluating' | 'evaluated' | 'documents' | 'documents-done';

export interface RunOptions {
  files: string[];
  asOf: IsoDate;
  outDir: string;
  config: Config;
  onProgress?: Parameters<typeof ingestFiles>[2]['onProgress'];
  /** Told at each phase: where an entry point may tune its own process (src/cli/memory.ts); the pipeline tunes nothing. */
  onPhase?: (phase: RunPhase) => void;
}

export interface RunResult {
  files: FileReport[];
  evaluation: EvaluationSummary;
  claims: Claim[];
  documents: number;
  /** Applications that could not be drawn or saved (their claims have no document). */
  documentErrors: DocumentError[];
  rejectedRows: number;
  netOre: number;
  balanced: boolean;
}

export async function runBatch(db: Db, opts: RunOptions): Promise<RunResult> {
  makePrivateDir(opts.outDir);
  const phase = (p: RunPhase) => opts.onPhase?.(p);
  const files = await ingestFiles(db, opts.files, {
    asOf: opts.asOf,
    config: opts.config,
    onProgress: opts.onProgress,
    onFileRead: () => phase('file-read'),
    onFileDone: () => phase('file-done'),
  });
  tracePhase('ingest');
  phase('evaluating');
  const persons = loadAllPersons(db);
  const evaluation = await evaluateStore(db, { asOf: opts.asOf, config: opts.config, persons });
  tracePhase('evaluate');
  phase('evaluated');

  const out = { outDir: opts.outDir, asOf: opts.asOf, config: opts.config, files };
  const state = readStoreState(db, persons);
  tracePhase('load claims, persons, fates');
  phase('documents');
  const documents = await writeAllApplications(db, out, state);
  tracePhase('applications');
  const { balanced } = await writeRecords(db, out, state, documents);
  await writeFinance(out, state);
  phase('documents-done');
  return {
    files,
    evaluation,
    claims: state.claims,
    documents: documents.documented.size,
    documentErrors: documents.errors,
    rejectedRows: rejectedRowCount(files),
    netOre: state.netOre,
    balanced,
  };
}
