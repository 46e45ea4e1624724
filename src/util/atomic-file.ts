// Writes a file so that readers see either the old file or the whole new one, never a half-written one.
// What is written holds identities and health data: the temporary file is created 0600 (mode given
// and set again on the open handle, so the umask cannot widen or narrow it) before any byte goes in,
// the file that replaces the old one by rename keeps that mode, and missing folders are made 0700.
import { chmodSync, closeSync, fchmodSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { PRIVATE_FILE_MODE, makePrivateDir } from './private-dir.js';

export function temporaryPathFor(path: string): string {
  return `${path}.tmp-${process.pid}`;
}

/** Creates (or truncates) `path` as an empty file with mode 0600; returns its descriptor. */
function openPrivate(path: string): number {
  const fd = openSync(path, 'w', PRIVATE_FILE_MODE);
  try {
    fchmodSync(fd, PRIVATE_FILE_MODE);
  } catch (err) {
    closeSync(fd);
    throw err;
  }
  return fd;
}

/** `data` whole, or in pieces written one after another (a large file never held as one string). */
export function writeFileAtomic(path: string, data: string | Uint8Array | Iterable<string>): void {
  makePrivateDir(dirname(path));
  const tmp = temporaryPathFor(path);
  try {
    const fd = openPrivate(tmp);
    try {
      if (typeof data === 'string' || data instanceof Uint8Array) writeFileSync(fd, data);
      else for (const piece of data) writeFileSync(fd, piece);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/** As writeFileAtomic, off the main thread (many files at once); the folder must exist. */
export async function writeFileAtomicAsync(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = temporaryPathFor(path);
  try {
    const fh = await open(tmp, 'w', PRIVATE_FILE_MODE);
    try {
      await fh.chmod(PRIVATE_FILE_MODE);
      await fh.writeFile(data);
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/**
 * Runs `write(tmpPath)`, then moves the result into place; nothing is left behind on failure. The
 * temporary file exists, empty and 0600, before `write` opens it (writers truncate a file and keep
 * its mode); its mode is set again before it takes the place of the old one.
 */
export async function withAtomicFile(path: string, write: (tmpPath: string) => Promise<void>): Promise<void> {
  makePrivateDir(dirname(path));
  const tmp = temporaryPathFor(path);
  try {
    closeSync(openPrivate(tmp));
    await write(tmp);
    chmodSync(tmp, PRIVATE_FILE_MODE);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}
