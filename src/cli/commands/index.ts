// Every `claims` subcommand, one module each, loaded on use: a module brings its command's imports
// with it, and `claims run` loading all fourteen took some 45 ms of every run. The order is the
// order of the help text.
import type { Command } from 'commander';
import type { SetExitCode } from '../usage.js';

export type CommandFactory = (setExitCode: SetExitCode) => Command;

export interface CommandEntry {
  /** The name the command is called by (as its module's `new Command(name)`). */
  name: string;
  load: () => Promise<CommandFactory>;
}

export const commands: CommandEntry[] = [
  { name: 'run', load: async () => (await import('./run.js')).runCommand },
  { name: 'mark', load: async () => (await import('./mark.js')).markCommand },
  { name: 'deadlines', load: async () => (await import('./deadlines.js')).deadlinesCommand },
  { name: 'ingest', load: async () => (await import('./ingest.js')).ingestCommand },
  { name: 'generate-sample', load: async () => (await import('./generate-sample.js')).generateSampleCommand },
  { name: 'report', load: async () => (await import('./report.js')).reportCommand },
  { name: 'units', load: async () => (await import('./units.js')).unitsCommand },
  { name: 'export', load: async () => (await import('./export.js')).exportCommand },
  { name: 'payments', load: async () => (await import('./payments.js')).paymentsCommand },
  { name: 'worker', load: async () => (await import('./worker.js')).workerCommand },
  { name: 'submit', load: async () => (await import('./submit.js')).submitCommand },
  { name: 'batches', load: async () => (await import('./batches.js')).batchesCommand },
  { name: 'serve', load: async () => (await import('./serve.js')).serveCommand },
  { name: 'user', load: async () => (await import('./user.js')).userCommand },
];

/**
 * The commands `argv` needs: the one it begins with, else all of them (the help lists every command,
 * and commander names an unknown one).
 */
export function commandsFor(argv: readonly string[]): CommandEntry[] {
  const named = commands.filter((c) => c.name === argv[0]);
  return named.length === 1 ? named : commands;
}
