// `claims batches [--json] [--limit N] [--db FILE]`: the most recent batches with status and counts.
import { Command } from 'commander';
import { listBatches } from '../../store/batches.js';
import { openDb } from '../../store/db.js';
import { dbOption, jsonOption } from '../options.js';
import { UsageError, type SetExitCode } from '../usage.js';

const STATUS = { queued: 'köad', running: 'pågår', done: 'klar', failed: 'misslyckad' } as const;

export function batchesCommand(setExitCode: SetExitCode): Command {
  return new Command('batches')
    .description('de senaste batcherna med status och antal')
    .addOption(dbOption())
    .option('--limit <n>', 'högst så många', '20')
    .addOption(jsonOption('listan'))
    .action((o: { db: string; limit: string; json?: boolean }) => {
      if (!/^[1-9]\d*$/.test(o.limit)) throw new UsageError(`--limit måste vara ett heltal ≥ 1, fick "${o.limit}"`);
      const db = openDb(o.db);
      try {
        const batches = listBatches(db, { limit: Number(o.limit) }).map((b) => {
          const results = b.files.map((f) => f.result);
          const sum = (k: 'rows' | 'accepted' | 'rejected' | 'duplicates') => results.reduce((s, r) => s + (r?.[k] ?? 0), 0);
          return {
            id: b.id,
            status: b.status,
            progress: b.progress,
            asOf: b.asOf,
            submittedBy: b.submittedBy,
            createdAt: b.createdAt,
            finishedAt: b.finishedAt,
            files: b.files.length,
            rows: sum('rows'),
            accepted: sum('accepted'),
            rejected: sum('rejected'),
            duplicates: sum('duplicates'),
            claims: b.summary?.claims ?? null,
            documents: b.summary?.documents ?? null,
            error: b.error,
          };
        });
        if (o.json) {
          process.stdout.write(`${JSON.stringify({ batches })}\n`);
        } else {
          const lines = [['Batch', 'Status', 'Klart', 'Inlämnad', 'Filer', 'Rader', 'Godkända', 'Avvisade', 'Dubbletter', 'Ansökningar'].join('\t')];
          for (const b of batches) {
            lines.push(
              [
                b.id,
                STATUS[b.status],
                `${Math.round(b.progress * 100)} %`,
                b.createdAt.slice(0, 16).replace('T', ' '),
                b.files,
                b.rows,
                b.accepted,
                b.rejected,
                b.duplicates,
                b.documents ?? '–',
              ].join('\t'),
            );
            if (b.error) lines.push(`  ${b.error}`);
          }
          process.stdout.write(`${lines.join('\n')}\n`);
        }
        setExitCode(0);
      } finally {
        db.close();
      }
    });
}
