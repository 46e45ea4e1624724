import { deflateSync } from 'node:zlib';

// Speed for batches of documents (issue 4: ≥ 200 application PDFs per second). pdfkit keeps, per
// document, a cache of shaped words and a font subsetter that re-decodes every glyph it embeds; with
// an embedded TrueType font those two are most of the time a one-page document takes. The fonts are
// the same in every document, so both can be shared:
//  - the shaped-word cache (`layoutCache`, word → glyph run at 1000 units/em) of each EmbeddedFont
//    is replaced by one cache per font shared by all documents. pdfkit only reads the cached runs
//    (it concatenates them into new arrays), so sharing cannot leak one document into another;
//  - the subsetter's `_addGlyph` reuses each glyph's raw `glyf` bytes and metrics, read once per
//    process, instead of decoding the glyph's outline again for every document, and its `encode`
//    writes the subset font file directly (the tables fontkit writes for a PDF subset: head, hhea,
//    maxp, loca, glyf, hmtx and the hinting tables cvt, fpgm, prep copied byte for byte) instead of
//    re-encoding every table field by field.
//  - every document's subset starts with the same glyphs (ASCII, Latin-1 and the punctuation the
//    templates use, in a fixed order), so most documents embed a byte-identical font program; its
//    compressed stream is made once per process and reused (with Length1 set, which pdfkit omits).
//    A document using other characters gets them appended and a font program of its own.
// All of this touches pdfkit 0.20 / fontkit 2 internals; when those are not there the code leaves pdfkit
// alone, which is slower but correct.

/** Shaped-word caches shared by all documents, per font; replaced when they grow too large. */
const MAX_SHARED_ENTRIES = 4_000;
const shared = new WeakMap<object, { cache: Record<string, unknown>; docs: number }>();

interface GlyphInfo {
  bytes: Uint8Array;
  /** For a composite glyph: byte positions and glyph ids of its components. */
  components: { pos: number; glyphID: number }[] | null;
  advance: number;
  bearing: number;
}
const glyphCache = new WeakMap<object, Map<number, GlyphInfo>>();

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

/** Characters whose glyphs open every subset, in this order: what Swedish forms and figures use. */
const BASE_CHARS = (() => {
  let chars = '';
  for (let cp = 0x20; cp <= 0x7e; cp++) chars += String.fromCodePoint(cp);
  return `${chars}åäöÅÄÖéÉüÜ§–…·≥`;
})();

const baseGlyphCache = new WeakMap<object, { id: number; codePoints: number[]; advance: number }[]>();

function baseGlyphs(font: Any): { id: number; codePoints: number[]; advance: number }[] {
  let list = baseGlyphCache.get(font);
  if (!list) {
    const seen = new Set<number>([0]);
    list = [];
    for (const ch of BASE_CHARS) {
      const cp = ch.codePointAt(0)!;
      if (!font.hasGlyphForCodePoint(cp)) continue;
      const glyph = font.glyphForCodePoint(cp);
      if (seen.has(glyph.id)) continue;
      seen.add(glyph.id);
      list.push({ id: glyph.id, codePoints: [cp], advance: glyph.advanceWidth });
    }
    baseGlyphCache.set(font, list);
  }
  return list;
}

/** Compressed font programs by subset glyph list, per font. */
const programCache = new WeakMap<object, Map<string, { deflated: Buffer; length: number }>>();
const MAX_PROGRAMS = 64;

function glyphInfo(font: Any, gid: number): GlyphInfo {
  let perFont = glyphCache.get(font);
  if (!perFont) {
    perFont = new Map();
    glyphCache.set(font, perFont);
  }
  let info = perFont.get(gid);
  if (!info) {
    const glyph = font.getGlyph(gid);
    const glyf = glyph._decode();
    const start = font.loca.offsets[gid];
    const end = font.loca.offsets[gid + 1];
    const stream = font._getTableStream('glyf');
    stream.pos += start;
    const bytes = new Uint8Array(stream.readBuffer(end - start));
    info = {
      bytes,
      components:
        glyf && glyf.numberOfContours < 0 ? glyf.components.map((c: Any) => ({ pos: c.pos as number, glyphID: c.glyphID as number })) : null,
      advance: glyph.advanceWidth,
      bearing: glyph._getMetrics().leftBearing,
    };
    perFont.set(gid, info);
  }
  return info;
}

function fastAddGlyph(this: Any, gid: number): number {
  const info = glyphInfo(this.font, gid);
  let buffer = info.bytes;
  if (info.components) {
    buffer = new Uint8Array(info.bytes);
    const view = new DataView(buffer.buffer);
    for (const c of info.components) view.setUint16(c.pos, this.includeGlyph(c.glyphID));
  }
  this.glyf.push(buffer);
  this.loca.offsets.push(this.offset);
  this.hmtx.metrics.push({ advance: info.advance, bearing: info.bearing });
  this.offset += buffer.length;
  return this.glyf.length - 1;
}

/** Raw bytes of the tables copied into every subset, per font. */
const rawTableCache = new WeakMap<object, Map<string, Uint8Array>>();

function rawTable(font: Any, tag: string): Uint8Array | null {
  let perFont = rawTableCache.get(font);
  if (!perFont) {
    perFont = new Map();
    rawTableCache.set(font, perFont);
  }
  let bytes = perFont.get(tag);
  if (bytes === undefined) {
    const entry = font.directory.tables[tag];
    if (!entry) return null;
    const stream = font._getTableStream(tag);
    bytes = new Uint8Array(stream.readBuffer(entry.length));
    perFont.set(tag, bytes);
  }
  return bytes;
}

function checksum(bytes: Uint8Array): number {
  let sum = 0;
  const full = bytes.length - (bytes.length % 4);
  for (let i = 0; i < full; i += 4) {
    sum = (sum + ((bytes[i]! << 24) | (bytes[i + 1]! << 16) | (bytes[i + 2]! << 8) | bytes[i + 3]!)) >>> 0;
  }
  if (full < bytes.length) {
    let last = 0;
    for (let i = full; i < full + 4; i++) last = (last << 8) | (bytes[i] ?? 0);
    sum = (sum + (last >>> 0)) >>> 0;
  }
  return sum;
}

/** Writes the subset as a TrueType file: the same tables fontkit's TTFSubset writes for PDF use. */
function encodeSubset(this: Any): Buffer {
  const font = this.font;
  this.glyf = [];
  this.offset = 0;
  this.loca = { offsets: [] as number[] };
  this.hmtx = { metrics: [] as { advance: number; bearing: number }[] };
  let i = 0;
  while (i < this.glyphs.length) this._addGlyph(this.glyphs[i++]);
  this.loca.offsets.push(this.offset);
  const count: number = this.glyf.length;

  const head = new Uint8Array(rawTable(font, 'head')!);
  const hv = new DataView(head.buffer);
  hv.setUint32(8, 0); // checkSumAdjustment, set below
  hv.setInt16(50, 1); // indexToLocFormat: long offsets
  const hhea = new Uint8Array(rawTable(font, 'hhea')!);
  new DataView(hhea.buffer).setUint16(34, count); // numberOfHMetrics
  const maxp = new Uint8Array(rawTable(font, 'maxp')!);
  new DataView(maxp.buffer).setUint16(4, count); // numGlyphs
  const loca = new Uint8Array(4 * (count + 1));
  const lv = new DataView(loca.buffer);
  (this.loca.offsets as number[]).forEach((o, j) => lv.setUint32(4 * j, o));
  const glyf = new Uint8Array(this.offset);
  let at = 0;
  for (const g of this.glyf as Uint8Array[]) {
    glyf.set(g, at);
    at += g.length;
  }
  const hmtx = new Uint8Array(4 * count);
  const mv = new DataView(hmtx.buffer);
  (this.hmtx.metrics as { advance: number; bearing: number }[]).forEach((m, j) => {
    mv.setUint16(4 * j, m.advance);
    mv.setInt16(4 * j + 2, m.bearing);
  });
  const tables: [string, Uint8Array][] = [];
  for (const [tag, bytes] of [
    ['cvt ', rawTable(font, 'cvt ')],
    ['fpgm', rawTable(font, 'fpgm')],
    ['glyf', glyf],
    ['head', head],
    ['hhea', hhea],
    ['hmtx', hmtx],
    ['loca', loca],
    ['maxp', maxp],
    ['prep', rawTable(font, 'prep')],
  ] as [string, Uint8Array | null][]) {
    if (bytes) tables.push([tag, bytes]);
  }
  const n = tables.length;
  const entrySelector = Math.floor(Math.log2(n));
  const searchRange = 16 * 2 ** entrySelector;
  let size = 12 + 16 * n;
  for (const [, bytes] of tables) size += (bytes.length + 3) & ~3;
  const out = Buffer.alloc(size);
  out.writeUInt32BE(0x00010000, 0);
  out.writeUInt16BE(n, 4);
  out.writeUInt16BE(searchRange, 6);
  out.writeUInt16BE(entrySelector, 8);
  out.writeUInt16BE(n * 16 - searchRange, 10);
  let offset = 12 + 16 * n;
  let headOffset = 0;
  tables.forEach(([tag, bytes], j) => {
    const rec = 12 + 16 * j;
    out.write(tag, rec, 'latin1');
    out.writeUInt32BE(checksum(bytes), rec + 4);
    out.writeUInt32BE(offset, rec + 8);
    out.writeUInt32BE(bytes.length, rec + 12);
    out.set(bytes, offset);
    if (tag === 'head') headOffset = offset;
    offset += (bytes.length + 3) & ~3;
  });
  out.writeUInt32BE((0xb1b0afba - checksum(out)) >>> 0, headOffset + 8);
  return out;
}

/**
 * The font program of the subset, compressed, from the cache when another document had the same
 * glyphs. Paired with `embedCached`, which makes pdfkit write these bytes as they are.
 */
function cachedProgram(this: Any): Buffer {
  let perFont = programCache.get(this.font);
  if (!perFont) {
    perFont = new Map();
    programCache.set(this.font, perFont);
  }
  const key = (this.glyphs as number[]).join(',');
  let entry = perFont.get(key);
  if (!entry) {
    const raw = encodeSubset.call(this);
    entry = { deflated: deflateSync(raw), length: raw.length };
    if (perFont.size >= MAX_PROGRAMS) perFont.clear();
    perFont.set(key, entry);
  }
  this.__programLength = entry.length;
  return entry.deflated;
}

/**
 * pdfkit's embed, with the font file stream (the first object embed makes) marked as already
 * compressed: the subset's encode then returns compressed bytes from `cachedProgram`.
 */
function embedCached(this: Any, originalEmbed: () => unknown): unknown {
  const doc = this.document;
  const originalRef = doc.ref;
  const subset = this.subset;
  doc.ref = function (this: Any, data?: Any) {
    doc.ref = originalRef;
    const ref = originalRef.call(doc, data);
    ref.compress = false;
    ref.data.Filter = 'FlateDecode';
    const end = ref.end;
    ref.end = function (this: Any, chunk: Any) {
      ref.data.Length1 = subset.__programLength;
      return end.call(ref, chunk);
    };
    return ref;
  };
  try {
    return originalEmbed.call(this);
  } finally {
    doc.ref = originalRef;
  }
}

/** Opens the subset with the fixed base glyphs, with their widths and code points for W and ToUnicode. */
function preloadBaseGlyphs(embedded: Any): void {
  const subset = embedded.subset;
  if (subset.glyphs.length !== 1 || embedded.widths.length !== 1 || embedded.unicode.length !== 1) return;
  const cids = new Map<number, number>();
  for (const g of baseGlyphs(embedded.font)) {
    const cid = subset.includeGlyph(g.id);
    embedded.widths[cid] = g.advance * embedded.scale;
    embedded.unicode[cid] = g.codePoints;
    cids.set(g.id, cid);
  }
  embedded.__baseCids = cids;
}

/**
 * The CIDs the base glyphs have in this embedded font's subset, when it opened with them: text
 * drawn with base glyphs only then encodes the same in every document. Null otherwise.
 */
export function documentBaseCids(embedded: object): ReadonlyMap<number, number> | null {
  return ((embedded as Any).__baseCids as Map<number, number> | undefined) ?? null;
}

/** Whether the internals this module relies on look as expected for this embedded font. */
function supported(embedded: Any): boolean {
  const font = embedded?.font;
  return (
    embedded?.layoutCache !== undefined &&
    typeof embedded?.subset?._addGlyph === 'function' &&
    typeof embedded?.subset?.includeGlyph === 'function' &&
    Array.isArray(embedded?.subset?.glyphs) &&
    typeof embedded?.embed === 'function' &&
    typeof embedded?.document?.ref === 'function' &&
    Array.isArray(embedded?.widths) &&
    Array.isArray(embedded?.unicode) &&
    Array.isArray(font?.loca?.offsets) &&
    typeof font?._getTableStream === 'function' &&
    font?.directory?.tables?.head?.length === 54 &&
    font?.directory?.tables?.glyf !== undefined &&
    !font?._variationProcessor
  );
}

/** Makes the document's current embedded font use the shared caches (once per font per document). */
export function shareFontCaches(doc: PDFKit.PDFDocument): void {
  const embedded = (doc as Any)._font;
  if (!embedded || embedded.__shared || !supported(embedded)) return;
  embedded.__shared = true;
  let entry = shared.get(embedded.font);
  // Every 50 documents, start afresh if the cache has grown large (unique ids, names, dates).
  if (entry && ++entry.docs % 50 === 0 && Object.keys(entry.cache).length > MAX_SHARED_ENTRIES) entry = undefined;
  if (!entry) {
    entry = { cache: Object.create(null) as Record<string, unknown>, docs: 0 };
    shared.set(embedded.font, entry);
  }
  embedded.layoutCache = entry.cache;
  embedded.subset._addGlyph = fastAddGlyph;
  embedded.subset.encode = cachedProgram;
  const originalEmbed = embedded.embed;
  embedded.embed = function (this: Any) {
    return embedCached.call(this, originalEmbed);
  };
  preloadBaseGlyphs(embedded);
}
