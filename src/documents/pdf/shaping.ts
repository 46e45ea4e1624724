// Shaping a string into glyphs for the embedded fonts: glyph ids, advances and kerning, in 1000
// units per em. fontkit does the general case; plain strings take a fast path (simpleRun).
import { pairKey, type PlainGlyph, type ShapingTable, shapingTableOf } from './shaping-table.js';

export interface GlyphPosition {
  xAdvance: number;
  advanceWidth: number;
  xOffset: number;
  yOffset: number;
}

/** pdfkit's EmbeddedFont, the parts used here (pdfkit 0.20). */
export interface EmbeddedFontLike {
  id: string;
  font: object;
  ref(): unknown;
  layout(text: string): { glyphs: { id: number; codePoints: number[] }[]; positions: GlyphPosition[]; advanceWidth: number };
  subset: { includeGlyph(gid: number): number };
  widths: (number | undefined)[];
  unicode: (number[] | undefined)[];
}

/** A shaped string: glyph ids, their advances and kerning, in 1000 units per em. */
export interface Run {
  gids: number[];
  advances: number[];
  kerns: number[];
  codePoints: number[][];
  width: number;
  /** Positioned marks: drawn by pdfkit instead. */
  positioned: boolean;
}

/** Shaped strings per font, shared by all documents (shaping depends only on font and text). */
const RUNS = new WeakMap<object, Map<string, Run>>();
// Caches start afresh when full: labels and units come back at once, while the one-off strings
// (ids, amounts, names) would otherwise fill memory over thousands of documents.
const RUN_CACHE_LIMIT = 4_000;

/**
 * Shaping without fontkit for strings of plain characters, from each character's glyph and each
 * adjacent pair's kerning: fontkit's layout costs tens of microseconds a string, and most one-off
 * strings (amounts, dates, ids) are plain. A pair that shapes as anything but its two glyphs with
 * a kerning adjustment (a ligature, a positioned mark) sends the whole string to fontkit. Each
 * character and pair is asked of the font's shaping table (shaping-table.ts), else of fontkit,
 * once per process.
 */
interface SimpleShaping {
  glyphs: Map<number, PlainGlyph | null>;
  /** The kerning after the first of two characters, or null when the pair is not plain. */
  kerning: Map<number, number | null>;
  table: ShapingTable | undefined;
}
const SIMPLE = new WeakMap<object, SimpleShaping>();
// 'f' and the Turkish dotless ı are in: a sixth of the register's names have one, and the embedded
// fonts have no ligatures of Latin letters (their GSUB ligatures are Hebrew, Arabic and tone letters).
// A font with fi or ffl ligatures would mark those pairs not plain; the property tests would show a
// ligature of three characters whose pairs are plain.
const SIMPLE_CHARS = /^[ 0-9A-Za-zÅÄÖåäöÉéı.,:;()/%+#*\-\u2013\u2026\u2212]*$/;

/** Every character the fast path takes, for the shaping tables. */
export const PLAIN_CHARS: string = (() => {
  let chars = '';
  for (let cp = 0x20; cp <= 0xffff; cp++) if (SIMPLE_CHARS.test(String.fromCharCode(cp))) chars += String.fromCharCode(cp);
  return chars;
})();

const isPlain = (p: GlyphPosition): boolean => p.xOffset === 0 && p.yOffset === 0;

/** fontkit's answer for one character: its glyph when it shapes as one unpositioned glyph, else null. */
export function fontkitGlyph(font: EmbeddedFontLike, code: number): PlainGlyph | null {
  const { glyphs, positions } = font.layout(String.fromCharCode(code));
  const p = positions[0];
  return glyphs.length === 1 && p && isPlain(p) && p.xAdvance === p.advanceWidth ? { gid: glyphs[0]!.id, advance: p.advanceWidth } : null;
}

/** fontkit's answer for two plain characters: the kerning after the first, or null when the pair shapes otherwise. */
export function fontkitKerning(font: EmbeddedFontLike, first: number, second: number, a: PlainGlyph, b: PlainGlyph): number | null {
  const { glyphs, positions } = font.layout(String.fromCharCode(first, second));
  const [p, q] = positions;
  return glyphs.length === 2 &&
    glyphs[0]!.id === a.gid &&
    glyphs[1]!.id === b.gid &&
    p &&
    q &&
    isPlain(p) &&
    isPlain(q) &&
    q.xAdvance === q.advanceWidth
    ? p.xAdvance - p.advanceWidth
    : null;
}

/** One array per character for every run, as fontkit shares each glyph's (runs are kept by the thousand). */
const CODE_POINTS: number[][] = [];
const codePointsOf = (code: number): number[] => (CODE_POINTS[code] ??= [code]);

export function simpleRun(font: EmbeddedFontLike, text: string): Run | null {
  if (!SIMPLE_CHARS.test(text)) return null;
  let shaping = SIMPLE.get(font.font);
  if (!shaping) {
    shaping = { glyphs: new Map(), kerning: new Map(), table: shapingTableOf(font.font) };
    SIMPLE.set(font.font, shaping);
  }
  const { glyphs: glyphCache, kerning, table } = shaping;
  const glyphOf = (code: number) => {
    let g = glyphCache.get(code);
    if (g === undefined) {
      g = table?.chars.has(code) ? (table.glyphs.get(code) ?? null) : fontkitGlyph(font, code);
      glyphCache.set(code, g);
    }
    return g;
  };
  const kernOf = (first: number, second: number): number | null => {
    const key = pairKey(first, second);
    let k = kerning.get(key);
    if (k === undefined) {
      if (table?.chars.has(first) && table.chars.has(second)) {
        k = table.kerning.get(key);
        if (k === undefined) k = 0;
      } else {
        k = fontkitKerning(font, first, second, glyphOf(first)!, glyphOf(second)!);
      }
      kerning.set(key, k);
    }
    return k;
  };
  const n = text.length;
  const gids = new Array<number>(n);
  const advances = new Array<number>(n);
  const kerns = new Array<number>(n);
  const codePoints = new Array<number[]>(n);
  let width = 0;
  for (let i = 0; i < n; i++) {
    const code = text.charCodeAt(i);
    const g = glyphOf(code);
    if (!g) return null;
    if (i > 0) {
      const k = kernOf(text.charCodeAt(i - 1), code);
      if (k === null) return null;
      kerns[i - 1] = k;
      width += k;
    }
    gids[i] = g.gid;
    advances[i] = g.advance;
    codePoints[i] = codePointsOf(code);
    width += g.advance;
  }
  if (n > 0) kerns[n - 1] = 0;
  return { gids, advances, kerns, codePoints, width, positioned: false };
}

/**
 * The string shaped as pdfkit shapes it: word by word (a word keeps the space or tab after it), each
 * word on its own, so no kerning or ligature spans a space. A word of plain characters takes the
 * fast path even when the string around it does not; the others come from the shaping table, else
 * from fontkit, once per process.
 */
export function runOf(font: EmbeddedFontLike, text: string): Run {
  const simple = simpleRun(font, text);
  if (simple) return simple;
  let perFont = RUNS.get(font.font);
  if (!perFont) {
    perFont = new Map();
    RUNS.set(font.font, perFont);
  }
  let run = perFont.get(text);
  if (!run) {
    const words = pdfkitWords(text);
    run = words.length === 1 ? shapedWord(font, text) : joinRuns(words.map((w) => simpleRun(font, w) ?? wordRun(font, perFont!, w)));
    if (perFont.size > RUN_CACHE_LIMIT) perFont.clear();
    perFont.set(text, run);
  }
  return run;
}

/** pdfkit's split of a string into words (EmbeddedFont.layout): each ends after a space or tab, or at the end. */
export function pdfkitWords(text: string): string[] {
  const words: string[] = [];
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09) {
      words.push(text.slice(last, i + 1));
      last = i + 1;
    }
  }
  if (last < text.length) words.push(text.slice(last));
  return words;
}

function wordRun(font: EmbeddedFontLike, perFont: Map<string, Run>, word: string): Run {
  let run = perFont.get(word);
  if (!run) {
    run = shapedWord(font, word);
    perFont.set(word, run);
  }
  return run;
}

/** A word from the font's shaping table, else from fontkit. */
function shapedWord(font: EmbeddedFontLike, word: string): Run {
  return shapingTableOf(font.font)?.words.get(word) ?? fontkitRun(font, word);
}

export function fontkitRun(font: EmbeddedFontLike, text: string): Run {
  const { glyphs, positions, advanceWidth } = font.layout(text);
  return {
    gids: glyphs.map((g) => g.id),
    advances: positions.map((p) => p.advanceWidth),
    kerns: positions.map((p) => p.xAdvance - p.advanceWidth),
    codePoints: glyphs.map((g) => g.codePoints),
    width: advanceWidth,
    positioned: positions.some((p) => p.xOffset !== 0 || p.yOffset !== 0),
  };
}

/** The words' runs one after the other, in arrays of their exact length (a joined run may be kept). */
function joinRuns(runs: Run[]): Run {
  let n = 0;
  for (const r of runs) n += r.gids.length;
  const joined: Run = { gids: new Array(n), advances: new Array(n), kerns: new Array(n), codePoints: new Array(n), width: 0, positioned: false };
  let at = 0;
  for (const r of runs) {
    for (let i = 0; i < r.gids.length; i++, at++) {
      joined.gids[at] = r.gids[i]!;
      joined.advances[at] = r.advances[i]!;
      joined.kerns[at] = r.kerns[i]!;
      joined.codePoints[at] = r.codePoints[i]!;
    }
    joined.width += r.width;
    joined.positioned ||= r.positioned;
  }
  return joined;
}
