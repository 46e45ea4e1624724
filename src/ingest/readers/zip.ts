// Zip archives read by random access from their central directory (xlsx files): sizes declared up
// front (a zip bomb is refused before anything is inflated), entries opened by offset and inflated
// as streams. No streaming zip parser: the one exceljs ships (unzipper 0.10) signals its end while
// entries it has parsed still wait in its paused stream, so small trailing parts — shared strings,
// the workbook's relationships — were now and then dropped.
import type { FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createInflateRaw, inflateRawSync } from 'node:zlib';
import { MAX_WORKBOOK_BYTES, MAX_ZIP_ENTRIES, sizeText } from '../limits.js';
import { UnreadableFileError } from './errors.js';
import type { RegularFile } from './open-file.js';
import { readRange } from './read-range.js';

/** Largest total uncompressed size accepted (a full Excel sheet of our columns stays far below). */
export const MAX_UNCOMPRESSED_BYTES = 4 * 1024 ** 3;
/** Largest compression ratio accepted once the content passes 256 MiB. */
export const MAX_COMPRESSION_RATIO = 200;

/** What a zip's central directory says about an entry. */
export interface ZipEntryInfo {
  /** Declared uncompressed size. */
  size: number;
  compressedSize: number;
  method: number;
  /** Offset of the entry's local header. */
  offset: number;
}

/** A zip's entries by path, from its central directory. */
export type ZipDirectory = Map<string, ZipEntryInfo>;

/**
 * An entry name that points outside the archive's own tree (`../x`, `/etc/x`, `C:\x`, either
 * slash): no spreadsheet writer makes one, and an archive carrying one is built to attack whatever
 * unpacks it. Nothing is unpacked to disk here, but such a file is refused all the same.
 */
function escapesArchive(name: string): boolean {
  if (name.includes('\0') || /^[\\/]/.test(name) || /^[A-Za-z]:/.test(name)) return true;
  return name.split(/[\\/]/).some((segment) => segment === '..');
}

/** What a part is, for messages: never the part's own name, which comes from the file. */
export function partLabel(name: string): string {
  switch (name) {
    case 'xl/workbook.xml':
      return 'arbetsboken (workbook.xml)';
    case 'xl/_rels/workbook.xml.rels':
      return 'arbetsbokens relationer (workbook.xml.rels)';
    case 'xl/sharedStrings.xml':
      return 'de delade texterna (sharedStrings.xml)';
    case 'xl/styles.xml':
      return 'formatmallarna (styles.xml)';
    default:
      return 'ett kalkylblad';
  }
}

/** A part of the archive larger than the reader takes it. */
export function partTooBig(name: string, limit: number): UnreadableFileError {
  return new UnreadableFileError(`xlsx-filens del ${partLabel(name)} är större än ${sizeText(limit)} uppackad, gränsen för inläsning`);
}

/** The central directory of an open zip file of `size` bytes. */
export async function readZipDirectory(fh: FileHandle, size: number): Promise<ZipDirectory> {
  const corrupt = new UnreadableFileError('xlsx-filen är skadad (zip-arkivets innehållsförteckning saknas)');
  // End of central directory: 22 bytes plus a comment of up to 65 535 bytes, at the end.
  const tailLength = Math.min(size, 22 + 65_535);
  const tail = Buffer.alloc(tailLength);
  await fh.read(tail, 0, tailLength, size - tailLength);
  let eocd = -1;
  for (let i = tailLength - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw corrupt;
  let entries = tail.readUInt16LE(eocd + 10);
  let cdSize = tail.readUInt32LE(eocd + 12);
  let cdOffset = tail.readUInt32LE(eocd + 16);
  if (cdOffset === 0xffffffff || cdSize === 0xffffffff || entries === 0xffff) {
    // Zip64: the locator sits just before the end record and points at the zip64 end record.
    const locator = eocd - 20;
    if (locator < 0 || tail.readUInt32LE(locator) !== 0x07064b50) throw corrupt;
    const z64Offset = Number(tail.readBigUInt64LE(locator + 8));
    const z64 = Buffer.alloc(56);
    await fh.read(z64, 0, 56, z64Offset);
    if (z64.readUInt32LE(0) !== 0x06064b50) throw corrupt;
    entries = Number(z64.readBigUInt64LE(32));
    cdSize = Number(z64.readBigUInt64LE(40));
    cdOffset = Number(z64.readBigUInt64LE(48));
  }
  if (cdOffset + cdSize > size || cdSize > 64 * 1024 * 1024) throw corrupt;
  if (entries > MAX_ZIP_ENTRIES)
    throw new UnreadableFileError(`xlsx-filen har fler än ${MAX_ZIP_ENTRIES.toLocaleString('sv-SE')} delar; ett kalkylark har ett tiotal`);
  const cd = Buffer.alloc(cdSize);
  await fh.read(cd, 0, cdSize, cdOffset);
  const dir: ZipDirectory = new Map();
  let total = 0;
  let p = 0;
  for (let n = 0; n < entries; n++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== 0x02014b50) throw corrupt;
    const flags = cd.readUInt16LE(p + 8);
    const method = cd.readUInt16LE(p + 10);
    let compressedSize = cd.readUInt32LE(p + 20);
    let uncompressed = cd.readUInt32LE(p + 24);
    let offset = cd.readUInt32LE(p + 42);
    const nameLength = cd.readUInt16LE(p + 28);
    const extraLength = cd.readUInt16LE(p + 30);
    const commentLength = cd.readUInt16LE(p + 32);
    const name = cd.toString('utf8', p + 46, p + 46 + nameLength);
    if (uncompressed === 0xffffffff || compressedSize === 0xffffffff || offset === 0xffffffff) {
      // The real values are in the zip64 extra field (header id 1), in this order, when maxed out.
      const extra = cd.subarray(p + 46 + nameLength, p + 46 + nameLength + extraLength);
      for (let q = 0; q + 4 <= extra.length;) {
        const id = extra.readUInt16LE(q);
        const len = extra.readUInt16LE(q + 2);
        if (id === 1) {
          let r = q + 4;
          const next = () => {
            const v = r + 8 <= q + 4 + len ? Number(extra.readBigUInt64LE(r)) : 0;
            r += 8;
            return v;
          };
          if (uncompressed === 0xffffffff) uncompressed = next();
          if (compressedSize === 0xffffffff) compressedSize = next();
          if (offset === 0xffffffff) offset = next();
        }
        q += 4 + len;
      }
    }
    if (flags & 1) throw new UnreadableFileError('xlsx-filen är krypterad; spara den utan lösenord');
    if (escapesArchive(name))
      throw new UnreadableFileError('xlsx-filen innehåller en del vars sökväg pekar ut ur arkivet (t.ex. ../); filen är inget vanligt kalkylark');
    if (dir.has(name)) throw new UnreadableFileError('xlsx-filen är skadad (två delar med samma namn)');
    dir.set(name, { size: uncompressed, compressedSize, method, offset });
    total += uncompressed;
    p += 46 + nameLength + extraLength + commentLength;
  }
  if (total > MAX_UNCOMPRESSED_BYTES || (total > 256 * 1024 ** 2 && total > MAX_COMPRESSION_RATIO * size)) {
    throw new UnreadableFileError('xlsx-filens innehåll är orimligt stort när det packas upp (möjlig zip-bomb)');
  }
  return dir;
}

async function dataOffset(fh: FileHandle, e: ZipEntryInfo): Promise<number> {
  const local = Buffer.alloc(30);
  await fh.read(local, 0, 30, e.offset);
  if (local.readUInt32LE(0) !== 0x04034b50) throw new UnreadableFileError('xlsx-filen är skadad (en del av arkivet saknas)');
  return e.offset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
}

/**
 * One small entry of a zip, inflated (workbook.xml and its relationships: read up front rather than
 * from the stream, whose small parts exceljs sometimes misses when the sheets come first).
 * Null when absent; unreadable when larger than `maxBytes`.
 */
export async function readZipEntry({ fh }: RegularFile, dir: ZipDirectory, name: string, maxBytes = MAX_WORKBOOK_BYTES): Promise<string | null> {
  const e = dir.get(name);
  if (!e) return null;
  if (e.size > maxBytes || e.compressedSize > maxBytes) throw partTooBig(name, maxBytes);
  const start = await dataOffset(fh, e);
  const data = Buffer.alloc(e.compressedSize);
  await fh.read(data, 0, e.compressedSize, start);
  if (e.method === 0) return data.toString('utf8');
  if (e.method !== 8) throw new UnreadableFileError('xlsx-filen använder en okänd komprimering');
  try {
    return inflateRawSync(data, { maxOutputLength: maxBytes }).toString('utf8');
  } catch {
    throw new UnreadableFileError('xlsx-filen är skadad (en del av arkivet går inte att packa upp)');
  }
}

/**
 * An entry's content as a stream (inflated when deflated). `onBytes` hears how many bytes of the
 * file are read, for progress.
 */
export async function openZipEntry(file: RegularFile, e: ZipEntryInfo, onBytes?: (n: number) => void): Promise<Readable> {
  const start = await dataOffset(file.fh, e);
  if (e.method !== 0 && e.method !== 8) throw new UnreadableFileError('xlsx-filen använder en okänd komprimering');
  // Read by position from the file's one handle, which stays open for its owner to close.
  const raw = Readable.from(readRange(file, start, start + e.compressedSize), { objectMode: false });
  if (onBytes) raw.on('data', (chunk) => onBytes(chunk.length));
  if (e.method === 0) return raw;
  const inflate = createInflateRaw();
  raw.on('error', (err) => inflate.destroy(err));
  inflate.on('close', () => raw.destroy());
  return raw.pipe(inflate);
}
