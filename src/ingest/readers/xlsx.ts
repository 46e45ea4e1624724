// Streaming xlsx reader on exceljs's WorkbookReader (flat memory at any sheet size). A thin subclass
// mends what the stock reader gets wrong for files from other writers:
// - UTF-8 decoded per chunk without carrying a split character over (å/ä/ö at a chunk boundary
//   became two U+FFFD): every XML part is decoded by a streaming decoder first;
// - inline rich text (`<is><r><t>a</t></r><r><t>b</t></r></is>`, openpyxl's CellRichText) kept
//   only its last run: runs are joined before exceljs sees them;
// - ISO date cells (`t="d"`) were read as the number of their year: they are handed over as text;
// - `date1904="true"` (the other xsd:boolean spelling) was not recognised, and sheet names were
//   lost for absolute relationship targets (openpyxl's `/xl/worksheets/sheet1.xml`) or, now and
//   then, when the relationships part came after the sheets: workbook.xml and its relationships
//   are read from the archive up front instead;
// - no guard against zip bombs: every part is counted against its declared size (see sniff.ts).
import ExcelJS from 'exceljs';
import { createReadStream, type ReadStream } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { TextDecoder } from 'node:util';
import { MAX_UNCOMPRESSED_BYTES, UnreadableFileError, type ZipDirectory, readZipEntry } from './sniff.js';

type Chunk = Buffer | string;

interface WorksheetReaderLike extends AsyncIterable<RowLike> {
  name: string;
  id: number | string;
}

/** The part of an exceljs Row the ingest uses. */
export interface RowLike {
  number: number;
  /** 1-based sparse array of exceljs cell values. */
  values: unknown[];
  findCell(column: number): { value: unknown } | undefined;
}

interface ReaderInternals {
  properties?: { model?: { date1904?: boolean } };
  workbookRels?: { Target: string }[];
  _parseRels(entry: NodeJS.ReadableStream): Promise<void>;
  _parseWorkbook(entry: NodeJS.ReadableStream): Promise<void>;
  _parseSharedStrings(entry: NodeJS.ReadableStream): AsyncGenerator<unknown>;
  _parseStyles(entry: NodeJS.ReadableStream): Promise<void>;
  _parseWorksheet(iterator: AsyncIterable<Chunk>, sheetNo: string): Generator<unknown>;
  [Symbol.asyncIterator](): AsyncIterator<WorksheetReaderLike>;
}

const BaseReader = ExcelJS.stream.xlsx.WorkbookReader as unknown as new (input: unknown, options: unknown) => ReaderInternals;

const tooBig = () => new UnreadableFileError('xlsx-filens innehåll är större än arkivet anger (skadad fil eller zip-bomb)');

/** Slack over a part's declared size before the reader gives up on it. */
const SIZE_SLACK = 1024 * 1024;

function limitFor(dir: ZipDirectory, path: string): number {
  const declared = dir.get(path);
  return declared === undefined ? MAX_UNCOMPRESSED_BYTES : declared.size + SIZE_SLACK;
}

function decodeXml(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, e: string) =>
    e === 'amp' ? '&' : e === 'lt' ? '<' : e === 'gt' ? '>' : e === 'quot' ? '"' : e === 'apos' ? "'" : String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : Number(e.slice(1))),
  );
}

function attributes(tag: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of tag.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) out.set(m[1]!, decodeXml(m[2] ?? m[3] ?? ''));
  return out;
}

/** The workbook's sheets in workbook order and its date system, read from the archive directly. */
export interface WorkbookInfo {
  date1904: boolean;
  /** Sheet name by worksheet part number (`xl/worksheets/sheet3.xml` → "3"). */
  names: Map<string, string>;
}

export async function readWorkbookInfo(path: string, dir: ZipDirectory): Promise<WorkbookInfo> {
  const workbook = (await readZipEntry(path, dir, 'xl/workbook.xml')) ?? '';
  const rels = (await readZipEntry(path, dir, 'xl/_rels/workbook.xml.rels')) ?? '';
  const targets = new Map<string, string>();
  for (const m of rels.matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g)) {
    const a = attributes(m[0]);
    const id = a.get('Id');
    const target = a.get('Target');
    if (id && target) targets.set(id, target.replace(/^\//, '').replace(/^xl\//, ''));
  }
  const names = new Map<string, string>();
  for (const m of workbook.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)) {
    const a = attributes(m[0]);
    const rid = [...a.entries()].find(([k]) => k.endsWith(':id'))?.[1];
    const no = rid ? /^worksheets\/sheet(\d+)\.xml$/.exec(targets.get(rid) ?? '')?.[1] : undefined;
    const name = a.get('name');
    if (no && name !== undefined) names.set(no, name);
  }
  return { date1904: /<(?:\w+:)?workbookPr\b[^>]*\bdate1904\s*=\s*["'](?:1|true)["']/.test(workbook), names };
}

/**
 * A zip entry stream → a stream of correctly decoded strings, refusing more than `limit` bytes;
 * `tap` sees the text as it passes.
 */
function decodedStream(entry: NodeJS.ReadableStream, limit: number, tap?: (text: string) => void): Readable {
  const decoder = new StringDecoder('utf8');
  let seen = 0;
  const out = new Transform({
    readableObjectMode: true,
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      if (seen > limit) return done(tooBig());
      const s = decoder.write(chunk);
      tap?.(s);
      done(null, s === '' ? undefined : s);
    },
    flush(done) {
      const s = decoder.end();
      tap?.(s);
      done(null, s === '' ? undefined : s);
    },
  });
  entry.on('error', (err) => out.destroy(err as Error));
  return (entry as unknown as Readable).pipe(out);
}

function joinInlineRuns(inner: string): string {
  const plain = inner.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '');
  let text = '';
  for (const m of plain.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g)) text += m[1];
  return `<is><t xml:space="preserve">${text}</t></is>`;
}

/** Rewrites the parts of sheet XML the stock reader misreads (see the file comment). */
export function mendSheetXml(xml: string): string {
  let out = xml;
  if (out.includes('</r>')) out = out.replace(/<is>([\s\S]*?)<\/is>/g, (whole, inner: string) => (inner.includes('</r>') ? joinInlineRuns(inner) : whole));
  if (out.includes('t="d"')) out = out.replace(/(<c\b[^>]*?\s)t="d"/g, '$1t="str"');
  return out;
}

const MENDED_PATTERNS = ['</r>', 't="d"'];
const needsMending = (text: string): boolean => MENDED_PATTERNS.some((p) => text.includes(p));

/**
 * Sheet XML chunks → decoded, mended strings. Until a chunk shows something to mend (rich inline
 * text, an ISO date cell) chunks pass through untouched, one chunk behind so the chunk before the
 * first finding can still be mended with it. From then on, whatever could be cut mid-way (an
 * unfinished tag, an unfinished inline string) is held back and prepended to the next chunk.
 */
async function* mendedSheet(chunks: AsyncIterable<Chunk>, limit: number): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  let seen = 0;
  let held: string | null = null;
  let mending = false;
  let carry = '';
  let tail = '';
  for await (const chunk of chunks) {
    seen += chunk.length;
    if (seen > limit) throw tooBig();
    const s = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    tail = s.length >= 256 ? s.slice(-256) : (tail + s).slice(-256);
    if (!mending) {
      const boundary = held === null ? '' : held.slice(-16) + s.slice(0, 16);
      if (!needsMending(s) && !needsMending(boundary)) {
        if (held !== null) yield* pieces(held);
        held = s;
        continue;
      }
      mending = true;
      carry = held ?? '';
      held = null;
    }
    const text = carry + s;
    let cut = text.length;
    const lt = text.lastIndexOf('<');
    if (lt !== -1 && text.indexOf('>', lt) === -1) cut = lt;
    const is = text.lastIndexOf('<is>', cut);
    if (is !== -1 && text.indexOf('</is>', is) === -1) cut = is;
    // A pathological unclosed element must not grow the carry without bound.
    if (text.length - cut > 16 * 1024 * 1024) cut = text.length;
    carry = text.slice(cut);
    if (cut > 0) yield* pieces(mendSheetXml(cut === text.length ? text : text.slice(0, cut)));
  }
  const last = decoder.decode();
  const rest = (held ?? carry) + last;
  // saxes is never told the document ended, so a sheet cut off mid-way would pass unnoticed.
  if (!/<\/(?:\w+:)?worksheet>\s*$/.test(tail + last)) throw new UnreadableFileError('xlsx-filen är skadad (ett kalkylblad tar slut mitt i)');
  if (rest !== '') yield* pieces(mending ? mendSheetXml(rest) : rest);
}

/**
 * exceljs parses a whole chunk into one array of events before handing them on: smaller pieces
 * keep those arrays (and the heap they make V8 grow) small.
 */
function* pieces(text: string): Generator<string> {
  const size = 16 * 1024;
  if (text.length <= size) {
    yield text;
    return;
  }
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

class MendedWorkbookReader extends BaseReader {
  constructor(
    input: unknown,
    private readonly dir: ZipDirectory,
    private readonly info: WorkbookInfo,
  ) {
    super(input, { styles: 'cache', sharedStrings: 'cache', hyperlinks: 'ignore', worksheets: 'emit' });
  }

  override async _parseWorkbook(entry: NodeJS.ReadableStream): Promise<void> {
    await super._parseWorkbook(decodedStream(entry, limitFor(this.dir, 'xl/workbook.xml')));
    if (this.info.date1904) {
      const props = (this.properties ??= {});
      (props.model ??= {}).date1904 = true;
    }
  }

  override async _parseRels(entry: NodeJS.ReadableStream): Promise<void> {
    await super._parseRels(entry);
    // openpyxl writes absolute targets (/xl/worksheets/sheet1.xml); exceljs matches relative ones.
    for (const rel of this.workbookRels ?? []) if (rel.Target.startsWith('/xl/')) rel.Target = rel.Target.slice(4);
  }

  override _parseSharedStrings(entry: NodeJS.ReadableStream): AsyncGenerator<unknown> {
    return super._parseSharedStrings(decodedStream(entry, limitFor(this.dir, 'xl/sharedStrings.xml')));
  }

  override _parseStyles(entry: NodeJS.ReadableStream): Promise<void> {
    return super._parseStyles(decodedStream(entry, limitFor(this.dir, 'xl/styles.xml')));
  }

  override *_parseWorksheet(iterator: AsyncIterable<Chunk>, sheetNo: string): Generator<unknown> {
    for (const event of super._parseWorksheet(mendedSheet(iterator, limitFor(this.dir, `xl/worksheets/sheet${sheetNo}.xml`)), sheetNo)) {
      // The name from the workbook read up front: the stock reader loses it when the
      // relationships part comes after the sheets and slips by.
      const name = this.info.names.get(sheetNo);
      const ws = (event as { value?: { name?: string } }).value;
      if (name !== undefined && ws) ws.name = name;
      yield event;
    }
  }

  get date1904(): boolean {
    return this.info.date1904 || this.properties?.model?.date1904 === true;
  }
}

export interface XlsxSheet {
  name: string;
  rows: AsyncIterable<RowLike>;
}

export interface XlsxWorkbook {
  sheets: AsyncIterable<XlsxSheet>;
  /** Whether the workbook counts dates from 1904 (known once its first sheet is reached). */
  readonly date1904: boolean;
  /** Bytes of the file read so far. */
  readonly bytesRead: number;
  close(): void;
}

/** Opens an xlsx for streaming: sheets in the order the archive holds them, rows in order. */
export async function openXlsx(path: string, dir: ZipDirectory): Promise<XlsxWorkbook> {
  const info = await readWorkbookInfo(path, dir);
  const input: ReadStream = createReadStream(path, { highWaterMark: 256 * 1024 });
  const reader = new MendedWorkbookReader(input, dir, info);
  const sheets = (async function* () {
    for await (const ws of reader as unknown as AsyncIterable<WorksheetReaderLike>) {
      yield { name: ws.name, rows: ws as AsyncIterable<RowLike> };
    }
  })();
  return {
    sheets,
    get date1904() {
      return reader.date1904;
    },
    get bytesRead() {
      return input.bytesRead;
    },
    close() {
      input.destroy();
    },
  };
}
