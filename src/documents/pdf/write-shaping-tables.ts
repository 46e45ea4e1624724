// `npm run fonts:tables`: writes templates/fonts/<font>.shaping.json (shaping-table.ts) from
// fontkit's own answers, for the fonts of templates/layout.json and the words of the templates.
// Run it after changing a font or the templates; test/documents/shaping-table.test.ts says when.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { defaultConfig } from '../../config.js';
import { MONTHS_SV } from '../format.js';
import { layoutTemplate, TEMPLATES_DIR } from '../templates.js';
import { PDFDocument } from './document.js';
import { fontkit } from './fonts.js';
import { fontDigest, pairKey, type PlainGlyph, type ShapingTableFile, shapingTablePath } from './shaping-table.js';
import { type EmbeddedFontLike, fontkitGlyph, fontkitKerning, fontkitRun, PLAIN_CHARS, pdfkitWords, simpleRun } from './shaping.js';

/**
 * Every word the templates, the month names and the default configuration draw (as pdfkit splits
 * them), with and without the space after it.
 */
export function templateWords(): string[] {
  const words = new Set<string>();
  const visit = (v: unknown): void => {
    if (typeof v === 'string') {
      for (const w of pdfkitWords(v)) {
        if (/[{}]/.test(w)) continue; // filled in when drawn
        const bare = w.trimEnd();
        words.add(bare).add(`${bare} `);
      }
    } else if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') Object.values(v).forEach(visit);
  };
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (name === 'web' || name === 'fonts') continue;
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.json')) visit(JSON.parse(readFileSync(path, 'utf8')));
    }
  };
  walk(TEMPLATES_DIR);
  visit(MONTHS_SV);
  visit(defaultConfig());
  words.delete('');
  words.delete(' ');
  return [...words].sort();
}

/** A font as pdfkit embeds it, with no shaping table in use: every answer is fontkit's. */
function untabledFont(bytes: Buffer): EmbeddedFontLike {
  const doc = new PDFDocument({ font: null as unknown as string });
  doc.registerFont('f', fontkit.create(bytes) as unknown as string);
  doc.font('f');
  return (doc as unknown as { _font: EmbeddedFontLike })._font;
}

/** The table of one font file: fontkit's answer for every plain character, pair and template word that needs one. */
export function buildShapingTable(bytes: Buffer, words: readonly string[]): ShapingTableFile {
  const font = untabledFont(bytes);
  const codes = [...PLAIN_CHARS].map((c) => c.charCodeAt(0));
  const plain = new Map<number, PlainGlyph>();
  const glyphs: ShapingTableFile['glyphs'] = [];
  for (const code of codes) {
    const g = fontkitGlyph(font, code);
    if (g) plain.set(code, g);
    glyphs.push(g ? [code, g.gid, g.advance] : [code]);
  }
  const kerning: ShapingTableFile['kerning'] = [];
  for (const [first, a] of plain) {
    for (const [second, b] of plain) {
      const k = fontkitKerning(font, first, second, a, b);
      if (k === null) kerning.push([first, second]);
      else if (k !== 0) kerning.push([first, second, k]);
    }
  }
  kerning.sort((x, y) => pairKey(x[0], x[1]) - pairKey(y[0], y[1]));
  const shaped: ShapingTableFile['words'] = {};
  for (const w of words) if (simpleRun(font, w) === null) shaped[w] = fontkitRun(font, w);
  return { font: fontDigest(bytes), chars: PLAIN_CHARS, glyphs, kerning, words: shaped };
}

export function writeShapingTables(): string[] {
  const words = templateWords();
  const written: string[] = [];
  for (const file of Object.values(layoutTemplate().fonts)) {
    const path = shapingTablePath(TEMPLATES_DIR, file);
    writeFileSync(path, `${JSON.stringify(buildShapingTable(readFileSync(join(TEMPLATES_DIR, file)), words))}\n`);
    written.push(path);
  }
  return written;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const path of writeShapingTables()) process.stdout.write(`${path}\n`);
}
