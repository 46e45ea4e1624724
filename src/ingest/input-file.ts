// The first step of a file's path: open it (once: every later step reads this handle), what it is
// (from its bytes, not its name) and its fingerprint, before anything is read into the database;
// and, when it cannot be read, why, in Swedish.
import { createHash } from 'node:crypto';
import { openFailureReason, openRegularFile, type RegularFile } from './readers/open-file.js';
import { readRange } from './readers/read-range.js';
import { UnreadableFileError } from './readers/errors.js';
import { sniffFile } from './readers/sniff.js';
import type { FileFormat } from './readers/source.js';

export interface OpenedFile {
  path: string;
  /** The open file, read by position; closed by `close`. */
  file: RegularFile;
  format: FileFormat;
  /** When opened: nothing past it is read. */
  size: number;
  /** Of the whole file: the same bytes are read only once (SPEC §3.3). */
  sha256: string;
  close(): Promise<void>;
}

export async function openInputFile(path: string): Promise<OpenedFile> {
  const file = await openRegularFile(path);
  try {
    // Sniffed first: a file that is no spreadsheet is refused before all of it is read for the hash.
    const format = await sniffFile(file);
    const hash = createHash('sha256');
    for await (const chunk of readRange(file, 0, file.size, 1024 * 1024)) hash.update(chunk);
    return { path, file, format, size: file.size, sha256: hash.digest('hex'), close: () => file.fh.close() };
  } catch (err) {
    await file.fh.close();
    throw err;
  }
}

/**
 * A failure that means the file cannot be read → the Swedish reason shown for it; null for any
 * other error (a bug, a database problem), which is not the file's fault and propagates. Readers
 * turn their libraries' errors into UnreadableFileError, whose messages carry no file content.
 */
export function unreadableReason(err: unknown): string | null {
  if (err instanceof UnreadableFileError) return err.message;
  return openFailureReason(err);
}
