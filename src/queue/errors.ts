// Each error of a job is classified once. The input's fault (a file that cannot be read, a payload
// the schema refuses) is reported in Swedish on the batch and never retried: BullMQ recognises
// UnrecoverableError by its name. Anything else may pass (SQLITE_BUSY, a Redis blip, a full disk)
// and is retried with exponential backoff. Messages that reach Redis carry no personal data and
// no file name: the batch row in SQLite holds the user's message.

import { errorLabel } from '../pipeline/error-label.js';
import { InputError } from '../pipeline/input-error.js';

export { InputError, errorLabel };

/** A payload the job's schema refuses (on enqueue or on consume); says which fields, never their values. */
export class PayloadError extends Error {
  override readonly name = 'PayloadError';
  constructor(job: string, fields: readonly string[]) {
    super(`${job}: jobbets data avvisades (fält: ${fields.join(', ') || '(roten)'})`);
  }
}

/** What goes to the queue for an error that must not be retried. */
export class UnrecoverableJobError extends Error {
  override readonly name = 'UnrecoverableError';
}

/** What goes to the queue for an error that may pass: the original error's kind only. */
export class RetryableJobError extends Error {
  override readonly name = 'RetryableJobError';
}

export type ErrorClass = { kind: 'input'; message: string } | { kind: 'payload'; message: string } | { kind: 'transient'; label: string };

export function classifyError(err: unknown): ErrorClass {
  if (err instanceof InputError) return { kind: 'input', message: err.message };
  if (err instanceof PayloadError) return { kind: 'payload', message: err.message };
  return { kind: 'transient', label: errorLabel(err) };
}
