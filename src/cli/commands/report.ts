// `claims report --year YYYY [--out DIR] [--db FILE] [--config FILE] [--as-of DATE]` (SPEC §6.4):
// the yearly reports to SKR and Socialstyrelsen from the database.
import { existsSync } from 'node:fs';
import { Command } from 'commander';
import { todayInStockholm } from '../../domain/dates.js';
import { openDb } from '../../store/db.js';
import { preparePrivateOutput } from '../private-output.js';
import { dbOption, configOption } from '../options.js';
import { UsageError, loadConfigOption, parseAsOfOption, type SetExitCode } from '../usage.js';

export function parseYearOption(value: string | undefined): number {
  if (value === undefined) throw new UsageError('--year ÅÅÅÅ krävs');
  if (!/^\d{4}$/.test(value) || Number(value) < 2000 || Number(value) > 2100) {
    throw new UsageError(`--year måste vara ett år ÅÅÅÅ (2000–2100), fick "${value}"`);
  }
  return Number(value);
}

export function reportCommand(setExitCode: SetExitCode): Command {
  return new Command('report')
    .description('skriver årsrapporterna till SKR och Socialstyrelsen (reports/ÅÅÅÅ/)')
    .option('--year <year>', 'rapportåret ÅÅÅÅ (krävs)')
    .option('--out <dir>', 'katalog för rapporterna', 'out')
    .addOption(dbOption())
    .addOption(configOption())
    .option('--as-of <date>', 'uttagsdatum som skrivs i rapporterna ÅÅÅÅ-MM-DD (standard: i dag)')
    .action(async (o: { year?: string; out: string; db: string; config?: string; asOf?: string }) => {
      const year = parseYearOption(o.year);
      const asOf = parseAsOfOption(o.asOf, todayInStockholm);
      const config = loadConfigOption(o.config);
      if (o.db !== ':memory:' && !existsSync(o.db)) throw new UsageError(`databasen ${o.db} finns inte: kör först claims run`);
      preparePrivateOutput(o.out, ['reports']);
      const db = openDb(o.db);
      try {
        const { writeYearlyReports } = await import('../../pipeline/report.js');
        const { files } = await writeYearlyReports(db, { year, outDir: o.out, config, asOf });
        process.stdout.write(`Årsrapporter ${year}:\n${files.map((f) => `  ${f}`).join('\n')}\n`);
        setExitCode(0);
      } finally {
        db.close();
      }
    });
}
