// The outputs of a run (SPEC §6.1) from the store as it is: applications/, claims.json,
// reconciliation.json, rejected rows and the finance summary. `claims run` (run.ts) and the
// service's documents job both write them with these functions, so `claims submit --wait` writes
// what `claims run` writes. The service draws the applications in parts on several workers
// (drawApplications per part), then writes everything else in one last step (writeOutputs).
import type { Config } from '../config.js';
import type { FileReport } from '../domain/batch.js';
import type { Claim, Fates, IsoDate, Person } from '../domain/types.js';
import { expectedSchablon } from '../rules/schablon.js';
import { fateTotals, listClaims } from '../store/claims.js';
import type { Db } from '../store/db.js';
import { personResolver } from '../domain/person-of-line.js';
import { lineTotals } from '../store/cost-lines.js';
import { loadAllPersons } from '../store/persons.js';
import { listRejectedRows } from '../store/rejected-rows.js';
import type { ApplicationsOptions, ApplicationsPart, ApplicationsResult, DocumentError, DrawnApplications } from './applications.js';
import { writeClaimsJson, writeReconciliationJson } from './claims-json.js';
import { writeRejectedRows } from './rejected-rows.js';
import { schablonQuarters } from './schablon-quarters.js';
import { tracePhase } from './trace.js';

export interface OutputsOptions {
  outDir: string;
  asOf: IsoDate;
  config: Config;
  /** This run's files (their rejected rows and counts go into the outputs). */
  files: readonly FileReport[];
}

/** What the outputs are made from, read from the store once. */
export interface StoreState {
  persons: Map<string, Person>;
  resolve: (linePersonId: string) => Person | null;
  claims: Claim[];
  fates: Fates;
  storedLines: number;
  netOre: number;
}

export function readStoreState(db: Db, persons: Map<string, Person> = loadAllPersons(db)): StoreState {
  const { lines, netOre } = lineTotals(db);
  return { persons, resolve: personResolver(persons), claims: listClaims(db), fates: fateTotals(db), storedLines: lines, netOre };
}

function applicationsOptions(opts: OutputsOptions, state: Pick<StoreState, 'persons' | 'resolve' | 'claims'>): ApplicationsOptions {
  return { outDir: opts.outDir, asOf: opts.asOf, config: opts.config, claims: state.claims, persons: state.persons, resolve: state.resolve };
}

/** What drawing applications needs from the store (not the fates or line totals). */
export type DrawingState = Pick<StoreState, 'persons' | 'resolve' | 'claims'>;

export function readDrawingState(db: Db): DrawingState {
  const persons = loadAllPersons(db);
  return { persons, resolve: personResolver(persons), claims: listClaims(db) };
}

/** One part of the applications (the service's documents parts). Loaded on use: pdfkit and the fonts are large. */
export async function drawApplicationsPart(db: Db, opts: OutputsOptions, state: DrawingState, part: ApplicationsPart): Promise<DrawnApplications> {
  const { drawApplications } = await import('./applications.js');
  return drawApplications(db, applicationsOptions(opts, state), part);
}

/** Every application of the run (what `claims run` draws). */
export async function writeAllApplications(db: Db, opts: OutputsOptions, state: StoreState): Promise<ApplicationsResult> {
  const { writeApplications } = await import('./applications.js');
  return writeApplications(db, applicationsOptions(opts, state));
}

export function rejectedRowCount(files: readonly FileReport[]): number {
  return files.reduce((sum, f) => sum + f.rejected, 0);
}

/** claims.json, reconciliation.json and the rejected rows of this run's files. */
export async function writeRecords(db: Db, opts: OutputsOptions, state: StoreState, documents: ApplicationsResult): Promise<{ balanced: boolean }> {
  const rejectedRows = rejectedRowCount(opts.files);
  writeClaimsJson(opts.outDir, {
    asOf: opts.asOf,
    claims: state.claims,
    documented: documents.documented,
    fates: state.fates,
    netOre: state.netOre,
    rejectedRows,
  });
  const claimsByStatus: Record<string, { count: number; claimOre: number }> = {};
  for (const c of state.claims) {
    const s = (claimsByStatus[c.status] ??= { count: 0, claimOre: 0 });
    s.count++;
    s.claimOre += c.claimOre;
  }
  const { balanced } = writeReconciliationJson(opts.outDir, {
    asOf: opts.asOf,
    files: opts.files,
    storedLines: state.storedLines,
    netOre: state.netOre,
    fates: state.fates,
    claimsByStatus,
    documentErrors: documents.errors,
  });
  tracePhase('claims.json, reconciliation.json');
  const fileIds = opts.files.filter((f) => f.fileId !== null && !f.alreadyIngested).map((f) => f.fileId!);
  await writeRejectedRows(opts.outDir, listRejectedRows(db, fileIds));
  tracePhase('rejected rows');
  return { balanced };
}

/** finance/summary.xlsx and .pdf: every claim but papperslösa's, and the expected schablon. */
export async function writeFinance(opts: OutputsOptions, state: StoreState): Promise<void> {
  const { writeFinanceSummary } = await import('../documents/finance.js');
  await writeFinanceSummary(opts.outDir, {
    asOf: opts.asOf,
    region: opts.config.region,
    claims: state.claims.filter((c) => state.persons.get(c.personId)?.group !== 'papperslös'),
    persons: state.persons,
    schablon: expectedSchablon([...state.persons.values()], schablonQuarters(opts.asOf), opts.config.schablon),
  });
  tracePhase('finance summary');
}

export interface OutputsResult {
  claims: Claim[];
  documents: number;
  documentErrors: DocumentError[];
  netOre: number;
  rejectedRows: number;
  balanced: boolean;
}

/**
 * The last step of a batch in the service: settles the applications folder with what the parts
 * drew (drawing what is still missing), then writes every other output, all from one reading of
 * the store.
 */
export async function writeOutputs(db: Db, opts: OutputsOptions, parts: readonly DrawnApplications[]): Promise<OutputsResult> {
  const state = readStoreState(db);
  const { finishApplications } = await import('./applications.js');
  const documents = await finishApplications(db, applicationsOptions(opts, state), parts);
  tracePhase('applications');
  const { balanced } = await writeRecords(db, opts, state, documents);
  await writeFinance(opts, state);
  return {
    claims: state.claims,
    documents: documents.documented.size,
    documentErrors: documents.errors,
    netOre: state.netOre,
    rejectedRows: rejectedRowCount(opts.files),
    balanced,
  };
}
