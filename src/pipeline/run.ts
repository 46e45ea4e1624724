// `claims run`: ingest → evaluate → documents for one batch, in this process. It prints nothing
// (callers decide how to report) and logs no personal data. The outputs are written by the same
// functions the service's jobs use (outputs.ts).
import { mkdirSync } from 'node:fs';
import type { Config } from '../config.js';
import type { Claim, IsoDate } from '../domain/types.js';
import { type IngestFileReport, ingestFiles } from '../ingest/ingest.js';
import type { Db } from '../store/db.js';
import { loadAllPersons } from '../store/persons-read.js';
import { type EvaluationSummary, evaluateStore } from './evaluate.js';
import { collectGarbage } from '../util/gc.js';
import { withTightHeap } from '../util/heap-policy.js';
import type { DocumentError } from './applications.js';
import { readStoreState, rejectedRowCount, writeAllApplications, writeFinance, writeRecords } from './outputs.js';
import { tracePhase } from './trace.js';

export { schablonQuarters } from './schablon-quarters.js';

export interface RunOptions {
  files: string[];
  asOf: IsoDate;
  outDir: string;
  config: Config;
  onProgress?: Parameters<typeof ingestFiles>[2]['onProgress'];
}

export interface RunResult {
  files: IngestFileReport[];
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
  mkdirSync(opts.outDir, { recursive: true });
  const files = await ingestFiles(db, opts.files, { asOf: opts.asOf, config: opts.config, onProgress: opts.onProgress });
  tracePhase('ingest');
  const persons = loadAllPersons(db);
  const evaluation = await evaluateStore(db, { asOf: opts.asOf, config: opts.config, persons });
  tracePhase('evaluate');

  const out = { outDir: opts.outDir, asOf: opts.asOf, config: opts.config, files };
  const state = readStoreState(db, persons);
  tracePhase('load claims, persons, fates');

  // The outputs: documents are drawn with the heap kept tight (src/util/heap-policy.ts).
  const { documented, documentErrors, balanced } = await withTightHeap(async () => {
    const documents = await writeAllApplications(db, out, state);
    tracePhase('applications');
    const { balanced } = await writeRecords(db, out, state, documents);
    collectGarbage(); // the drawing's garbage goes before the summary's one large document grows
    await writeFinance(out, state);
    return { documented: documents.documented, documentErrors: documents.errors, balanced };
  });
  return { files, evaluation, claims: state.claims, documents: documented.size, documentErrors, rejectedRows: rejectedRowCount(files), netOre: state.netOre, balanced };
}
