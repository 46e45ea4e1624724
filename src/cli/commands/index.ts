// Every `claims` subcommand, one module each.
import type { Command } from 'commander';
import type { SetExitCode } from '../usage.js';
import { deadlinesCommand } from './deadlines.js';
import { generateSampleCommand } from './generate-sample.js';
import { ingestCommand } from './ingest.js';
import { markCommand } from './mark.js';
import { reportCommand } from './report.js';
import { runCommand } from './run.js';
import { batchesCommand } from './batches.js';
import { submitCommand } from './submit.js';
import { workerCommand } from './worker.js';

export type CommandFactory = (setExitCode: SetExitCode) => Command;

export const commands: CommandFactory[] = [runCommand, markCommand, deadlinesCommand, ingestCommand, generateSampleCommand, reportCommand, workerCommand, submitCommand, batchesCommand];
