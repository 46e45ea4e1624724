// `claims worker [--db FILE] [--out DIR] [--config FILE] [--queues a,b] [--concurrency N]` (SPEC §7):
// BullMQ workers for the named queues (all by default) on REDIS_URL (default
// redis://127.0.0.1:6379). Any number of worker processes share the work. This is an entry point:
// it owns the signal handlers and the one ordered shutdown (stop taking jobs, let the active ones
// finish within CLAIMS_SHUTDOWN_TIMEOUT_MS, close Redis, close the database, exit 0).
import { Command } from 'commander';
import type { BullMqBackend } from '../../queue/bullmq.js';
import { QUEUES, type QueueName, isQueueName } from '../../queue/names.js';
import { openDb } from '../../store/db.js';
import { dbOption, configOption } from '../options.js';
import { UsageError, loadConfigOption, type SetExitCode } from '../usage.js';

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/** Tuning from the environment (a whole number ≥ 1); the defaults suit production. */
function intFromEnv(name: string, fallback: number): number {
  const v = process.env[name];
  if (v === undefined || v === '') return fallback;
  if (!/^[1-9]\d*$/.test(v)) throw new UsageError(`${name} måste vara ett heltal ≥ 1, fick "${v}"`);
  return Number(v);
}

export function parseQueues(value: string | undefined): QueueName[] {
  if (value === undefined) return [...QUEUES];
  const names = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const wrong = names.filter((n) => !isQueueName(n));
  if (names.length === 0 || wrong.length > 0) throw new UsageError(`--queues tar en lista av ${QUEUES.join(', ')}, fick "${value}"`);
  return names as QueueName[];
}

export function workerCommand(setExitCode: SetExitCode): Command {
  return new Command('worker')
    .description('kör tjänstens jobb från kön i Redis (REDIS_URL, standard redis://127.0.0.1:6379)')
    .addOption(dbOption())
    .option('--out <dir>', 'katalog för årsrapporter och batcher utan egen katalog', 'out')
    .addOption(configOption())
    .option('--queues <list>', `köer att arbeta med (${QUEUES.join(',')})`)
    .option('--concurrency <n>', 'jobb samtidigt per kö i denna process', '1')
    .action(async (o: { db: string; out: string; config?: string; queues?: string; concurrency: string }) => {
      const queues = parseQueues(o.queues);
      if (!/^[1-9]\d*$/.test(o.concurrency)) throw new UsageError(`--concurrency måste vara ett heltal ≥ 1, fick "${o.concurrency}"`);
      const config = loadConfigOption(o.config);
      const lockDurationMs = intFromEnv('CLAIMS_LOCK_DURATION_MS', 30_000);
      const stalledIntervalMs = intFromEnv('CLAIMS_STALLED_INTERVAL_MS', 15_000);
      const shutdownTimeoutMs = intFromEnv('CLAIMS_SHUTDOWN_TIMEOUT_MS', 30_000);
      const documentPartSize = intFromEnv('CLAIMS_DOCUMENT_PART_SIZE', 500);
      // Loaded on use: the queue and the jobs are large, and other commands need not pay for them.
      const [{ RedisUnavailableError }, { createLogger }, { openQueueBackend, serviceOptionsOf }] = await Promise.all([
        import('../../queue/bullmq.js'),
        import('../../queue/logger.js'),
        import('../../queue/select.js'),
      ]);
      const logLevel = process.env.CLAIMS_LOG_LEVEL || 'info';
      const log = createLogger({ level: logLevel, target: 'stdout' });
      const db = openDb(o.db);
      let backend: BullMqBackend;
      try {
        backend = (await openQueueBackend({
          ...serviceOptionsOf(db, o, config, log, process.env.REDIS_URL || DEFAULT_REDIS_URL),
          prefix: process.env.CLAIMS_QUEUE_PREFIX || undefined,
          lockDurationMs,
          stalledIntervalMs,
          logLevel,
          logTarget: 'stdout',
          documentPartSize,
        })) as BullMqBackend;
      } catch (err) {
        db.close();
        if (err instanceof RedisUnavailableError) throw new UsageError(err.message);
        throw err;
      }

      let stopping: Promise<void> | null = null;
      const stopped = new Promise<void>((resolveStopped) => {
        const shutdown = (signal: string) => {
          stopping ??= (async () => {
            log.info({ signal }, 'shutting down: no new jobs, waiting for the active ones');
            try {
              await backend.close({ timeoutMs: shutdownTimeoutMs });
            } catch (err) {
              log.error({ error: (err as Error).name }, 'closing the queues failed');
            }
            db.close();
            log.info('stopped');
            resolveStopped();
          })();
        };
        process.on('SIGTERM', () => shutdown('SIGTERM'));
        process.on('SIGINT', () => shutdown('SIGINT'));
      });
      await backend.start({ queues, concurrency: Number(o.concurrency) });
      await stopped;
      setExitCode(0);
      // Anything a library left open must not keep a stopped worker alive.
      setTimeout(() => process.exit(0), 2_000).unref();
    });
}
