// `claims units [--year YYYY | --from DATE --to DATE] [--out DIR] [--db FILE] [--config FILE]
// [--as-of DATE]` (SPEC §8): the care units' follow-up per unit and quarter, units/units-<period>.
import { existsSync } from 'node:fs';
import { Command } from 'commander';
import { isIsoDate, quarterEnd, quarterOf, quarterStart, todayInStockholm } from '../../domain/dates.js';
import { openDb } from '../../store/db.js';
import { UsageError, loadConfigOption, parseAsOfOption, type SetExitCode } from '../usage.js';
import { dbOption, configOption } from '../options.js';
import { parseYearOption } from './report.js';

interface UnitsOptions {
  year?: string;
  from?: string;
  to?: string;
  out: string;
  db: string;
  config?: string;
  asOf?: string;
}

/** The quarters asked for and how the period is named (`2025`, `2025Q2`, `2025Q2-2025Q3`). */
export function unitsPeriod(o: Pick<UnitsOptions, 'year' | 'from' | 'to'>, asOf: string): { from: string; to: string; period: string } {
  if (o.year !== undefined && (o.from !== undefined || o.to !== undefined)) throw new UsageError('ange antingen --year eller --from och --to');
  if (o.from === undefined && o.to === undefined) {
    const year = o.year === undefined ? Number(asOf.slice(0, 4)) : parseYearOption(o.year);
    return { from: `${year}-01-01`, to: `${year}-12-31`, period: String(year) };
  }
  if (o.from === undefined || o.to === undefined) throw new UsageError('--from och --to anges tillsammans');
  for (const [name, v] of [
    ['--from', o.from],
    ['--to', o.to],
  ] as const) {
    if (!isIsoDate(v)) throw new UsageError(`${name} måste vara ett datum ÅÅÅÅ-MM-DD, fick "${v}"`);
  }
  // The report is per quarter: the period is whole quarters.
  if (quarterStart(quarterOf(o.from)) !== o.from)
    throw new UsageError(`--from måste vara ett kvartals första dag (t.ex. ${quarterStart(quarterOf(o.from))}), fick "${o.from}"`);
  if (quarterEnd(quarterOf(o.to)) !== o.to)
    throw new UsageError(`--to måste vara ett kvartals sista dag (t.ex. ${quarterEnd(quarterOf(o.to))}), fick "${o.to}"`);
  if (o.to < o.from) throw new UsageError('--to ligger före --from');
  const first = quarterOf(o.from);
  const last = quarterOf(o.to);
  const wholeYear = o.from.endsWith('-01-01') && o.to.endsWith('-12-31') && o.from.slice(0, 4) === o.to.slice(0, 4);
  return { from: o.from, to: o.to, period: wholeYear ? o.from.slice(0, 4) : first === last ? first : `${first}-${last}` };
}

export function unitsCommand(setExitCode: SetExitCode): Command {
  return new Command('units')
    .description('uppföljning per vårdenhet och kvartal: kostnader, sökt, utbetalt, avslaget och öppet (units/)')
    .option('--year <year>', 'kalenderåret ÅÅÅÅ (standard: bedömningsdatumets år)')
    .option('--from <date>', 'från och med ett kvartals första dag ÅÅÅÅ-MM-DD')
    .option('--to <date>', 'till och med ett kvartals sista dag ÅÅÅÅ-MM-DD')
    .option('--out <dir>', 'katalog för rapporten', 'out')
    .addOption(dbOption())
    .addOption(configOption())
    .option('--as-of <date>', 'uttagsdatum som skrivs i rapporten ÅÅÅÅ-MM-DD (standard: i dag)')
    .action(async (o: UnitsOptions) => {
      const asOf = parseAsOfOption(o.asOf, todayInStockholm);
      const { from, to, period } = unitsPeriod(o, asOf);
      const config = loadConfigOption(o.config);
      if (o.db !== ':memory:' && !existsSync(o.db)) throw new UsageError(`databasen ${o.db} finns inte: kör först claims run`);
      const db = openDb(o.db);
      try {
        const { writeUnitReport, NotEvaluatedError } = await import('../../pipeline/units.js');
        const { quartersBetween } = await import('../../finance/units-report.js');
        try {
          const { files, report } = await writeUnitReport(db, { quarters: quartersBetween(from, to), period, outDir: o.out, config, asOf });
          const units = report.rows.filter((r) => r.quarter === null).length;
          process.stdout.write(`Uppföljning per vårdenhet ${period} (${units} enheter):\n${files.map((f) => `  ${f}`).join('\n')}\n`);
        } catch (err) {
          if (err instanceof NotEvaluatedError) throw new UsageError(err.message);
          throw err;
        }
        setExitCode(0);
      } finally {
        db.close();
      }
    });
}
