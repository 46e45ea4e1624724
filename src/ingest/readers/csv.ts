// Streaming csv reader (csv-parse). Encoding: UTF-8 with or without BOM, or Windows-1252 — decided
// on the first chunk that holds a non-ASCII byte (valid UTF-8 there → UTF-8, else Windows-1252;
// until then both read the same). Delimiter: `;` or `,`, whichever splits the first lines (title
// rows and header) into more fields, quotes respected.
import { parse, type Parser } from 'csv-parse';
import iconv from 'iconv-lite';
import { createReadStream, type ReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { TextDecoder } from 'node:util';

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
  rows: AsyncIterable<CsvRow>;
  readonly bytesRead: number;
  close(): void;
}

const PROBE_LINES = 11;

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

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

export async function openCsv(path: string): Promise<CsvFile> {
  const input: ReadStream = createReadStream(path, { highWaterMark: 256 * 1024 });
  const decoder = new Decoder();
  const chunks = input[Symbol.asyncIterator]() as AsyncIterator<Buffer>;

  // Read far enough to see the title rows and the header.
  let head = '';
  let done = false;
  while (!done && countLines(head) < PROBE_LINES && head.length < 4 * 1024 * 1024) {
    const next = await chunks.next();
    if (next.done) {
      done = true;
      head += decoder.end();
    } else {
      head += decoder.write(next.value);
    }
  }
  const delimiter = detectDelimiter(head);

  async function* text(): AsyncGenerator<string> {
    if (head !== '') yield head;
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
    bom: false,
    trim: false,
  });
  const source = Readable.from(text());
  source.on('error', (err) => parser.destroy(err));
  source.pipe(parser);

  async function* rows(): AsyncGenerator<CsvRow> {
    let number = 0;
    for await (const values of parser as AsyncIterable<string[]>) {
      number++;
      yield { number, values };
    }
  }

  return {
    delimiter,
    get encoding() {
      return decoder.encoding;
    },
    rows: rows(),
    get bytesRead() {
      return input.bytesRead;
    },
    close() {
      source.destroy();
      parser.destroy();
      input.destroy();
    },
  };
}
