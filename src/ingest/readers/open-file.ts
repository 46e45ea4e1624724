// An input file is opened once, here: non-blocking (a FIFO would otherwise wait for a writer for
// ever), then fstat on the opened handle, so only a regular file is read (not a FIFO, a device such
// as /dev/zero, a socket or a folder). Sniffing, hashing and the readers all read this one handle by
// position (read-range.ts), so the bytes hashed are the bytes read, whatever the path turns into meanwhile.
import { constants } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { UnreadableFileError } from './errors.js';

const FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);

export interface RegularFile {
  fh: FileHandle;
  /** Size when opened: nothing past it is read, so a file that grows meanwhile is still read in bounded time. */
  size: number;
}

export async function openRegularFile(path: string): Promise<RegularFile> {
  const fh = await open(path, FLAGS);
  try {
    const st = await fh.stat();
    if (st.isDirectory()) throw new UnreadableFileError('är en katalog, inte en fil');
    if (!st.isFile())
      throw new UnreadableFileError('är ingen vanlig fil (t.ex. en namngiven pipe eller en enhet som /dev/zero); bara vanliga filer läses');
    return { fh, size: st.size };
  } catch (err) {
    await fh.close();
    throw err;
  }
}

/** Why opening a path failed, in Swedish; null for an error that is not the file's (it propagates). */
export function openFailureReason(err: unknown): string | null {
  switch ((err as { code?: unknown }).code) {
    case 'ENOENT':
      return 'filen finns inte';
    case 'EACCES':
    case 'EPERM':
      return 'filen kan inte läsas (behörighet saknas)';
    case 'EISDIR':
      return 'är en katalog, inte en fil';
    case 'ELOOP':
      return 'sökvägen går runt i en slinga av symboliska länkar';
    case 'ENOTDIR':
      return 'en del av sökvägen är ingen katalog';
    case 'ENAMETOOLONG':
      return 'sökvägen är för lång';
    case 'ENXIO':
    case 'ENODEV':
      return 'är ingen vanlig fil (t.ex. en socket eller en enhet); bara vanliga filer läses';
    case 'EIO':
      return 'filen kan inte läsas (läsfel på lagringsmediet)';
    default:
      return null;
  }
}
