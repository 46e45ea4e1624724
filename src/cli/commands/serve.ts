// `claims serve [--port 8080] [--host 127.0.0.1] [--db FILE] [--out DIR] [--config FILE]`: the web
// application (issue 9). Batches run in this process unless REDIS_URL names a Redis for `claims
// worker` processes. An entry point: on SIGTERM/SIGINT it stops taking requests, closes the queue
// backend (letting running jobs finish within CLAIMS_SHUTDOWN_TIMEOUT_MS), then the database.
import { Command } from 'commander';
import { openDb } from '../../store/db.js';
import { configOption, dbOption } from '../options.js';
import { UsageError, loadConfigOption, type SetExitCode } from '../usage.js';

export function serveCommand(setExitCode: SetExitCode): Command {
  return new Command('serve')
    .description('startar webben för handläggare, ekonomi och administratörer')
    .option('--port <port>', 'port', '8080')
    .option('--host <host>', 'adress att lyssna på', '127.0.0.1')
    .addOption(dbOption())
    .option('--out <dir>', 'katalog för batchernas utdata (ansökningarnas PDF:er)', 'out')
    .addOption(configOption())
    .action(async (o: { port: string; host: string; db: string; out: string; config?: string }) => {
      if (!/^\d{1,5}$/.test(o.port) || Number(o.port) > 65_535) throw new UsageError(`--port måste vara ett portnummer, fick "${o.port}"`);
      const config = loadConfigOption(o.config);
      const [{ createLogger }, { openQueueBackend, serviceOptionsOf }, { spoolDirFor }, { buildApp }] = await Promise.all([
        import('../../queue/logger.js'),
        import('../../queue/select.js'),
        import('../../queue/context.js'),
        import('../../web/app.js'),
      ]);
      const log = createLogger({ level: process.env.CLAIMS_LOG_LEVEL || 'info', target: 'stdout' });
      const db = openDb(o.db);
      const backend = await openQueueBackend(serviceOptionsOf(db, o, config, log, process.env.REDIS_URL || null)).catch((err: unknown) => {
        db.close();
        throw err instanceof Error && err.name === 'RedisUnavailableError' ? new UsageError(err.message) : err;
      });
      if (backend.kind === 'in-process') await backend.start();
      const app = await buildApp({
        db,
        backend,
        spoolDir: spoolDirFor(o.db),
        outDir: o.out,
        config,
        log,
        secureCookies: process.env.CLAIMS_SECURE_COOKIES === '1',
      });
      const timeoutMs = Number(process.env.CLAIMS_SHUTDOWN_TIMEOUT_MS) || 30_000;
      let stopping: Promise<void> | null = null;
      const stopped = new Promise<void>((resolveStopped) => {
        const shutdown = (signal: string) => {
          stopping ??= (async () => {
            log.info({ signal }, 'shutting down: no new requests');
            await app.close().catch((err: unknown) => log.error({ error: (err as Error).name }, 'closing the server failed'));
            await backend.close({ timeoutMs }).catch((err: unknown) => log.error({ error: (err as Error).name }, 'closing the queue failed'));
            db.close();
            log.info('stopped');
            resolveStopped();
          })();
        };
        process.on('SIGTERM', () => shutdown('SIGTERM'));
        process.on('SIGINT', () => shutdown('SIGINT'));
      });
      const address = await app.listen({ port: Number(o.port), host: o.host });
      log.info({ address }, 'listening');
      await stopped;
      setExitCode(0);
      setTimeout(() => process.exit(0), 2_000).unref();
    });
}
