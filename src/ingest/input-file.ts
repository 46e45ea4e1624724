// The first step of a file's path: what it is (from its bytes, not its name) and its fingerprint,
// before anything is read into the database; and, when it cannot be read, why, in Swedish.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { type FileFormat, UnreadableFileError, type ZipDirectory, sniffFile } from './readers/sniff.js';

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
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) hash.update(chunk as Buffer);
  return { path, ...sniffed, sha256: hash.digest('hex') };
}

/**
 * A failure that means the file cannot be read → the Swedish reason shown for it; null for any
 * other error (a bug, a database problem), which is not the file's fault and propagates. Readers
 * turn their libraries' errors into UnreadableFileError, whose messages carry no file content.
 */
export function unreadableReason(err: unknown): string | null {
  if (err instanceof UnreadableFileError) return err.message;
  switch ((err as { code?: unknown }).code) {
    case 'ENOENT':
      return 'filen finns inte';
    case 'EACCES':
    case 'EPERM':
      return 'filen kan inte läsas (behörighet saknas)';
    case 'EISDIR':
      return 'är en katalog, inte en fil';
    default:
      return null;
  }
}
