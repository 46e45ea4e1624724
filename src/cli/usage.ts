// Errors in how the command was called (exit code 2, one line on stderr).
import { isIsoDate } from '../domain/dates.js';

export class UsageError extends Error {}

/** Sets the process exit code of the running command. */
export type SetExitCode = (code: number) => void;

export function parseAsOfOption(value: string | undefined, fallback: () => string): string {
  if (value === undefined) return fallback();
  if (!isIsoDate(value)) throw new UsageError(`--as-of måste vara ett datum ÅÅÅÅ-MM-DD, fick "${value}"`);
  return value;
}
