// Errors in how the command was called (exit code 2, one line on stderr).
import { type Config, ConfigError, loadConfig } from '../config.js';
import { isIsoDate } from '../domain/dates.js';

export class UsageError extends Error {}

/** Sets the process exit code of the running command. */
export type SetExitCode = (code: number) => void;

export function parseAsOfOption(value: string | undefined, fallback: () => string): string {
  if (value === undefined) return fallback();
  if (!isIsoDate(value)) throw new UsageError(`--as-of måste vara ett datum ÅÅÅÅ-MM-DD, fick "${value}"`);
  return value;
}

/** The --config file, or the defaults; a bad file is a wrong argument. */
export function loadConfigOption(path: string | undefined): Config {
  try {
    return loadConfig(path);
  } catch (err) {
    if (err instanceof ConfigError) throw new UsageError(err.message);
    throw err;
  }
}
