// `claims units`: the care units' follow-up for a run of quarters (SPEC §8), from what the last
// evaluation stored per person, unit and quarter and the claims' events. Writes
// DIR/units/units-<period>.xlsx and .pdf.
import { join } from 'node:path';
import type { Config } from '../config.js';
import type { IsoDate } from '../domain/types.js';
import { writeUnitsDocuments } from '../documents/units.js';
import { decodeWeights } from '../finance/unit-cells.js';
import type { ClaimShareInput } from '../finance/unit-shares.js';
import { buildUnitReport, type EncodedCell, type UnitReport } from '../finance/units-report.js';
import { eventsByClaim } from '../store/claim-events.js';
import type { Db } from '../store/db.js';
import { allUnitFates, claimsWithEvents, staleUnitPersons } from '../store/unit-fates.js';
import { updateUnitFigures } from './unit-figures.js';

/** The database was evaluated before unit figures existed: `claims run` must evaluate it again. */
export class NotEvaluatedError extends Error {}

/** The claims with events as the share-out needs them (an adjustment without lines shares like its original). */
export function shareInputs(db: Db): ClaimShareInput[] {
  return claimsWithEvents(db).map((r) => {
    const own = decodeWeights(r.weights);
    return { id: r.id, personId: r.personId, periodStart: r.periodStart, weights: own && own.length > 0 ? own : decodeWeights(r.originalWeights) };
  });
}

function* personCells(db: Db): Generator<[string, EncodedCell[]]> {
  for (const [key, cells] of allUnitFates(db)) yield [key, JSON.parse(cells) as EncodedCell[]];
}

/** Brings the unit figures up to date; refuses when the database's evaluation cannot give them. */
export async function ensureUnitFigures(db: Db): Promise<void> {
  await updateUnitFigures(db);
  if (staleUnitPersons(db).length > 0) {
    throw new NotEvaluatedError('databasen har inga siffror per vårdenhet för den senaste bedömningen: kör claims run först');
  }
}

export async function unitReportFigures(db: Db, quarters: readonly string[], config: Config): Promise<UnitReport> {
  await ensureUnitFigures(db);
  return buildUnitReport({
    quarters,
    defaultUnit: config.finance.defaultUnit,
    persons: personCells(db),
    claims: shareInputs(db),
    events: eventsByClaim(db),
  });
}

export interface UnitsOptions {
  quarters: string[];
  /** In the file name (`units-<stem>`) and the title. */
  period: string;
  outDir: string;
  config: Config;
  asOf: IsoDate;
}

export async function writeUnitReport(db: Db, opts: UnitsOptions): Promise<{ files: string[]; report: UnitReport }> {
  const report = await unitReportFigures(db, opts.quarters, opts.config);
  const dir = join(opts.outDir, 'units');
  const xlsx = join(dir, `units-${opts.period}.xlsx`);
  const pdf = join(dir, `units-${opts.period}.pdf`);
  await writeUnitsDocuments(xlsx, pdf, {
    report,
    period: opts.period,
    asOf: opts.asOf,
    region: opts.config.region,
    defaultUnit: opts.config.finance.defaultUnit,
  });
  return { files: [xlsx, pdf], report };
}
