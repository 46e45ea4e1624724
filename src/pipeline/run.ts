// `claims run`: ingest → evaluate → documents for one batch. The CLI, the jobs and the web app all
// call this; it prints nothing (callers decide how to report) and logs no personal data.
import { mkdirSync } from 'node:fs';
import type { Config } from '../config.js';
import { quarterOf, quarterStart, addMonths } from '../domain/dates.js';
import type { Claim, IsoDate } from '../domain/types.js';
import { type IngestFileReport, ingestFiles, listRejectedRows } from '../ingest/ingest.js';
import { expectedSchablon } from '../rules/schablon.js';
import { fateTotals, listClaims } from '../store/claims.js';
import type { Db } from '../store/db.js';
import { loadAllPersons, personResolver } from '../store/persons-read.js';
import { writeClaimsJson, writeReconciliationJson } from './claims-json.js';
import { type EvaluationSummary, evaluateStore } from './evaluate.js';
import { updateUnitFigures } from './unit-figures.js';
import { collectGarbage } from '../util/gc.js';
import { withTightHeap } from '../util/heap-policy.js';
import { writeRejectedRows } from './rejected-rows.js';
import { tracePhase } from './trace.js';

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
  rejectedRows: number;
  netOre: number;
  balanced: boolean;
}

/** The quarters the finance summary shows expected schablon for: last year's and this year's up to as-of. */
export function schablonQuarters(asOf: IsoDate): string[] {
  const quarters: string[] = [];
  const current = quarterOf(asOf);
  for (let q = quarterOf(`${Number(asOf.slice(0, 4)) - 1}-01-01`); ; q = quarterOf(addMonths(quarterStart(q), 3))) {
    quarters.push(q);
    if (q === current) break;
  }
  return quarters;
}

export async function runBatch(db: Db, opts: RunOptions): Promise<RunResult> {
  mkdirSync(opts.outDir, { recursive: true });
  const files = await ingestFiles(db, opts.files, { asOf: opts.asOf, config: opts.config, onProgress: opts.onProgress });
  tracePhase('ingest');
  const persons = loadAllPersons(db);
  const evaluation = await evaluateStore(db, { asOf: opts.asOf, config: opts.config, persons });
  tracePhase('evaluate');

  const claims = listClaims(db);
  const resolve = personResolver(persons);
  const fates = fateTotals(db);
  const { lines, netOre } = db.prepare('SELECT COUNT(*) AS lines, COALESCE(SUM(amount_ore - fee_ore), 0) AS netOre FROM cost_lines').get() as {
    lines: number;
    netOre: number;
  };
  const fileIds = files.filter((f) => f.fileId !== null && !f.alreadyIngested).map((f) => f.fileId!);
  const rejected = listRejectedRows(db, fileIds);
  const rejectedRows = files.reduce((sum, f) => sum + f.rejected, 0);
  tracePhase('load claims, persons, fates');

  // The outputs: documents are drawn with the heap kept tight (src/util/heap-policy.ts).
  const { documented, balanced } = await withTightHeap(async () => {
    // Loaded only now: pdfkit and the fonts need not take memory while the files are read.
    const [{ writeApplications }, { writeFinanceSummary }] = await Promise.all([import('./applications.js'), import('../documents/finance.js')]);
    const documented = await writeApplications(db, { outDir: opts.outDir, asOf: opts.asOf, config: opts.config, claims, persons, resolve });
    tracePhase('applications');
    writeClaimsJson(opts.outDir, { asOf: opts.asOf, claims, documented, fates, netOre, rejectedRows });
    const claimsByStatus: Record<string, { count: number; claimOre: number }> = {};
    for (const c of claims) {
      const s = (claimsByStatus[c.status] ??= { count: 0, claimOre: 0 });
      s.count++;
      s.claimOre += c.claimOre;
    }
    const { balanced } = writeReconciliationJson(opts.outDir, { asOf: opts.asOf, files, storedLines: lines, netOre, fates, claimsByStatus });
    tracePhase('claims.json, reconciliation.json');
    await writeRejectedRows(opts.outDir, rejected);
    tracePhase('rejected rows');
    const notPapperslos = claims.filter((c) => persons.get(c.personId)?.group !== 'papperslös');
    collectGarbage(); // the drawing's garbage goes before the summary's one large document grows
    await writeFinanceSummary(opts.outDir, {
      asOf: opts.asOf,
      region: opts.config.region,
      claims: notPapperslos,
      persons,
      schablon: expectedSchablon([...persons.values()], schablonQuarters(opts.asOf), opts.config.schablon),
    });
    tracePhase('finance summary');
    return { documented, balanced };
  });
  // Last: the documents never wait for the unit figures, and a run stopped before this step
  // leaves them stale, to be computed by the next run or report.
  await updateUnitFigures(db, { persons });
  tracePhase('unit figures');
  return { files, evaluation, claims, documents: documented.size, rejectedRows, netOre, balanced };
}
