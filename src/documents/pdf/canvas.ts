// Layout primitives over pdfkit: a cursor that flows down the page and breaks to a new one,
// single-line text with alignment and truncation, word wrapping, boxes and rules, and the
// `Sida X av Y` footer written once the page count is known. Coordinates are points from the top
// left; `y` is the top of what is drawn next.
//
// pdfkit makes the document (pages, fonts, subsetting, metadata); the page content itself is written
// here as PDF operators, collected per page and handed to pdfkit in one piece. That is several times
// faster than pdfkit's general text() for many short strings (a form has hundreds) and writes a
// smaller content stream. pdfkit sets every page's coordinate system to y-down; text is drawn in it
// with a text matrix that flips glyphs upright (1 0 0 -1 x baseline Tm).
import { layoutTemplate, type Layout } from '../templates.js';
import { loadFonts } from './fonts.js';
import { documentBaseCids, shareFontCaches } from './font-cache.js';
import { type EmbeddedFontLike, runOf, simpleRun } from './shaping.js';
import { type Orientation, sealPage } from './document.js';

export type FontRole = 'regular' | 'bold';
export type Align = 'left' | 'right' | 'center';

export interface TextStyle {
  font?: FontRole;
  size: number;
  color?: string;
}

const ASCENT = 0.905; // Liberation Sans ascender / em
const CAP_HEIGHT = 0.729;
const LINE = 1.18; // line height / font size for wrapped text

const HEX: string[] = [];
function hex4(n: number): string {
  return (HEX[n] ??= n.toString(16).padStart(4, '0'));
}

/**
 * A number in a content stream: at most three decimals, no exponent. Written from the integer of
 * thousandths: a content stream has thousands, and V8 writes an integer twice as fast as a fraction.
 */
function num(n: number): string {
  const thousandths = Math.round(n * 1000);
  if (thousandths % 1000 === 0) return String(thousandths / 1000);
  const abs = Math.abs(thousandths);
  const whole = Math.floor(abs / 1000);
  const frac = String(abs - whole * 1000).padStart(3, '0');
  const digits = frac.endsWith('00') ? frac.slice(0, 1) : frac.endsWith('0') ? frac.slice(0, 2) : frac;
  return `${thousandths < 0 ? '-' : ''}${whole}.${digits}`;
}

const rgbCache = new Map<string, string>();
/** `#rrggbb` → `r g b` in 0…1 for the rg/RG operators (DeviceRGB, sRGB output intent). */
function rgb(hex: string): string {
  let v = rgbCache.get(hex);
  if (v === undefined) {
    const n = Number.parseInt(hex.slice(1), 16);
    v = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map((c) => num(c / 255)).join(' ');
    rgbCache.set(hex, v);
  }
  return v;
}

/** Characters every document draws without looking them up (Latin, Latin-1, Latin Extended-A, punctuation). */
const COMMON = /^[\u0020-\u017f\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026\u2212\u2264\u2265\u20ac]*$/;

/**
 * The text with characters the embedded fonts lack replaced by `?`: a missing glyph would print as
 * an empty box, and PDF/A forbids drawing the .notdef glyph.
 */
export function drawable(text: string): string {
  if (COMMON.test(text)) return text;
  const { regular, bold } = loadFonts();
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    out += cp >= 0x20 && regular.hasGlyphForCodePoint(cp) && bold.hasGlyphForCodePoint(cp) ? ch : '?';
  }
  return out;
}

/**
 * Wrapped paragraphs by font, size, width and line limit, then by text, shared by all documents of
 * the process. The text is a key of its own: a paragraph's string keeps its hash, a key made of it
 * and the style would be hashed whole again at every lookup.
 */
const WRAPS = new Map<string, Map<string, readonly string[]>>();
const WRAP_CACHE_LIMIT = 2_000;
let wrapsCached = 0;

/** Text widths at 1 pt per font, shared by all documents of the process (the fonts never change). */
const WIDTHS: Record<FontRole, Map<string, number>> = { regular: new Map(), bold: new Map() };
const WIDTH_CACHE_LIMIT = 20_000;

/** A string shaped and encoded for the TJ operator; `tj` null: it has positioned marks (pdfkit draws it). */
interface EncodedText {
  text: string;
  /** In 1000 units per em. */
  width: number;
  tj: string | null;
}

/**
 * Encoded strings of base glyphs only, per font: those have the same CIDs in every document
 * (font-cache.ts), so the labels, dates and statuses that come back in every row and document are
 * shaped and encoded once per process.
 */
const ENCODED = new WeakMap<object, Map<string, EncodedText>>();
// Started afresh when full: at 4 000 the applications of a million lines draw as fast as at 20 000,
// whose one-off strings (ids, amounts) held ~30 MB more at the run's peak.
const ENCODED_CACHE_LIMIT = 4_000;

function sharedEncodings(font: EmbeddedFontLike): Map<string, EncodedText> {
  let cache = ENCODED.get(font.font);
  if (!cache) {
    cache = new Map();
    ENCODED.set(font.font, cache);
  }
  return cache;
}

/**
 * What pdfkit's encode does: each glyph into the document's subset (its CID, width and text), then
 * the TJ array: runs of CIDs, with a kerning adjustment after a glyph whose advance differs.
 */
function encode(font: EmbeddedFontLike, text: string): EncodedText {
  const base = documentBaseCids(font);
  const shared = base ? sharedEncodings(font) : null;
  const known = shared?.get(text);
  if (known) return known;
  const run = runOf(font, text);
  if (run.positioned) return { text, width: run.width, tj: null };
  let allBase = true;
  let tj = '';
  let seg = '';
  for (let i = 0; i < run.gids.length; i++) {
    const gid = run.gids[i]!;
    let cid = base?.get(gid);
    if (cid === undefined) {
      allBase = false;
      cid = font.subset.includeGlyph(gid);
      if (font.widths[cid] == null) font.widths[cid] = run.advances[i]!;
      if (font.unicode[cid] == null) font.unicode[cid] = run.codePoints[i]!;
    }
    seg += hex4(cid);
    const kern = run.kerns[i]!;
    if (kern !== 0) {
      tj += `<${seg}> ${num(-kern)} `;
      seg = '';
    }
  }
  if (seg !== '') tj += `<${seg}>`;
  const encoded = { text, width: run.width, tj };
  if (shared && allBase) {
    if (shared.size > ENCODED_CACHE_LIMIT) shared.clear();
    shared.set(text, encoded);
  }
  return encoded;
}

export class Canvas {
  readonly layout: Layout;
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
  readonly pageHeight: number;
  readonly width: number;
  y: number;
  /** Drawn at the top of every page after the first (continuation header); returns its height. */
  onContinuationPage: ((c: Canvas) => void) | null = null;
  private currentFont: FontRole | null = null;
  /** Content operators of the current page not yet handed to pdfkit. */
  private ops: string[] = [];
  /** What the operators in `ops` have set, so each is written only when it changes. */
  private state: { fill: string | null; stroke: string | null; lineWidth: number | null; font: string | null } = {
    fill: null,
    stroke: null,
    lineWidth: null,
    font: null,
  };

  constructor(
    readonly doc: PDFKit.PDFDocument,
    orientation: Orientation,
  ) {
    this.layout = layoutTemplate();
    const page = this.layout[orientation];
    this.left = page.margins.left;
    this.right = page.size[0] - page.margins.right;
    this.top = page.margins.top;
    this.bottom = page.size[1] - page.margins.bottom;
    this.pageHeight = page.size[1];
    this.width = this.right - this.left;
    this.y = this.top;
    const fonts = loadFonts();
    doc.registerFont('regular', fonts.regular as unknown as string);
    doc.registerFont('bold', fonts.bold as unknown as string);
  }

  get colors(): Layout['colors'] {
    return this.layout.colors;
  }

  get sizes(): Layout['sizes'] {
    return this.layout.sizes;
  }

  /** Selects the font in pdfkit (for measuring, encoding and the page's font resources). */
  private use(style: TextStyle): void {
    const font = style.font ?? 'regular';
    if (font !== this.currentFont) {
      this.doc.font(font);
      shareFontCaches(this.doc);
      this.currentFont = font;
    }
  }

  private get font(): EmbeddedFontLike {
    return (this.doc as unknown as { _font: EmbeddedFontLike })._font;
  }

  /** Hands the collected operators of the current page to pdfkit. */
  flush(): void {
    if (this.ops.length > 0) {
      // As bytes: pdfkit would turn a string into bytes one character at a time (the newline is its).
      this.doc.addContent(Buffer.from(`${this.ops.join('\n')}\n`, 'latin1'));
      this.ops = [];
    }
    // pdfkit may write its own operators next: the graphics state is no longer known.
    this.state = { fill: null, stroke: null, lineWidth: null, font: null };
  }

  /** `r g b rg ` when the fill colour is not already set in this run of operators, else ''. */
  private fillOp(color: string): string {
    if (this.state.fill === color) return '';
    this.state.fill = color;
    return `${rgb(color)} rg `;
  }

  /** Stroke colour and line width, each only when it differs from what is set. */
  private strokeOps(color: string, lineWidth: number): string {
    let ops = '';
    if (this.state.stroke !== color) {
      this.state.stroke = color;
      ops += `${rgb(color)} RG `;
    }
    if (this.state.lineWidth !== lineWidth) {
      this.state.lineWidth = lineWidth;
      ops += `${num(lineWidth)} w `;
    }
    return ops;
  }

  /** Width of one line of text, from a per-process cache of widths at 1 pt. */
  textWidth(text: string, style: TextStyle): number {
    const role = style.font ?? 'regular';
    const cache = WIDTHS[role];
    let w = cache.get(text);
    if (w === undefined) {
      this.use(style);
      const simple = simpleRun(this.font, text);
      if (simple) return (simple.width / 1000) * style.size; // cheap again; kept out of the cache
      w = runOf(this.font, text).width / 1000;
      if (cache.size > WIDTH_CACHE_LIMIT) cache.clear();
      cache.set(text, w);
    }
    return w * style.size;
  }

  lineHeight(size: number): number {
    return size * LINE;
  }

  /** The top `y` that puts the text's baseline at `baseline`. */
  static topForBaseline(baseline: number, size: number): number {
    return baseline - ASCENT * size;
  }

  /** The baseline that centres capital letters vertically in a band from `top` of `height`. */
  static centredBaseline(top: number, height: number, size: number): number {
    return top + height / 2 + (CAP_HEIGHT * size) / 2;
  }

  /** The text cut to `width` with an ellipsis when it is wider. */
  fit(text: string, width: number, style: TextStyle): string {
    if (this.textWidth(text, style) <= width) return text;
    let lo = 0;
    let hi = text.length;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (this.textWidth(`${text.slice(0, mid)}…`, style) <= width) lo = mid;
      else hi = mid - 1;
    }
    return `${text.slice(0, lo).trimEnd()}…`;
  }

  /** One line of text whose top is `y`; aligned within `width` when given, cut to fit it. */
  text(text: string, x: number, y: number, style: TextStyle, opts: { width?: number; align?: Align } = {}): void {
    if (text === '') return;
    this.use(style);
    const font = this.font;
    // Encoded once; again only when the text is cut to fit.
    let enc = encode(font, drawable(text));
    if (opts.width !== undefined && (enc.width / 1000) * style.size > opts.width) enc = encode(font, this.fit(enc.text, opts.width, style));
    let dx = 0;
    if (opts.width !== undefined && opts.align !== undefined && opts.align !== 'left') {
      const w = (enc.width / 1000) * style.size;
      dx = opts.align === 'right' ? opts.width - w : (opts.width - w) / 2;
    }
    const page = this.doc.page as unknown as { fonts: Record<string, unknown> };
    if (page.fonts[font.id] == null) page.fonts[font.id] = font.ref();
    if (enc.tj === null) {
      // Positioned marks (not in Swedish text): leave such strings to pdfkit.
      this.flush();
      this.doc.fontSize(style.size).fillColor(style.color ?? this.layout.colors.text);
      this.doc.text(enc.text, x + dx, y, { lineBreak: false });
      return;
    }
    const baseline = y + ASCENT * style.size;
    const fill = this.fillOp(style.color ?? this.layout.colors.text);
    const tf = `/${font.id} ${num(style.size)} Tf `;
    const setFont = tf === this.state.font ? '' : tf;
    this.state.font = tf;
    this.ops.push(`${fill}BT ${setFont}1 0 0 -1 ${num(x + dx)} ${num(baseline)} Tm [${enc.tj}] TJ ET`);
  }

  /** Text placed by its baseline. */
  textAtBaseline(text: string, x: number, baseline: number, style: TextStyle, opts: { width?: number; align?: Align } = {}): void {
    this.text(text, x, Canvas.topForBaseline(baseline, style.size), style, opts);
  }

  /**
   * Greedy word wrap; a word wider than the line is cut by characters. Keeps explicit newlines.
   * With `maxLines`, a longer result is cut to that many lines, the last ending in an ellipsis.
   */
  wrap(text: string, width: number, style: TextStyle, maxLines = Infinity): readonly string[] {
    // The same paragraphs (legal basis, attachments, instructions) come back in every document.
    const styleKey = `${style.font ?? 'regular'}|${style.size}|${width}|${maxLines}`;
    let byText = WRAPS.get(styleKey);
    const cached = byText?.get(text);
    if (cached) return cached;
    let lines = this.wrapUncached(text, width, style);
    if (lines.length > maxLines) {
      const keep = Math.max(1, Math.floor(maxLines));
      lines = [...lines.slice(0, keep - 1), this.fit(`${lines[keep - 1]!}…`, width, style)];
    }
    if (wrapsCached > WRAP_CACHE_LIMIT) {
      WRAPS.clear();
      wrapsCached = 0;
      byText = undefined;
    }
    if (!byText) WRAPS.set(styleKey, (byText = new Map()));
    byText.set(text, lines);
    wrapsCached++;
    return lines;
  }

  private wrapUncached(text: string, width: number, style: TextStyle): string[] {
    const lines: string[] = [];
    for (const para of text.split('\n')) {
      const words = para.split(/\s+/).filter((w) => w !== '');
      let line = '';
      for (let word of words) {
        const candidate = line === '' ? word : `${line} ${word}`;
        if (this.textWidth(candidate, style) <= width) {
          line = candidate;
          continue;
        }
        if (line !== '') lines.push(line);
        if (this.textWidth(word, style) > width) {
          const pieces = this.breakWord(word, width, style);
          word = pieces.pop()!;
          for (const p of pieces) lines.push(p);
        }
        line = word;
      }
      lines.push(line);
    }
    return lines;
  }

  /**
   * A word wider than `width` in pieces that fit, the last holding the rest: one pass summing
   * character widths, each piece then measured once as a whole (kerning) and shortened if that
   * overshoots. Linear in the word's length, whatever the length.
   */
  private breakWord(word: string, width: number, style: TextStyle): string[] {
    const chars = Array.from(word);
    const pieces: string[] = [];
    let start = 0;
    let w = 0;
    let i = 0;
    const cut = (end: number) => {
      let piece = chars.slice(start, end).join('');
      while (end - start > 1 && this.textWidth(piece, style) > width) piece = chars.slice(start, --end).join('');
      pieces.push(piece);
      start = end;
      w = 0;
      for (let k = start; k < i; k++) w += this.textWidth(chars[k]!, style);
    };
    for (; i < chars.length; i++) {
      const cw = this.textWidth(chars[i]!, style);
      if (w + cw > width && i > start) cut(i);
      w += cw;
    }
    pieces.push(chars.slice(start).join(''));
    return pieces;
  }

  /** A wrapped paragraph at the cursor, breaking pages between lines; moves the cursor below it. */
  paragraph(text: string, style: TextStyle, opts: { x?: number; width?: number; gapAfter?: number } = {}): void {
    const x = opts.x ?? this.left;
    const width = opts.width ?? this.right - x;
    const lh = this.lineHeight(style.size);
    for (const line of this.wrap(text, width, style)) {
      this.ensure(lh);
      this.text(line, x, this.y, style);
      this.y += lh;
    }
    this.y += opts.gapAfter ?? this.layout.spacing.paragraphGap;
  }

  /** Room left on this page below the cursor. */
  get room(): number {
    return this.bottom - this.y;
  }

  /** Starts a new page unless `height` fits below the cursor. True when a page was added. */
  ensure(height: number): boolean {
    if (this.y + height <= this.bottom) return false;
    this.newPage();
    return true;
  }

  newPage(): void {
    this.flush();
    sealPage(this.doc);
    this.doc.addPage();
    this.y = this.top;
    if (this.onContinuationPage) this.onContinuationPage(this);
  }

  fillRect(x: number, y: number, w: number, h: number, color: string): void {
    this.ops.push(`${this.fillOp(color)}${num(x)} ${num(y)} ${num(w)} ${num(h)} re f`);
  }

  strokeRect(x: number, y: number, w: number, h: number, color = this.layout.colors.box, lineWidth = this.layout.lineWidths.box): void {
    this.ops.push(`${this.strokeOps(color, lineWidth)}${num(x)} ${num(y)} ${num(w)} ${num(h)} re S`);
  }

  hline(x1: number, x2: number, y: number, color = this.layout.colors.rule, lineWidth = this.layout.lineWidths.rule): void {
    this.ops.push(`${this.strokeOps(color, lineWidth)}${num(x1)} ${num(y)} m ${num(x2)} ${num(y)} l S`);
  }

  vline(x: number, y1: number, y2: number, color = this.layout.colors.box, lineWidth = this.layout.lineWidths.box): void {
    this.ops.push(`${this.strokeOps(color, lineWidth)}${num(x)} ${num(y1)} m ${num(x)} ${num(y2)} l S`);
  }

  /** A list document's head (finance summary, unit follow-up): title, muted subtitle and note, a rule under them. */
  titleBlock(title: string, subtitle: string, note?: string): void {
    const titleStyle: TextStyle = { font: 'bold', size: this.sizes.title };
    this.text(title, this.left, this.y, titleStyle, { width: this.width });
    this.y += this.lineHeight(titleStyle.size);
    this.paragraph(subtitle, { size: this.sizes.subtitle, color: this.colors.muted }, { gapAfter: note === undefined ? 4 : 1 });
    if (note !== undefined) this.paragraph(note, { size: this.sizes.small, color: this.colors.muted }, { gapAfter: 4 });
    this.hline(this.left, this.right, this.y, this.colors.rule, this.layout.lineWidths.rule * 1.5);
    this.y += 8;
  }

  /** A section heading: a shaded band across the page with the text in bold. */
  heading(text: string): void {
    const h = this.layout.spacing.headingHeight;
    this.fillRect(this.left, this.y, this.width, h, this.colors.band);
    this.hline(this.left, this.right, this.y, this.colors.rule, this.layout.lineWidths.box);
    this.textAtBaseline(text, this.left + 4, Canvas.centredBaseline(this.y, h, this.sizes.heading), { font: 'bold', size: this.sizes.heading });
    this.y += h + 4;
  }

  /** Height `heading` takes. */
  get headingHeight(): number {
    return this.layout.spacing.headingHeight + 4;
  }

  /**
   * Writes the footer on every page once the page count is known: `left` at the left and the
   * layout's `Sida {page} av {pages}` at the right, below a thin rule.
   */
  footers(left: string): void {
    const range = this.doc.bufferedPageRange();
    const pages = range.count;
    const size = this.layout.sizes.footer;
    const style: TextStyle = { size, color: this.layout.colors.muted };
    const ruleY = this.bottom + 14;
    const textY = ruleY + 4;
    this.flush();
    for (let i = 0; i < pages; i++) {
      this.doc.switchToPage(range.start + i);
      this.hline(this.left, this.right, ruleY, this.layout.colors.grid, this.layout.lineWidths.grid);
      const right = this.layout.footer.right.replace('{page}', String(i + 1)).replace('{pages}', String(pages));
      const rightWidth = this.textWidth(right, style);
      this.text(right, this.right - rightWidth, textY, style);
      this.text(left, this.left, textY, style, { width: this.width - rightWidth - 12 });
      this.flush();
    }
  }
}
