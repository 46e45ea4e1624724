// Which backend a process gets: BullMQ when a Redis URL is given (REDIS_URL), else in-process.
import { resolve } from 'node:path';
import type { Config } from '../config.js';
import { type MailSettings, mailSettingsFromEnv } from '../pipeline/mail.js';
import type { Db } from '../store/db.js';
import type { QueueBackend } from './backend.js';
import { BullMqBackend } from './bullmq.js';
import { spoolDirFor } from './context.js';
import { InProcessBackend } from './in-process.js';
import type { Logger } from './logger.js';

/** What `claims serve`, `claims worker` and `claims submit` give the backend from their --db, --out and --config and the mail settings of the environment. */
export function serviceOptionsOf(
  db: Db,
  cli: { db: string; out: string; config?: string },
  config: Config,
  log: Logger,
  redisUrl: string | null,
): ServiceOptions {
  return { db, dbPath: cli.db, outDir: cli.out, config, configPath: cli.config ?? null, redisUrl, log, mail: mailSettingsFromEnv(process.env) };
}

export interface ServiceOptions {
  db: Db;
  dbPath: string;
  /** Where scheduled reports go, and batches that name no folder. */
  outDir: string;
  config: Config;
  /** The config file, for BullMQ's sandbox threads to load (null: the defaults). */
  configPath: string | null;
  /** null: in-process. */
  redisUrl: string | null;
  log: Logger;
  mail?: MailSettings | null;
  /** Redis key prefix (default `claims`). */
  prefix?: string;
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  /** Log level and target of the sandbox threads. */
  logLevel?: string;
  logTarget?: 'stdout' | 'stderr' | 'silent';
  /** Applications per documents part (default 500). */
  documentPartSize?: number;
}

export async function openQueueBackend(opts: ServiceOptions): Promise<QueueBackend> {
  if (opts.redisUrl === null) {
    return new InProcessBackend({
      db: opts.db,
      config: opts.config,
      outDir: resolve(opts.outDir),
      spoolDir: spoolDirFor(opts.dbPath),
      mail: opts.mail ?? null,
      log: opts.log,
      documentPartSize: opts.documentPartSize,
    });
  }
  return BullMqBackend.connect({
    url: opts.redisUrl,
    prefix: opts.prefix,
    db: opts.db,
    log: opts.log,
    lockDurationMs: opts.lockDurationMs,
    stalledIntervalMs: opts.stalledIntervalMs,
    settings: {
      dbPath: resolve(opts.dbPath),
      outDir: resolve(opts.outDir),
      configPath: opts.configPath === null ? null : resolve(opts.configPath),
      mail: opts.mail ?? null,
      logLevel: opts.logLevel ?? 'info',
      logTarget: opts.logTarget ?? 'stdout',
      redisUrl: opts.redisUrl,
      prefix: opts.prefix ?? 'claims',
      ...(opts.documentPartSize ? { documentPartSize: opts.documentPartSize } : {}),
    },
  });
}
