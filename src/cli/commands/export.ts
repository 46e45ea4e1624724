// `claims export sie --from DATE --to DATE [--out FILE] [--again] [--db FILE] [--config FILE]
// [--as-of DATE]` (SPEC §8): the period's claim events as SIE 4I vouchers for the ledger.
import { existsSync } from 'node:fs';
import { Command } from 'commander';
import { isIsoDate, todayInStockholm } from '../../domain/dates.js';
import { openDb } from '../../store/db.js';
import { dbOption, configOption } from '../options.js';
import { UsageError, loadConfigOption, parseAsOfOption, type SetExitCode } from '../usage.js';

interface SieOptions {
  from?: string;
  to?: string;
  out?: string;
  outDir: string;
  again?: boolean;
  db: string;
  config?: string;
  asOf?: string;
}

function dateOption(name: string, value: string | undefined): string {
  if (value === undefined) throw new UsageError(`${name} ÅÅÅÅ-MM-DD krävs`);
  if (!isIsoDate(value)) throw new UsageError(`${name} måste vara ett datum ÅÅÅÅ-MM-DD, fick "${value}"`);
  return value;
}

function sieCommand(setExitCode: SetExitCode): Command {
  return new Command('sie')
    .description('verifikationer för periodens händelser som en SIE 4I-fil till ekonomisystemet')
    .option('--from <date>', 'från och med ÅÅÅÅ-MM-DD (krävs)')
    .option('--to <date>', 'till och med ÅÅÅÅ-MM-DD (krävs)')
    .option('--out <file>', 'filen att skriva (standard: DIR/sie/verifikationer-<nr>-<från>-<till>.si)')
    .option('--out-dir <dir>', 'katalog för filen när --out saknas', 'out')
    .option('--again', 'skriv periodens redan exporterade verifikationer igen, med samma nummer')
    .addOption(dbOption())
    .addOption(configOption())
    .option('--as-of <date>', 'exportdag ÅÅÅÅ-MM-DD (standard: i dag)')
    .action(async (o: SieOptions) => {
      const from = dateOption('--from', o.from);
      const to = dateOption('--to', o.to);
      if (to < from) throw new UsageError('--to ligger före --from');
      const exportDate = parseAsOfOption(o.asOf, todayInStockholm);
      const config = loadConfigOption(o.config);
      if (o.db !== ':memory:' && !existsSync(o.db)) throw new UsageError(`databasen ${o.db} finns inte: kör först claims run`);
      const db = openDb(o.db);
      try {
        const { exportSie, SieConfigError } = await import('../../pipeline/sie-export.js');
        const { NotEvaluatedError } = await import('../../pipeline/units.js');
        let result;
        try {
          result = await exportSie(db, { from, to, again: o.again === true, out: o.out, outDir: o.outDir, config, exportDate });
        } catch (err) {
          if (err instanceof SieConfigError || err instanceof NotEvaluatedError) throw new UsageError(err.message);
          throw err;
        }
        const period = `${from} – ${to}`;
        if (result.file === null) {
          process.stdout.write(
            o.again
              ? `Inget har exporterats för ${period} tidigare; ${result.leftOut} händelser väntar (kör utan --again).\n`
              : `Inga nya händelser att bokföra för ${period} (${result.leftOut} redan exporterade; --again skriver dem igen).\n`,
          );
        } else {
          const note = o.again
            ? `samma som tidigare${result.leftOut ? `; ${result.leftOut} nya händelser väntar (kör utan --again)` : ''}`
            : `${result.leftOut} redan exporterade utelämnade`;
          process.stdout.write(`SIE-fil: ${result.file} (${result.vouchers} verifikationer, ${note})\n`);
          if (result.unitsNotInCp437.length > 0) {
            process.stderr.write(
              `claims: ${result.unitsNotInCp437.length} enhetsnamn har tecken som SIE-filens teckentabell (CP437) saknar och skrivs med ?: ${result.unitsNotInCp437.join(', ')}\n`,
            );
          }
        }
        setExitCode(0);
      } finally {
        db.close();
      }
    });
}

export function exportCommand(setExitCode: SetExitCode): Command {
  return new Command('export').description('exporterar bokföringsunderlag (sie)').addCommand(sieCommand(setExitCode).exitOverride());
}
