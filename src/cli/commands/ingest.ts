// `claims ingest FILE... [--db FILE] [--json] [--as-of DATE] [--config FILE]`: reads cost exports
// and person registers into the database without evaluating. Exit 0 when every file was read, 2 when
// one could not be read at all (one line on stderr naming it and why) or an argument is wrong.
import { Command } from 'commander';
import { todayInStockholm } from '../../domain/dates.js';
import type { FileReport } from '../../domain/batch.js';
import { ingestFiles } from '../../ingest/ingest.js';
import { openDb } from '../../store/db.js';
import { printable, terminalSafeJson } from '../../util/printable.js';
import { runMemoryPolicy, startMemoryPolicy } from '../memory.js';
import { progressReporter } from '../progress.js';
import { dbOption, configOption, asOfOption, jsonOption } from '../options.js';
import { loadConfigOption, parseAsOfOption, type SetExitCode } from '../usage.js';

const KIND_LABEL = { costs: 'kostnader', persons: 'personregister' } as const;

function printTable(reports: readonly FileReport[]): void {
  const head = ['Fil', 'Typ', 'Rader', 'Godtagna', 'Avvisade', 'Dubbletter', 'Anmärkning'];
  const body = reports.map((r) => [
    printable(r.file),
    r.kind ? KIND_LABEL[r.kind] : '–',
    String(r.rows),
    String(r.accepted),
    String(r.rejected),
    String(r.duplicates),
    r.error ? 'kunde inte läsas' : r.alreadyIngested ? 'redan inläst, inget nytt' : '',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const numeric = (i: number) => i >= 2 && i <= 5;
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (numeric(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  process.stdout.write(`${line(head)}\n${body.map(line).join('\n')}\n`);
}

export function ingestCommand(setExitCode: SetExitCode): Command {
  return new Command('ingest')
    .description('läser in kostnadsexporter och personregister i databasen (utan bedömning)')
    .argument('<files...>', 'kostnadsexporter och personregister (xlsx eller csv)')
    .addOption(dbOption())
    .addOption(asOfOption())
    .addOption(configOption())
    .addOption(jsonOption())
    .action(async (files: string[], o: { db: string; asOf?: string; config?: string; json?: boolean }) => {
      const asOf = parseAsOfOption(o.asOf, todayInStockholm);
      const config = loadConfigOption(o.config);
      startMemoryPolicy(files);
      const db = openDb(o.db);
      try {
        const reports = await ingestFiles(db, files, {
          asOf,
          config,
          onProgress: o.json ? undefined : progressReporter(),
          onFileRead: () => runMemoryPolicy('file-read'),
          onFileDone: () => runMemoryPolicy('file-done'),
        });
        for (const r of reports) if (r.error) process.stderr.write(`claims: ${r.error}\n`);
        if (o.json) {
          const out = reports.map((r) => ({
            file: r.file,
            kind: r.kind,
            rows: r.rows,
            accepted: r.accepted,
            rejected: r.rejected,
            duplicates: r.duplicates,
            alreadyIngested: r.alreadyIngested,
            error: r.error,
          }));
          process.stdout.write(`${terminalSafeJson({ files: out })}\n`);
        } else {
          printTable(reports);
        }
        setExitCode(reports.some((r) => r.error !== null) ? 2 : 0);
      } finally {
        db.close();
      }
    });
}
