// Every `claims` subcommand, one module each.
import type { Command } from 'commander';
import type { SetExitCode } from '../usage.js';

export type CommandFactory = (setExitCode: SetExitCode) => Command;

export const commands: CommandFactory[] = [];
