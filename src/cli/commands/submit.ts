// `claims submit FILE... [--as-of D] [--out DIR] [--db FILE] [--config FILE] [--wait] [--json]`
// (SPEC §7): copies the files into the spool, records the batch, enqueues it and prints its id.
// With --wait it waits for the end and prints what `claims run` prints, with its exit codes, the
// same files written into --out. With REDIS_URL the workers run it; without, this process does
// (the in-process backend), and then always waits.
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command } from 'commander';
import { todayInStockholm } from '../../domain/dates.js';
import { openDb } from '../../store/db.js';
import { reportRun, runExitCode } from '../run-summary.js';
import { jsonOption, runOptions } from '../options.js';
import { UsageError, loadConfigOption, parseAsOfOption, type SetExitCode } from '../usage.js';

/** Applications per documents part when this process runs the batch (tuning; default 500). */
function partSize(): number | undefined {
  const v = process.env.CLAIMS_DOCUMENT_PART_SIZE;
  if (v === undefined || v === '') return undefined;
  if (!/^[1-9]\d*$/.test(v)) throw new UsageError(`CLAIMS_DOCUMENT_PART_SIZE måste vara ett heltal ≥ 1, fick "${v}"`);
  return Number(v);
}

export function submitCommand(setExitCode: SetExitCode): Command {
  return runOptions(
    new Command('submit')
      .description('lämnar in filer som en batch till tjänstens kö och skriver ut dess id')
      .argument('<files...>', 'kostnadsexporter och personregister (xlsx eller csv), i den ordning de ska läsas in'),
    { db: 'databasfil (samma som arbetarnas)', config: 'konfigurationsfil (JSON) när batchen körs i denna process (utan REDIS_URL)' },
  )
    .option('--wait', 'vänta tills batchen är klar och skriv sammanfattningen som claims run')
    .addOption(jsonOption())
    .action(async (files: string[], o: { asOf?: string; out: string; db: string; config?: string; wait?: boolean; json?: boolean }) => {
      const asOf = parseAsOfOption(o.asOf, todayInStockholm);
      const config = loadConfigOption(o.config);
      for (const f of files) {
        let isFile: boolean;
        try {
          isFile = statSync(f).isFile();
        } catch {
          throw new UsageError(`${f}: filen finns inte`);
        }
        if (!isFile) throw new UsageError(`${f}: är ingen fil`);
      }
      // Loaded on use: the queue and the jobs are large, and other commands need not pay for them.
      const [{ RedisUnavailableError }, { spoolDirFor }, { createLogger }, { openQueueBackend, serviceOptionsOf }, { submitBatch, waitForBatch }] =
        await Promise.all([
          import('../../queue/bullmq.js'),
          import('../../queue/context.js'),
          import('../../queue/logger.js'),
          import('../../queue/select.js'),
          import('../../queue/submit.js'),
        ]);
      const redisUrl = process.env.REDIS_URL || null;
      const db = openDb(o.db);
      const log = createLogger({ level: process.env.CLAIMS_LOG_LEVEL || 'warn', target: 'stderr' });
      try {
        let backend;
        try {
          backend = await openQueueBackend({
            ...serviceOptionsOf(db, o, config, log, redisUrl),
            prefix: process.env.CLAIMS_QUEUE_PREFIX || undefined,
            documentPartSize: partSize(),
          });
        } catch (err) {
          if (err instanceof RedisUnavailableError) throw new UsageError(err.message);
          throw err;
        }
        try {
          if (backend.kind === 'in-process') await backend.start({ schedules: false });
          const { batchId } = await submitBatch(
            { db, backend, spoolDir: spoolDirFor(o.db) },
            { files: files.map((path) => ({ path })), asOf, outDir: resolve(o.out), submittedBy: 'cli' },
          );
          const wait = o.wait === true || backend.kind === 'in-process';
          if (!wait) {
            process.stdout.write(o.json ? `${JSON.stringify({ batchId })}\n` : `${batchId}\n`);
            setExitCode(0);
            return;
          }
          if (o.wait) process.stderr.write(`claims: batch ${batchId}\n`);
          const batch = await waitForBatch(db, batchId);
          if (!o.wait) {
            process.stdout.write(o.json ? `${JSON.stringify({ batchId, status: batch.status })}\n` : `${batchId}\n`);
          }
          if (batch.status === 'failed') {
            process.stderr.write(`claims: ${batch.error ?? 'batchen misslyckades'}\n`);
            // A file that could not be read is the input's fault (exit 2, as claims run); anything else is internal.
            setExitCode(batch.files.some((f) => f.result?.error) ? 2 : 70);
            return;
          }
          // The folder as the user wrote it, as `claims run` prints it.
          const summary = { ...batch.summary!, out: o.out };
          if (o.wait) reportRun(summary, o.json === true);
          setExitCode(runExitCode(summary, false));
        } finally {
          await backend.close({ timeoutMs: 5_000 });
        }
      } finally {
        db.close();
      }
    });
}
