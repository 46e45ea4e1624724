// A PDFDocument set up the one way every document of the product is: A4, the embedded fonts,
// PDF/A-2b metadata, Swedish language tag and bytes that depend only on the inputs (creation date
// from the as-of date, file id derived from the metadata, no clock, no randomness).
import { createRequire } from 'node:module';
import { deflateSync } from 'node:zlib';
import type { IsoDate } from '../../domain/types.js';
import { parseIso } from '../../domain/dates.js';
import { PRODUCER } from '../producer.js';
import { layoutTemplate } from '../templates.js';

// pdfkit's CommonJS build, as fontkit's (fonts.ts): under Node 20's ESM loader the two load some
// 35 ms slower as modules, in every process that draws a document. Both builds are the package's own.
export const PDFDocument = createRequire(import.meta.url)('pdfkit') as typeof import('pdfkit');

export interface PdfMeta {
  title: string;
  author: string;
  subject: string;
  keywords?: string;
  asOf: IsoDate;
}

export type Orientation = 'portrait' | 'landscape';

/** XMP (inside the PDF) is XML written verbatim by pdfkit: keep metadata free of markup characters. */
function xmlSafe(s: string): string {
  return s.replace(/&/g, ' och ').replace(/[<>"]/g, '').replace(/\s+/g, ' ').trim();
}

export function createPdf(meta: PdfMeta, orientation: Orientation = 'portrait'): PDFKit.PDFDocument {
  const layout = layoutTemplate();
  const page = layout[orientation];
  const { y, m, d } = parseIso(meta.asOf);
  const created = new Date(Date.UTC(y, m - 1, d));
  const doc = new PDFDocument({
    size: page.size,
    margins: page.margins,
    // No default font: pdfkit would otherwise load Helvetica (never embedded) or parse a second
    // copy of ours. The canvas registers the embedded fonts and selects them before any text.
    font: null as unknown as string,
    bufferPages: true,
    pdfVersion: '1.7',
    subset: 'PDF/A-2b',
    lang: 'sv-SE',
    displayTitle: true,
    compress: true,
    info: {
      Title: xmlSafe(meta.title),
      Author: xmlSafe(meta.author),
      Subject: xmlSafe(meta.subject),
      Keywords: xmlSafe(meta.keywords ?? ''),
      Creator: PRODUCER,
      Producer: PRODUCER,
      CreationDate: created,
      ModDate: created,
    },
  });
  // pdfkit writes xmp:CreateDate but not xmp:ModifyDate; PDF/A wants the Info dates mirrored in XMP.
  const stamp = `${created.toISOString().split('.')[0]}Z`;
  doc.appendXML(
    `<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/"><xmp:ModifyDate>${stamp}</xmp:ModifyDate><xmp:MetadataDate>${stamp}</xmp:MetadataDate></rdf:Description>`,
  );
  collectOutput(doc);
  reuseSmallDeflates(doc);
  return doc;
}

/** pdfkit's document internals that its output goes through (pdfkit 0.20). */
interface OutputInternals {
  _write(data: string | Uint8Array): void;
  _offset: number;
  _waiting: number;
}

const outputs = new WeakMap<PDFKit.PDFDocument, (string | Uint8Array)[]>();

/**
 * pdfkit writes every object line by line into a Readable stream, each line turned into a byte array
 * of its own by a loop in JavaScript. A document's output is kept here as the lines themselves
 * (binary strings, and the streams' bytes) and joined once into one Buffer: the same bytes, without
 * thousands of short-lived arrays per document that the heap and malloc then have to give back.
 */
function collectOutput(doc: PDFKit.PDFDocument): void {
  // What the constructor wrote already (the header) waits in the stream's buffer.
  const parts: (string | Uint8Array)[] = [];
  for (let written = doc.read() as Buffer | null; written !== null; written = doc.read() as Buffer | null) parts.push(written);
  const internals = doc as unknown as OutputInternals;
  internals._write = (data) => {
    const part = data instanceof Uint8Array ? data : `${data}\n`;
    parts.push(part);
    internals._offset += part.length; // a binary string has one character per byte
  };
  outputs.set(doc, parts);
}

/** pdfkit's stream object, the parts used here (pdfkit 0.20). */
interface StreamRef {
  compress: boolean;
  buffer: Uint8Array[];
  data: { Filter?: string };
  write(chunk: string): void;
  finalize(): void;
}

/** Small streams deflated before, by their bytes: most documents' are the same as the last one's. */
const DEFLATED = new Map<string, Buffer>();
const DEFLATED_LIMIT = 64;
const SMALL_STREAM_BYTES = 16 * 1024;

/**
 * pdfkit deflates, at the end of every document, streams that are the same in nearly all of them:
 * the sRGB output intent PDF/A asks for and each font's ToUnicode map (the same glyphs, font-cache.ts).
 * A deflate of 2 KB costs ~0.1 ms, mostly setting up zlib; three a document were a tenth of an
 * application's drawing. The same bytes give the same deflated bytes, so they are reused.
 */
function reuseSmallDeflates(doc: PDFKit.PDFDocument): void {
  const internals = doc as unknown as { ref(data?: object): StreamRef };
  const ref = internals.ref;
  internals.ref = function (this: unknown, data?: object) {
    const stream = ref.call(this, data);
    const finalize = stream.finalize;
    stream.finalize = function (this: StreamRef) {
      if (this.compress && this.buffer.length > 0) {
        const raw = Buffer.concat(this.buffer);
        if (raw.length <= SMALL_STREAM_BYTES) {
          const key = raw.toString('latin1');
          let deflated = DEFLATED.get(key);
          if (!deflated) {
            deflated = deflateSync(raw);
            if (DEFLATED.size >= DEFLATED_LIMIT) DEFLATED.clear();
            DEFLATED.set(key, deflated);
          }
          this.buffer = [deflated];
          this.compress = false;
          this.data.Filter = 'FlateDecode';
        }
      }
      finalize.call(this);
    };
    return stream;
  };
}

interface PageInternals {
  content: StreamRef & { end(): void };
  dictionary: { data: { Contents: unknown } };
}

/** The pages of a document up to this many stay as they are; from the next one on, each is sealed when left. */
const PAGES_KEPT_WHOLE = 3;

/**
 * Deflates the content of the page being left, now rather than when the document ends, and gives
 * the page a second content stream for what is drawn on it later (its footer). A document keeps
 * every page until its footers are written, and pdfkit holds each line of a page's content as a
 * byte array of its own: a finance summary of 400 pages held some 40 MB of them until its end. A
 * short document is left alone: the second stream costs a deflate a page (applications have two).
 */
export function sealPage(doc: PDFKit.PDFDocument): void {
  if (doc.bufferedPageRange().count <= PAGES_KEPT_WHOLE) return;
  const page = (doc as unknown as { page: PageInternals }).page;
  const sealed = page.content;
  if (!sealed.compress || sealed.buffer.length === 0) return;
  compressAtLevel1(sealed);
  sealed.end(); // written into the output now
  const rest = doc.ref({}) as unknown as PageInternals['content'];
  // A content stream is never empty: an array of contents holds only streams.
  rest.write('');
  const contents = page.dictionary.data.Contents;
  page.dictionary.data.Contents = [...(Array.isArray(contents) ? contents : [contents]), rest];
  page.content = rest;
}

function compressAtLevel1(ref: StreamRef): void {
  ref.buffer = [deflateSync(Buffer.concat(ref.buffer), { level: 1 })];
  ref.compress = false;
  ref.data.Filter = 'FlateDecode';
}

/**
 * Deflates every page's content at level 1 instead of pdfkit's default 6: page content is most of
 * the compression time of a document, and level 1 costs a few hundred bytes a page.
 */
function deflatePageContents(doc: PDFKit.PDFDocument): void {
  for (const page of (doc as unknown as { _pageBuffer: { content: StreamRef }[] })._pageBuffer) {
    const ref = page.content;
    if (ref.compress && ref.buffer.length > 0) compressAtLevel1(ref);
  }
}

/** Ends the document and resolves with its bytes. */
export async function finishPdf(doc: PDFKit.PDFDocument): Promise<Buffer> {
  deflatePageContents(doc);
  doc.end();
  // Our documents embed nothing that loads later: every object has been written once end() returns.
  if ((doc as unknown as OutputInternals)._waiting !== 0) throw new Error('pdf-dokumentet har objekt som inte skrivits');
  const parts = outputs.get(doc)!;
  let length = 0;
  for (const p of parts) length += p.length;
  const out = Buffer.allocUnsafe(length);
  let at = 0;
  for (const p of parts) {
    if (typeof p === 'string') at += out.write(p, at, 'latin1');
    else {
      out.set(p, at);
      at += p.length;
    }
  }
  return out;
}
