// The shaping tables beside the fonts (templates/fonts/*.shaping.json) hold fontkit's answers: they
// must be those of the fonts and templates as they are, and shaping with them must give what
// fontkit gives for the whole string.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { loadFonts } from '../../src/documents/pdf/fonts.js';
import { type EmbeddedFontLike, runOf } from '../../src/documents/pdf/shaping.js';
import { readShapingTable, shapingTableOf, shapingTablePath } from '../../src/documents/pdf/shaping-table.js';
import { buildShapingTable, templateWords } from '../../src/documents/pdf/write-shaping-tables.js';
import { layoutTemplate, TEMPLATES_DIR } from '../../src/documents/templates.js';

const FILES = layoutTemplate().fonts;

function embeddedFont(role: 'regular' | 'bold'): EmbeddedFontLike {
  const doc = new PDFDocument({ font: null as unknown as string });
  doc.registerFont(role, loadFonts()[role] as unknown as string);
  doc.font(role);
  return (doc as unknown as { _font: EmbeddedFontLike })._font;
}

describe('shaping tables', () => {
  it.each(['regular', 'bold'] as const)(
    'are fontkit’s answers for the font and templates as they are (%s; else run npm run fonts:tables)',
    (role) => {
      const bytes = readFileSync(join(TEMPLATES_DIR, FILES[role]));
      const committed: unknown = JSON.parse(readFileSync(shapingTablePath(TEMPLATES_DIR, FILES[role]), 'utf8'));
      expect(committed).toEqual(buildShapingTable(bytes, templateWords()));
      expect(shapingTableOf(loadFonts()[role]), 'the table is in use').toBeDefined();
    },
  );

  it('hold the words the forms draw that the fast path cannot (a §, an apostrophe)', () => {
    const words = templateWords();
    expect(words).toContain('§ ');
    expect(words).toContain("Migrationsverket's");
    const table = shapingTableOf(loadFonts().regular)!;
    expect(table.words.has('§ ')).toBe(true);
    expect(table.words.has("Migrationsverket's")).toBe(true);
    expect(table.words.has('Summa ')).toBe(false); // plain: the fast path shapes it
  });

  it.each(['regular', 'bold'] as const)('shaping with the table equals fontkit on the whole string (%s)', (role) => {
    const font = embeddedFont(role);
    const plain = [...'0123456789 AVTWYLPKvyweoarå.,-–…:/()ÅÄÖäöéÉ1'];
    const other = [...'f§üÜıŒ"\'!?&@\t', 'fi', 'ff', 'för ', 'februari ', 'Tesfay'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...plain, ...other), { maxLength: 16 }), (parts) => {
        const text = parts.join('');
        const ours = runOf(font, text);
        const full = font.layout(text);
        expect(ours.gids).toEqual(full.glyphs.map((g) => g.id));
        expect(ours.advances).toEqual(full.positions.map((p) => p.advanceWidth));
        expect(ours.kerns.map((k) => Math.round(k * 1e6))).toEqual(full.positions.map((p) => Math.round((p.xAdvance - p.advanceWidth) * 1e6)));
        expect(ours.width).toBeCloseTo(full.advanceWidth, 6);
      }),
      { numRuns: 400 },
    );
  });

  it('a table is used only for the font file it was made from, and only when it reads whole', () => {
    const dir = mkdtempSync(join(tmpdir(), 'shaping-'));
    const regular = readFileSync(join(TEMPLATES_DIR, FILES.regular));
    const bold = readFileSync(join(TEMPLATES_DIR, FILES.bold));
    const path = join(dir, 'table.json');
    writeFileSync(path, JSON.stringify(buildShapingTable(regular, ['§'])));
    expect(readShapingTable(path, regular)?.words.has('§')).toBe(true);
    expect(readShapingTable(path, bold)).toBeNull();
    expect(readShapingTable(join(dir, 'none.json'), regular)).toBeNull();
    writeFileSync(join(dir, 'cut.json'), readFileSync(path, 'utf8').slice(0, 100));
    expect(readShapingTable(join(dir, 'cut.json'), regular), 'a cut file is no table').toBeNull();
  });
});
