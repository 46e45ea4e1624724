// Reading the one opened input file (open-file.ts) by position: the hash, the csv reader and the
// zip entries each read their range of the same handle.
import type { RegularFile } from './open-file.js';

/**
 * The bytes from `start` up to `end` (exclusive) in chunks, read by position. Not a file stream:
 * destroying one of those closes the handle, which the other steps still read.
 */
export async function* readRange({ fh }: RegularFile, start: number, end: number, chunkSize = 256 * 1024): AsyncGenerator<Buffer> {
  for (let pos = start; pos < end;) {
    const buf = Buffer.allocUnsafe(Math.min(chunkSize, end - pos));
    const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
    if (bytesRead === 0) return;
    pos += bytesRead;
    yield bytesRead === buf.length ? buf : buf.subarray(0, bytesRead);
  }
}
