// The fast shaping path (characters and kerned pairs) must give exactly what fontkit gives for the
// whole string, or step aside.
import fc from 'fast-check';
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { loadFonts } from '../../src/documents/pdf/fonts.js';
import { type EmbeddedFontLike, simpleRun } from '../../src/documents/pdf/shaping.js';

function embeddedFont(role: 'regular' | 'bold'): EmbeddedFontLike {
  const doc = new PDFDocument({ font: null as unknown as string });
  doc.registerFont(role, loadFonts()[role] as unknown as string);
  doc.font(role);
  return (doc as unknown as { _font: EmbeddedFontLike })._font;
}

function fontkitRun(font: EmbeddedFontLike, text: string) {
  const { glyphs, positions, advanceWidth } = font.layout(text);
  return {
    gids: glyphs.map((g) => g.id),
    advances: positions.map((p) => p.advanceWidth),
    kerns: positions.map((p) => p.xAdvance - p.advanceWidth),
    width: advanceWidth,
  };
}

const fonts = { regular: embeddedFont('regular'), bold: embeddedFont('bold') };
// Pairs the fonts kern (AV, Te, 11, ...), digits, Swedish letters, the punctuation of amounts and ids.
const CHARS = [...'0123456789 AVTWYLPKvyweoarå.,-–…:/()ÅÄÖäöéÉ1'];

describe('shaping', () => {
  it.each(['regular', 'bold'] as const)('the fast path equals fontkit on the whole string (%s)', (role) => {
    const font = fonts[role];
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...CHARS), maxLength: 24 }), (text) => {
        const fast = simpleRun(font, text);
        if (fast === null) return;
        const full = fontkitRun(font, text);
        expect(fast.gids).toEqual(full.gids);
        expect(fast.advances).toEqual(full.advances);
        expect(fast.kerns.map((k) => Math.round(k * 1e6))).toEqual(full.kerns.map((k) => Math.round(k * 1e6)));
        expect(fast.width).toBeCloseTo(full.width, 6);
      }),
      { numRuns: 500 },
    );
  });

  it('takes the fast path for amounts, dates and ids, kerned pairs included', () => {
    for (const text of ['1 234 567,89', '2027-01-11', 'KV-3BEDAEDDADF182DB', 'AVTAL', 'Vård', 'Summa…']) {
      expect(simpleRun(fonts.regular, text), text).not.toBeNull();
    }
    expect(fontkitRun(fonts.regular, 'AV').kerns[0]).not.toBe(0); // the font does kern: the pair is tested
  });

  it('leaves strings with other characters to fontkit; f is plain in these fonts (no Latin ligatures)', () => {
    expect(simpleRun(fonts.regular, '2 §')).toBeNull();
    expect(simpleRun(fonts.regular, 'Œuvre')).toBeNull();
    expect(simpleRun(fonts.regular, 'fil')).not.toBeNull();
  });
});
