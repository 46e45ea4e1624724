// Every `claims` subcommand, one module each.
import type { Command } from 'commander';
import type { SetExitCode } from '../usage.js';
import { deadlinesCommand } from './deadlines.js';
import { exportCommand } from './export.js';
import { generateSampleCommand } from './generate-sample.js';
import { ingestCommand } from './ingest.js';
import { markCommand } from './mark.js';
import { paymentsCommand } from './payments.js';
import { reportCommand } from './report.js';
import { runCommand } from './run.js';
import { unitsCommand } from './units.js';
import { batchesCommand } from './batches.js';
import { submitCommand } from './submit.js';
import { workerCommand } from './worker.js';
import { serveCommand } from './serve.js';
import { userCommand } from './user.js';

export type CommandFactory = (setExitCode: SetExitCode) => Command;

export const commands: CommandFactory[] = [
  runCommand,
  markCommand,
  deadlinesCommand,
  ingestCommand,
  generateSampleCommand,
  reportCommand,
  unitsCommand,
  exportCommand,
  paymentsCommand,
  workerCommand,
  submitCommand,
  batchesCommand,
  serveCommand,
  userCommand,
];
