// Streaming csv reader (csv-parse). Encoding: UTF-8 with or without BOM, or Windows-1252 — decided
// on the first chunk that holds a non-ASCII byte (valid UTF-8 there → UTF-8, else Windows-1252;
// until then both read the same). Delimiter: `;` or `,`, whichever splits the first lines (title
// rows and header) into more fields, quotes respected. Records end at CRLF, LF or CR, mixed as they
// come; a record over MAX_ROW_BYTES makes the file unreadable.
import { parse, type Parser } from 'csv-parse';
import iconv from 'iconv-lite';
import { Readable } from 'node:stream';
import { TextDecoder } from 'node:util';
import { MAX_CELL_CHARS, MAX_ROW_BYTES, sizeText } from '../limits.js';
import { textCell, tooLongCell } from '../values.js';
import type { RowSource } from './source.js';
import { UnreadableFileError } from './errors.js';
import type { RegularFile } from './open-file.js';
import { readRange } from './read-range.js';

export type CsvEncoding = 'utf-8' | 'windows-1252';

export interface CsvRow {
  /** 1-based record number (the row number a spreadsheet shows when it opens the file). */
  number: number;
  values: string[];
}

export interface CsvFile {
  delimiter: ';' | ',';
  /** null while the file has shown only ASCII. */
  readonly encoding: CsvEncoding | null;
  /** Records in order, in batches of what the parser holds. */
  rows: AsyncIterable<CsvRow[]>;
  readonly bytesRead: number;
  close(): void;
}

const PROBE_LINES = 11;
const ROWS_PER_BATCH = 256;

/**
 * A readable stream's objects in batches: whatever it holds is read synchronously, so a caller
 * awaits once per batch rather than once per record.
 */
async function* readBatches<T>(stream: Readable, max: number): AsyncGenerator<T[]> {
  let ended = false;
  let failure: unknown = null;
  let wake: (() => void) | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  const onEnd = () => {
    ended = true;
    notify();
  };
  const onError = (err: unknown) => {
    failure ??= err;
    notify();
  };
  stream.on('readable', notify).on('end', onEnd).on('error', onError);
  try {
    for (;;) {
      if (failure) throw failure;
      const batch: T[] = [];
      while (batch.length < max) {
        const item = stream.read() as T | null;
        if (item === null) break;
        batch.push(item);
      }
      if (batch.length > 0) {
        yield batch;
        continue;
      }
      if (failure) throw failure;
      if (ended || stream.readableEnded) return;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    stream.off('readable', notify).off('end', onEnd).off('error', onError);
  }
}

function hasHighByte(chunk: Buffer): boolean {
  for (let i = 0; i < chunk.length; i++) if (chunk[i]! >= 0x80) return true;
  return false;
}

/** Decodes chunks, deciding the encoding on the first non-ASCII chunk. */
class Decoder {
  encoding: CsvEncoding | null = null;
  private utf8: TextDecoder | null = null;
  private first = true;

  write(chunk: Buffer): string {
    if (this.first) {
      this.first = false;
      if (chunk.length >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) {
        this.encoding = 'utf-8';
        chunk = chunk.subarray(3);
      }
    }
    if (this.encoding === null) {
      if (!hasHighByte(chunk)) return chunk.toString('latin1');
      const probe = new TextDecoder('utf-8', { fatal: true });
      try {
        probe.decode(chunk, { stream: true });
        this.encoding = 'utf-8';
      } catch {
        this.encoding = 'windows-1252';
      }
    }
    if (this.encoding === 'windows-1252') return iconv.decode(chunk, 'win1252');
    this.utf8 ??= new TextDecoder('utf-8');
    return this.utf8.decode(chunk, { stream: true });
  }

  end(): string {
    return this.utf8 ? this.utf8.decode() : '';
  }
}

/** Fields a line splits into with `delimiter`, quotes respected. */
function fieldCount(line: string, delimiter: string): number {
  let n = 1;
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') quoted = !quoted;
    else if (c === delimiter && !quoted) n++;
  }
  return n;
}

export function detectDelimiter(text: string): ';' | ',' {
  const lines = text.split(/\r\n|\n|\r/).slice(0, PROBE_LINES);
  let semi = 0;
  let comma = 0;
  for (const line of lines) {
    semi = Math.max(semi, fieldCount(line, ';'));
    comma = Math.max(comma, fieldCount(line, ','));
  }
  return comma > semi ? ',' : ';';
}

/** Windows-1252 differs from Latin-1 only in 0x80–0x9F: the characters there, by byte − 0x80. */
const CP1252_C1 = iconv.decode(Buffer.from(Array.from({ length: 32 }, (_, i) => 0x80 + i)), 'win1252');
const C1 = /[\x80-\x9f]/;
const C1_ALL = /[\x80-\x9f]/g;

function fixCp1252(values: string[]): string[] {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (C1.test(v)) values[i] = v.replace(C1_ALL, (c) => CP1252_C1[c.charCodeAt(0) - 0x80]!);
  }
  return values;
}

/** Line ends in the chunks: LF, CRLF (once) and a lone CR. */
function countLineEnds(chunks: readonly Buffer[]): number {
  let n = 0;
  for (const c of chunks) {
    for (let i = 0; i < c.length; i++) {
      const b = c[i]!;
      if (b === 10 || (b === 13 && c[i + 1] !== 10)) n++;
    }
  }
  return n;
}

const recordTooBig = (row: number) =>
  new UnreadableFileError(
    `rad ${row} i csv-filen är större än ${sizeText(MAX_ROW_BYTES)}, gränsen för en rad (saknas ett radslut eller ett avslutande citattecken?); filen läses inte`,
  );

export async function openCsv(file: RegularFile): Promise<CsvFile> {
  // Up to the size the file had when opened; the handle stays open for its owner to close.
  let bytesRead = 0;
  const input = Readable.from(readRange(file, 0, file.size), { objectMode: false });
  const chunks = (async function* (): AsyncGenerator<Buffer> {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      bytesRead += chunk.length;
      yield chunk;
    }
  })();

  // Read far enough to see the title rows and the header.
  const headChunks: Buffer[] = [];
  let headBytes = 0;
  let done = false;
  while (!done && countLineEnds(headChunks) < PROBE_LINES && headBytes < 4 * 1024 * 1024) {
    const next = await chunks.next();
    if (next.done) done = true;
    else {
      headChunks.push(next.value);
      headBytes += next.value.length;
    }
  }
  const head = Buffer.concat(headChunks);
  const decoder = new Decoder();
  const headText = decoder.write(head) + (done ? decoder.end() : '');
  const delimiter = detectDelimiter(headText);
  // Decided from the head: bytes go to csv-parse as they are (it decodes the fields). Undecided
  // (only ASCII so far): decode here, so a Windows-1252 byte further down is still read right.
  const decided = decoder.encoding;

  async function* bytes(): AsyncGenerator<Buffer> {
    if (head.length > 0) yield head;
    if (done) return;
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value;
  }

  async function* text(): AsyncGenerator<string> {
    if (headText !== '') yield headText;
    if (done) return;
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) {
      const s = decoder.write(next.value);
      if (s !== '') yield s;
    }
    const rest = decoder.end();
    if (rest !== '') yield rest;
  }

  const parser: Parser = parse({
    delimiter,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    bom: decided === 'utf-8',
    trim: false,
    record_delimiter: ['\r\n', '\n', '\r'],
    max_record_size: MAX_ROW_BYTES,
    encoding: decided === 'windows-1252' ? 'latin1' : 'utf8',
  });
  const source = decided === null ? Readable.from(text()) : Readable.from(bytes(), { objectMode: false });
  source.on('error', (err) => parser.destroy(err));
  source.pipe(parser);

  async function* rows(): AsyncGenerator<CsvRow[]> {
    let number = 0;
    const fix = decided === 'windows-1252';
    try {
      for await (const batch of readBatches<string[]>(parser, ROWS_PER_BATCH)) {
        const out: CsvRow[] = [];
        for (const values of batch) out.push({ number: ++number, values: fix ? fixCp1252(values) : values });
        yield out;
      }
    } catch (err) {
      if ((err as { code?: unknown }).code === 'CSV_MAX_RECORD_SIZE') throw recordTooBig(number + 1);
      throw err;
    }
  }

  return {
    delimiter,
    get encoding() {
      return decoder.encoding;
    },
    rows: rows(),
    get bytesRead() {
      return bytesRead;
    },
    close() {
      source.destroy();
      parser.destroy();
      input.destroy();
    },
  };
}

/** A csv file as the ingest reads every file: one sheet without a name, cells over the limit marked. */
export async function openCsvSource(file: RegularFile): Promise<RowSource<CsvRow>> {
  const csv = await openCsv(file);
  return {
    format: 'csv',
    sheets: (async function* () {
      yield { name: null, rows: csv.rows };
    })(),
    rowNumber: (row) => row.number,
    cellAt: (row, index) => {
      const v = row.values[index];
      return v !== undefined && v.length > MAX_CELL_CHARS ? tooLongCell(v) : v;
    },
    cells: (row) => row.values.map(textCell),
    date1904: false,
    get bytesRead() {
      return csv.bytesRead;
    },
    close: () => csv.close(),
  };
}
