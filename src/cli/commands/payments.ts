// `claims payments import FILE [--db FILE] [--config FILE] [--as-of DATE] [--json]` (SPEC §8):
// records Migrationsverket's payment list. Exit 0 when every row was recorded (or was before), 1
// when rows were rejected (each explained on stderr), 2 when the file could not be read.
import { existsSync } from 'node:fs';
import { Command } from 'commander';
import { todayInStockholm } from '../../domain/dates.js';
import { UnreadableFileError } from '../../ingest/readers/errors.js';
import { openDb } from '../../store/db.js';
import { dbOption, configOption, jsonOption } from '../options.js';
import { UsageError, loadConfigOption, parseAsOfOption, type SetExitCode } from '../usage.js';

interface ImportOptions {
  db: string;
  config?: string;
  asOf?: string;
  json?: boolean;
}

function importCommand(setExitCode: SetExitCode): Command {
  return new Command('import')
    .description('läser Migrationsverkets utbetalningslista (xlsx eller csv) och registrerar utbetalningar och avslag')
    .argument('<file>', 'utbetalningslistan')
    .addOption(dbOption())
    .addOption(configOption())
    .option('--as-of <date>', 'dagens datum ÅÅÅÅ-MM-DD: inga utbetalningar efter det (standard: i dag)')
    .addOption(jsonOption())
    .action(async (file: string, o: ImportOptions) => {
      const asOf = parseAsOfOption(o.asOf, todayInStockholm);
      const config = loadConfigOption(o.config);
      if (o.db !== ':memory:' && !existsSync(o.db)) throw new UsageError(`databasen ${o.db} finns inte: kör först claims run`);
      const db = openDb(o.db);
      try {
        const { importPayments } = await import('../../pipeline/payments-import.js');
        let r;
        try {
          r = await importPayments(db, file, { asOf, config });
        } catch (err) {
          const code = (err as { code?: unknown }).code;
          if (err instanceof UnreadableFileError) throw new UsageError(`${file}: ${err.message}`);
          if (code === 'ENOENT') throw new UsageError(`${file}: filen finns inte`);
          throw err;
        }
        const where = (p: (typeof r.problems)[number]) =>
          [r.file, r.sheet ? `blad ${r.sheet}` : null, `rad ${p.row}`, p.column ? `kolumn ${p.column}` : null].filter(Boolean).join(', ');
        for (const p of r.problems) process.stderr.write(`claims: ${where(p)}${p.value ? ` (${p.value})` : ''}: ${p.reason}\n`);
        if (o.json) process.stdout.write(`${JSON.stringify(r)}\n`);
        else {
          const rejectedRows = new Set(r.problems.map((p) => p.row)).size;
          process.stdout.write(
            `${r.file}: ${r.rows} rader; ${r.payments} utbetalningar och ${r.rejections} avslag registrerade` +
              `${r.alreadyRecorded ? `, ${r.alreadyRecorded} redan registrerade` : ''}${rejectedRows ? `, ${rejectedRows} rader avvisade` : ''}\n`,
          );
        }
        setExitCode(r.problems.length > 0 ? 1 : 0);
      } finally {
        db.close();
      }
    });
}

export function paymentsCommand(setExitCode: SetExitCode): Command {
  return new Command('payments').description('utbetalningar från Migrationsverket (import)').addCommand(importCommand(setExitCode).exitOverride());
}
