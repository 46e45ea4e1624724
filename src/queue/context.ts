// What a process or a sandbox thread needs to run jobs, and opening it: the database, the config,
// the folders, mail and the log. A worker hands the settings to its sandbox threads as workerData.
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { loadConfig } from '../config.js';
import { openDb } from '../store/db.js';
import { type LogTarget, createLogger } from './logger.js';
import type { BaseContext } from './runner.js';

export const WorkerSettingsSchema = z
  .object({
    dbPath: z.string().min(1),
    outDir: z.string().min(1),
    configPath: z.string().nullable(),
    mail: z
      .object({ url: z.string(), from: z.string(), to: z.array(z.string()) })
      .strict()
      .nullable(),
    logLevel: z.string(),
    logTarget: z.enum(['stdout', 'stderr', 'silent']),
    redisUrl: z.string().nullable(),
    prefix: z.string(),
    documentPartSize: z.number().int().min(1).optional(),
  })
  .strict();

export type WorkerSettings = z.infer<typeof WorkerSettingsSchema>;

/** Uploaded files live in `spool/` beside the database, named by their sha256. */
export function spoolDirFor(dbPath: string): string {
  return join(dirname(resolve(dbPath)), 'spool');
}

export function openJobContext(settings: WorkerSettings): { base: BaseContext; close: () => void } {
  const db = openDb(settings.dbPath);
  const base: BaseContext = {
    db,
    config: loadConfig(settings.configPath ?? undefined),
    outDir: resolve(settings.outDir),
    spoolDir: spoolDirFor(settings.dbPath),
    mail: settings.mail,
    documentPartSize: settings.documentPartSize,
    log: createLogger({ level: settings.logLevel, target: settings.logTarget as LogTarget }),
  };
  return { base, close: () => db.close() };
}
