// The yearly reports (SPEC §6.4): reads one year from the database, aggregates it, and writes
// DIR/reports/YYYY/skr.xlsx|pdf and socialstyrelsen.xlsx|pdf, each through a temporary file.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config.js';
import type { IsoDate } from '../domain/types.js';
import { renderReportPdf, writeReportXlsx, type ReportDoc } from '../documents/reports/render.js';
import { buildSkrReport } from '../documents/reports/skr.js';
import { buildSosReport } from '../documents/reports/socialstyrelsen.js';
import { quartersOf, YearAccumulator, type YearFigures } from '../figures/yearly.js';
import { expectedSchablon } from '../rules/schablon.js';
import type { Db } from '../store/db.js';
import { forEachLineOfYear, reportClaims, reportPersons } from '../store/report-queries.js';
import { withAtomicFile } from '../util/atomic-file.js';

/** The year's figures from the database (lines are streamed, not loaded at once). */
export function yearFigures(db: Db, year: number, config: Config): YearFigures {
  const persons = reportPersons(db);
  const acc = new YearAccumulator(year, persons);
  forEachLineOfYear(db, year, (line) => acc.add(line));
  const schablon = expectedSchablon(persons, quartersOf(year), config.schablon);
  return acc.finish(reportClaims(db), schablon);
}

async function writeReport(dir: string, name: string, doc: ReportDoc): Promise<string[]> {
  const xlsx = join(dir, `${name}.xlsx`);
  const pdf = join(dir, `${name}.pdf`);
  await writeReportXlsx(xlsx, doc);
  const bytes = await renderReportPdf(doc);
  await withAtomicFile(pdf, async (tmp) => writeFileSync(tmp, bytes));
  return [xlsx, pdf];
}

export async function writeYearlyReports(
  db: Db,
  opts: { year: number; outDir: string; config: Config; asOf: IsoDate },
): Promise<{ files: string[] }> {
  const figures = yearFigures(db, opts.year, opts.config);
  const ctx = { year: opts.year, asOf: opts.asOf, region: opts.config.region };
  const dir = join(opts.outDir, 'reports', String(opts.year));
  const files = [
    ...(await writeReport(dir, 'skr', buildSkrReport(figures, ctx))),
    ...(await writeReport(dir, 'socialstyrelsen', buildSosReport(figures, ctx))),
  ];
  return { files };
}
