// `claims run FILE... [--as-of] [--out] [--db] [--config] [--json] [--strict]` (SPEC §6.1).
import { Command } from 'commander';
import { todayInStockholm } from '../../domain/dates.js';
import { openDb } from '../../store/db.js';
import { tracePhase } from '../../pipeline/trace.js';
import { reportRun, runExitCode, runSummaryJson } from '../run-summary.js';
import { loadConfigOption, parseAsOfOption, type SetExitCode } from '../usage.js';
import { runMemoryPolicy, startMemoryPolicy } from '../memory.js';
import { progressReporter } from '../progress.js';
import { jsonOption, runOptions } from '../options.js';
import { preparePrivateOutput } from '../private-output.js';

export function runCommand(setExitCode: SetExitCode): Command {
  return runOptions(
    new Command('run')
      .description('läser in filer, bedömer alla personer och skriver ansökningar och underlag')
      .argument('[files...]', 'kostnadsexporter och personregister (xlsx eller csv)'),
  )
    .addOption(jsonOption('sammanfattningen'))
    .option('--strict', 'avsluta med kod 1 om någon rad avvisades')
    .action(async (files: string[], o: { asOf?: string; out: string; db: string; config?: string; json?: boolean; strict?: boolean }) => {
      const asOf = parseAsOfOption(o.asOf, todayInStockholm);
      const config = loadConfigOption(o.config);
      startMemoryPolicy(files);
      preparePrivateOutput(o.out);
      const db = openDb(o.db);
      try {
        // Loaded on use: the documents pull in pdfkit, which other commands need not pay for.
        const { runBatch } = await import('../../pipeline/run.js');
        const result = await runBatch(db, {
          files,
          asOf,
          outDir: o.out,
          config,
          onProgress: o.json ? undefined : progressReporter(),
          onPhase: runMemoryPolicy,
        });
        const summary = runSummaryJson(result, asOf, o.out);
        reportRun(summary, o.json === true);
        setExitCode(runExitCode(summary, o.strict === true));
      } finally {
        db.close();
        tracePhase('close database');
      }
    });
}
