// What a file is, from its bytes rather than its name: an xlsx (zip) workbook, an OLE compound file
// (an old .xls or a password-protected xlsx), or text to read as csv. A zip's central directory is
// the xlsx reader's first read (zip.ts): a zip bomb or an encrypted entry is refused there, before
// anything is inflated.
import { UnreadableFileError } from './errors.js';
import type { RegularFile } from './open-file.js';
import type { FileFormat } from './source.js';

const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

export async function sniffFile({ fh, size }: RegularFile): Promise<FileFormat> {
  const head = Buffer.alloc(Math.min(size, 4096));
  await fh.read(head, 0, head.length, 0);
  if (head.length >= 8 && head.subarray(0, 8).equals(OLE_MAGIC)) {
    throw new UnreadableFileError('filen är lösenordsskyddad eller en äldre .xls-fil; spara den som .xlsx utan lösenord eller som .csv');
  }
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && (head[2] === 3 || head[2] === 5) && (head[3] === 4 || head[3] === 6)) {
    return 'xlsx';
  }
  if (head.includes(0)) throw new UnreadableFileError('filen är inget kalkylark (varken xlsx eller csv)');
  return 'csv';
}
