// The first step of a file's path: what it is (from its bytes, not its name) and its fingerprint,
// before anything is read into the database; and, when it cannot be read, why, in Swedish.
import { createHash } from 'node:crypto';
import { openFailureReason, openRegularFile } from './readers/open-file.js';
import { UnreadableFileError } from './readers/errors.js';
import { type ZipDirectory, sniffFile } from './readers/sniff.js';
import type { FileFormat } from './readers/source.js';

export interface OpenedFile {
  path: string;
  format: FileFormat;
  size: number;
  /** For xlsx: the zip's central directory. */
  zip: ZipDirectory | null;
  /** Of the whole file: the same bytes are read only once (SPEC §3.3). */
  sha256: string;
}

export async function openInputFile(path: string): Promise<OpenedFile> {
  const sniffed = await sniffFile(path);
  // Of the bytes up to the size the sniffing saw: the readers read no further.
  const hash = createHash('sha256');
  const { fh } = await openRegularFile(path);
  if (sniffed.size === 0) await fh.close();
  else for await (const chunk of fh.createReadStream({ highWaterMark: 1024 * 1024, start: 0, end: sniffed.size - 1 })) hash.update(chunk as Buffer);
  return { path, ...sniffed, sha256: hash.digest('hex') };
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
