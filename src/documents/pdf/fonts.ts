// The embedded TrueType fonts (templates/fonts, SIL OFL 1.1). Parsed once per process and shared
// by every document: parsing a font costs far more than drawing a page, and pdfkit accepts a parsed
// fontkit font wherever it takes a font file.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { FontkitFont } from 'fontkit';
import { layoutTemplate, TEMPLATES_DIR } from '../templates.js';
import { readShapingTable, shapingTablePath, useShapingTable } from './shaping-table.js';

// The CommonJS build, the one pdfkit's own CommonJS build requires (document.ts): one fontkit in
// the process, and some 35 ms less loading than the two as ES modules.
export const fontkit = createRequire(import.meta.url)('fontkit') as typeof import('fontkit');

export interface Fonts {
  regular: FontkitFont;
  bold: FontkitFont;
}

let fonts: Fonts | null = null;

export function loadFonts(): Fonts {
  if (!fonts) {
    const files = layoutTemplate().fonts;
    fonts = { regular: loadFont(files.regular), bold: loadFont(files.bold) };
  }
  return fonts;
}

function loadFont(file: string): FontkitFont {
  const bytes = readFileSync(join(TEMPLATES_DIR, file));
  const font = fontkit.create(bytes);
  const table = readShapingTable(shapingTablePath(TEMPLATES_DIR, file), bytes);
  if (table) useShapingTable(font, table);
  return font;
}

/** Characters of `text` that the embedded fonts cannot draw (they would print as empty boxes). */
export function missingGlyphs(text: string): string[] {
  const { regular, bold } = loadFonts();
  const missing = new Set<string>();
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x20) continue;
    if (!regular.hasGlyphForCodePoint(cp) || !bold.hasGlyphForCodePoint(cp)) missing.add(ch);
  }
  return [...missing];
}
