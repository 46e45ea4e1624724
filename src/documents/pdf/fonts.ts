// The embedded TrueType fonts (templates/fonts, SIL OFL 1.1). Parsed once per process and shared
// by every document: parsing a font costs far more than drawing a page, and pdfkit accepts a parsed
// fontkit font wherever it takes a font file.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as fontkit from 'fontkit';
import type { FontkitFont } from 'fontkit';
import { layoutTemplate, TEMPLATES_DIR } from '../templates.js';

export interface Fonts {
  regular: FontkitFont;
  bold: FontkitFont;
}

let fonts: Fonts | null = null;

export function loadFonts(): Fonts {
  if (!fonts) {
    const files = layoutTemplate().fonts;
    fonts = {
      regular: fontkit.create(readFileSync(join(TEMPLATES_DIR, files.regular))),
      bold: fontkit.create(readFileSync(join(TEMPLATES_DIR, files.bold))),
    };
  }
  return fonts;
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
