// What the web application is built from: the store, the queue backend and where outputs are.
// `claims serve` makes these; tests make their own (buildApp never listens).
import type { Config } from '../config.js';
import type { QueueBackend } from '../queue/backend.js';
import type { Logger } from '../queue/logger.js';
import type { Db } from '../store/db.js';

export interface WebDeps {
  db: Db;
  /** Runs submitted batches (in-process or BullMQ). */
  backend: QueueBackend;
  /** The spool beside the database (spoolDirFor(dbPath)). */
  spoolDir: string;
  /** Where batches write their outputs (applications/ with the PDFs). */
  outDir: string;
  config: Config;
  log: Logger;
  /** Set the Secure flag on cookies (served over https, directly or behind a proxy). */
  secureCookies: boolean;
  /** Idle time after which a session ends (default 30 minutes). */
  sessionIdleMs?: number;
  /** Largest accepted upload file (default 100 MiB). */
  maxUploadBytes?: number;
  /** Sign-in attempts per client and minute (default 10). */
  signInAttemptsPerMinute?: number;
  /** Today, for deadlines (default: today in Stockholm). */
  today?: () => string;
}
