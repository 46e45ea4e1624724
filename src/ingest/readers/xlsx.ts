// Streaming xlsx reader on exceljs's WorkbookReader (flat memory at any sheet size). A subclass
// feeds it the archive's parts itself and mends what the stock reader gets wrong:
// - parts come from the zip's central directory (zip.ts) in the order that needs no temporary
//   files — relationships, workbook, styles, shared strings, then the sheets in workbook order —
//   instead of from unzipper's stream, which now and then dropped small trailing parts (shared
//   strings, relationships) and spilled sheets to temporary files when those came later;
// - UTF-8 decoded per chunk without carrying a split character over (å/ä/ö at a chunk boundary
//   became two U+FFFD): every XML part is decoded by a streaming decoder first;
// - inline rich text (`<is><r><t>a</t></r><r><t>b</t></r></is>`, openpyxl's CellRichText) kept
//   only its last run: runs are joined before exceljs sees them;
// - ISO date cells (`t="d"`) were read as the number of their year: they are handed over as text;
// - `date1904="true"` (the other xsd:boolean spelling) was not recognised, and sheet names were
//   lost for absolute relationship targets (openpyxl's `/xl/worksheets/sheet1.xml`): both come
//   from workbook.xml read up front;
// - a sheet cut off mid-way passed unnoticed (saxes is never told the document ended);
// - every part is counted against its declared size (zip bombs, see sniff.ts) and its own limit
//   (limits.ts), and watched for DOCTYPEs and over-long values and rows (xml-guard.ts);
// - number cells are read strictly, rows and cells without references and cells beyond XFD handled
//   (worksheet-reader.ts);
// - shared strings are held compactly (shared-strings.ts).
import { createRequire } from 'node:module';
import { Readable, Transform } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { TextDecoder } from 'node:util';
import { MAX_SHARED_STRINGS_BYTES, MAX_SHEETS, MAX_SHEET_BYTES, MAX_STYLES_BYTES } from '../limits.js';
import { printable } from '../../util/printable.js';
import { type Cell, fromExcelValue } from '../values.js';
import { UnreadableFileError } from './errors.js';
import type { RegularFile } from './open-file.js';
import type { RowSource } from './source.js';
import { type SharedStrings, readSharedStrings } from './shared-strings.js';
import { StrictWorksheetReader } from './worksheet-reader.js';
import { XmlGuard, type XmlGuardOptions } from './xml-guard.js';
import { type ZipDirectory, openZipEntry, partLabel, partTooBig, readZipDirectory, readZipEntry } from './zip.js';

type Chunk = Buffer | string;

interface WorksheetReaderLike {
  name: string;
  id: number | string;
  /** exceljs's own event batches, one per chunk of sheet XML it parsed. */
  parse(): AsyncIterable<{ eventType: string; value: unknown }[]>;
}

/** The part of an exceljs Row the ingest uses. */
export interface RowLike {
  number: number;
  /** 1-based sparse array of exceljs cell values. */
  values: unknown[];
  findCell(column: number): { value: unknown } | undefined;
}

interface ReaderInternals {
  options: unknown;
  sharedStrings?: SharedStrings;
  properties?: { model?: { date1904?: boolean } };
  _parseStyles(entry: NodeJS.ReadableStream): Promise<void>;
  _parseWorksheet(iterator: AsyncIterable<Chunk>, sheetNo: string): Generator<unknown>;
  parse(): AsyncGenerator<unknown>;
  [Symbol.asyncIterator](): AsyncIterator<WorksheetReaderLike>;
}

// The reader's module alone: the package's index also loads the workbook model and writer (~200 ms).
const BaseReader = createRequire(import.meta.url)('exceljs/lib/stream/xlsx/workbook-reader.js') as new (
  input: unknown,
  options: unknown,
) => ReaderInternals;

const tooBig = () => new UnreadableFileError('xlsx-filens innehåll är större än arkivet anger (skadad fil eller zip-bomb)');

/** Slack over a part's declared size before the reader gives up on it. */
const SIZE_SLACK = 1024 * 1024;

/** How far a part may unpack: its declared size (plus slack), and never beyond its own limit. */
interface PartLimit {
  name: string;
  declared: number;
  max: number;
}

function limitFor(dir: ZipDirectory, name: string, max: number): PartLimit {
  const declared = dir.get(name)!.size;
  // Refused before anything is inflated when the archive itself says it is too big.
  if (declared > max) throw partTooBig(name, max);
  return { name, declared: declared + SIZE_SLACK, max };
}

function overLimit(limit: PartLimit, seen: number): UnreadableFileError | null {
  if (seen > limit.max) return partTooBig(limit.name, limit.max);
  if (seen > limit.declared) return tooBig();
  return null;
}

function decodeXml(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, e: string) =>
    e === 'amp'
      ? '&'
      : e === 'lt'
        ? '<'
        : e === 'gt'
          ? '>'
          : e === 'quot'
            ? '"'
            : e === 'apos'
              ? "'"
              : String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : Number(e.slice(1))),
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
  /** Worksheets in workbook order: name, archive path, and the part number exceljs knows them by. */
  sheets: { name: string; path: string; sheetNo: string }[];
}

export async function readWorkbookInfo(file: RegularFile, dir: ZipDirectory): Promise<WorkbookInfo> {
  const workbook = await readZipEntry(file, dir, 'xl/workbook.xml');
  if (workbook === null) throw new UnreadableFileError('xlsx-filen saknar arbetsbok (xl/workbook.xml): är det ett kalkylark?');
  new XmlGuard({ label: partLabel('xl/workbook.xml') }).check(workbook);
  const rels = (await readZipEntry(file, dir, 'xl/_rels/workbook.xml.rels')) ?? '';
  new XmlGuard({ label: partLabel('xl/_rels/workbook.xml.rels') }).check(rels);
  const targets = new Map<string, string>();
  for (const m of rels.matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g)) {
    const a = attributes(m[0]);
    const id = a.get('Id');
    const target = a.get('Target');
    // Relative to xl/, or absolute from the archive's root (openpyxl).
    if (id && target && /\/worksheet$/.test(a.get('Type') ?? '/worksheet'))
      targets.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target}`);
  }
  const sheets: WorkbookInfo['sheets'] = [];
  for (const m of workbook.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)) {
    const a = attributes(m[0]);
    const rid = [...a.entries()].find(([k]) => k.endsWith(':id'))?.[1];
    const part = rid ? targets.get(rid) : undefined;
    // A part shown as two sheets is read once.
    if (!part || !dir.has(part) || sheets.some((s) => s.path === part)) continue;
    if (sheets.length === MAX_SHEETS) throw new UnreadableFileError(`xlsx-filen har fler än ${MAX_SHEETS.toLocaleString('sv-SE')} kalkylblad`);
    const no = part.match(/sheet(\d+)\.xml$/)?.[1] ?? String(10_000 + sheets.length);
    sheets.push({ name: a.get('name') ?? `Blad${sheets.length + 1}`, path: part, sheetNo: no });
  }
  return { date1904: /<(?:\w+:)?workbookPr\b[^>]*\bdate1904\s*=\s*["'](?:1|true)["']/.test(workbook), sheets };
}

/** A zip entry stream → a stream of correctly decoded strings, watched by `guard`, refusing more than `limit`. */
function decodedStream(entry: NodeJS.ReadableStream, limit: PartLimit, guard: XmlGuard): Readable {
  const decoder = new StringDecoder('utf8');
  let seen = 0;
  const out = new Transform({
    readableObjectMode: true,
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      const over = overLimit(limit, seen);
      if (over) return done(over);
      const s = decoder.write(chunk);
      try {
        guard.check(s);
      } catch (err) {
        return done(err as Error);
      }
      done(null, s === '' ? undefined : s);
    },
    flush(done) {
      const s = decoder.end();
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
  if (out.includes('</r>'))
    out = out.replace(/<is>([\s\S]*?)<\/is>/g, (whole, inner: string) => (inner.includes('</r>') ? joinInlineRuns(inner) : whole));
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
async function* mendedSheet(chunks: AsyncIterable<Chunk>, limit: PartLimit, guard: XmlGuard): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  let seen = 0;
  let held: string | null = null;
  let mending = false;
  let carry = '';
  let tail = '';
  for await (const chunk of chunks) {
    seen += chunk.length;
    const over = overLimit(limit, seen);
    if (over) throw over;
    const s = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    guard.check(s);
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

/** A sheet as messages name it: its name as the workbook gives it, escaped and cut to Excel's 31 characters. */
function sheetLabel(name: string): string {
  return `kalkylbladet "${printable(name.slice(0, 31))}"`;
}

class MendedWorkbookReader extends BaseReader {
  private readonly open = new Set<Readable>();

  constructor(
    private readonly file: RegularFile,
    private readonly dir: ZipDirectory,
    private readonly info: WorkbookInfo,
    private readonly onBytes: (n: number) => void,
  ) {
    // No input for exceljs to open: parse() below hands it the parts.
    super('', { styles: 'cache', sharedStrings: 'cache', hyperlinks: 'ignore', worksheets: 'emit' });
  }

  private async part(name: string): Promise<Readable> {
    const stream = await openZipEntry(this.file, this.dir.get(name)!, this.onBytes);
    this.open.add(stream);
    stream.on('close', () => this.open.delete(stream));
    return stream;
  }

  private async text(name: string, max: number, guard: XmlGuardOptions): Promise<Readable> {
    const limit = limitFor(this.dir, name, max);
    return decodedStream(await this.part(name), limit, new XmlGuard(guard));
  }

  /**
   * Replaces the stock parse over unzipper's stream (see the file comment). The workbook and its
   * relationships were read up front (readWorkbookInfo); the worksheet reader needs only the date
   * system from them, the styles and the shared strings.
   */
  override async *parse(): AsyncGenerator<unknown> {
    this.properties = { model: { date1904: this.info.date1904 } };
    const styles = 'xl/styles.xml';
    const shared = 'xl/sharedStrings.xml';
    if (this.dir.has(styles)) await this._parseStyles(await this.text(styles, MAX_STYLES_BYTES, { label: partLabel(styles) }));
    if (this.dir.has(shared))
      this.sharedStrings = await readSharedStrings(await this.text(shared, MAX_SHARED_STRINGS_BYTES, { label: partLabel(shared), item: 'si' }));
    for (const sheet of this.info.sheets) {
      const limit = limitFor(this.dir, sheet.path, MAX_SHEET_BYTES);
      const chunks = mendedSheet(await this.part(sheet.path), limit, new XmlGuard({ label: sheetLabel(sheet.name), item: 'row' }));
      for (const event of this._parseWorksheet(chunks, sheet.sheetNo)) {
        const ws = (event as { value?: { name?: string } }).value;
        if (ws) ws.name = sheet.name;
        yield event;
      }
    }
  }

  /** The stock reader's sheets, with the strict one (worksheet-reader.ts). */
  override *_parseWorksheet(iterator: AsyncIterable<Chunk>, sheetNo: string): Generator<unknown> {
    yield { eventType: 'worksheet', value: new StrictWorksheetReader({ workbook: this, id: sheetNo, iterator, options: this.options }) };
  }

  get date1904(): boolean {
    return this.info.date1904;
  }

  close(): void {
    for (const s of this.open) s.destroy();
    this.open.clear();
  }
}

export interface XlsxSheet {
  name: string;
  /** Rows in order, in the batches exceljs parses them in. */
  rows: AsyncIterable<RowLike[]>;
}

async function* rowBatches(ws: WorksheetReaderLike): AsyncGenerator<RowLike[]> {
  for await (const events of ws.parse()) {
    const rows: RowLike[] = [];
    for (const e of events) if (e.eventType === 'row') rows.push(e.value as RowLike);
    if (rows.length > 0) yield rows;
  }
}

export interface XlsxWorkbook {
  sheets: AsyncIterable<XlsxSheet>;
  /** Whether the workbook counts dates from 1904 (known once its first sheet is reached). */
  readonly date1904: boolean;
  /** Bytes of the file read so far. */
  readonly bytesRead: number;
  close(): void;
}

/** Opens an xlsx for streaming: its worksheets in workbook order, rows in order. */
export async function openXlsx(file: RegularFile): Promise<XlsxWorkbook> {
  const dir = await readZipDirectory(file.fh, file.size);
  const info = await readWorkbookInfo(file, dir);
  let bytesRead = 0;
  const reader = new MendedWorkbookReader(file, dir, info, (n) => (bytesRead += n));
  const sheets = (async function* () {
    for await (const ws of reader as unknown as AsyncIterable<WorksheetReaderLike>) {
      yield { name: ws.name, rows: rowBatches(ws) };
    }
  })();
  return {
    sheets,
    get date1904() {
      return reader.date1904;
    },
    get bytesRead() {
      return bytesRead;
    },
    close() {
      reader.close();
    },
  };
}

/** An xlsx file as the ingest reads every file: its worksheets in workbook order, cells as Cell values. */
export async function openXlsxSource(file: RegularFile): Promise<RowSource<RowLike>> {
  const wb = await openXlsx(file);
  return {
    format: 'xlsx',
    sheets: wb.sheets,
    rowNumber: (row) => row.number,
    cellAt: (row, index) => fromExcelValue(row.findCell(index)?.value),
    cells: (row) => {
      const values = row.values;
      const out: Cell[] = [];
      for (let i = 0; i < values.length; i++) out[i] = fromExcelValue(values[i]);
      return out;
    },
    get date1904() {
      return wb.date1904;
    },
    get bytesRead() {
      return wb.bytesRead;
    },
    close: () => wb.close(),
  };
}
