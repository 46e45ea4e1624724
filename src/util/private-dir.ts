// Folders and files that hold identities and health data are the user's alone: folders 0700, files
// 0600, whatever the umask. Modes are given when creating and set again with chmod (which the
// umask does not touch); process.umask is never changed. Tightening an existing entry is only for
// what the product owns (its output folder and what it writes there, its database): a folder the
// user names for the database (/tmp, a home folder) is left as it is.
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

/** Creates the folder and any missing parents, each 0700; folders that already exist are left alone. */
export function makePrivateDir(dir: string): void {
  const missing: string[] = [];
  for (let d = resolve(dir); !existsSync(d); d = dirname(d)) {
    missing.push(d);
    if (dirname(d) === d) break;
  }
  // One level at a time, each made usable before the next is created in it.
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d, { mode: PRIVATE_DIR_MODE });
    } catch (err) {
      // Made meanwhile by someone else (or a dangling link): not ours to change.
      if ((err as { code?: unknown }).code === 'EEXIST') continue;
      throw err;
    }
    chmodSync(d, PRIVATE_DIR_MODE);
  }
}

const ownedByUs = (uid: number): boolean => typeof process.getuid !== 'function' || uid === process.getuid();

/**
 * Tightens one entry the product owns: a folder to 0700, a regular file to 0600, when group or
 * others have any access. Symbolic links and entries of other users are left alone; a missing entry
 * is no error.
 */
export function tightenEntry(path: string): void {
  tighten(path);
}

/** As tightenEntry; true when the entry is a folder of ours that was private already. */
function tighten(path: string): boolean {
  let st;
  try {
    st = lstatSync(path);
  } catch (err) {
    if ((err as { code?: unknown }).code === 'ENOENT') return false;
    throw err;
  }
  if (!ownedByUs(st.uid)) return false;
  if ((st.mode & 0o077) === 0) return st.isDirectory();
  if (st.isDirectory()) chmodSync(path, PRIVATE_DIR_MODE);
  else if (st.isFile()) chmodSync(path, PRIVATE_FILE_MODE);
  return false;
}

/**
 * tightenEntry on a folder and everything below it (links not followed). Below a folder that was
 * private already nothing is looked at: no one else can open what is in it, and what the product
 * writes there is private anyway. The applications folder of a million lines holds 11 000 PDFs.
 */
export function tightenTree(path: string): void {
  if (tighten(path)) return;
  let entries;
  try {
    entries = readdirSync(path, { withFileTypes: true });
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return;
    throw err;
  }
  for (const e of entries) {
    const p = join(path, e.name);
    if (e.isDirectory()) tightenTree(p);
    else if (e.isFile()) tightenEntry(p);
  }
}
