// What documents share to draw faster: text of base glyphs encoded once per process (canvas.ts,
// with the CIDs font-cache.ts gives the base glyphs in every subset) and the small streams deflated
// once (document.ts). Each document must still read back as what was drawn, whatever came before.
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { Canvas } from '../../src/documents/pdf/canvas.js';
import { createPdf, finishPdf } from '../../src/documents/pdf/document.js';
import { documentBaseCids } from '../../src/documents/pdf/font-cache.js';
import type { EmbeddedFontLike } from '../../src/documents/pdf/shaping.js';
import { pdfText, squash } from './pdf-tools.js';

const META = { title: 'Delat', author: 'Region Test', subject: 'Test', asOf: '2026-01-15' } as const;
const SHARED = 'Summa 1 234,56 kr – AVTAL Vård';
// ñ, Ω and ł are no base glyphs: the document's subset gets them after the base ones.
const OTHER = 'Señor Ωmega Łódź';

async function document(lines: readonly string[], font: 'regular' | 'bold' = 'regular'): Promise<Buffer> {
  const doc = createPdf(META);
  const c = new Canvas(doc, 'portrait');
  for (const line of lines) {
    c.text(line, c.left, c.y, { size: 10, font });
    c.y += 14;
  }
  c.flush();
  return finishPdf(doc);
}

/** The embedded font a canvas draws with after drawing `text` in it. */
function embeddedAfter(text: string, font: 'regular' | 'bold'): EmbeddedFontLike & { subset: { glyphs: number[] } } {
  const doc = createPdf(META);
  const c = new Canvas(doc, 'portrait');
  c.text(text, c.left, c.y, { size: 10, font });
  return (doc as unknown as { _font: EmbeddedFontLike & { subset: { glyphs: number[] } } })._font;
}

/** Every inflated stream of a PDF, in file order. */
function streams(pdf: Buffer): string[] {
  const text = pdf.toString('latin1');
  const out: string[] = [];
  for (const m of text.matchAll(/\/Filter \/FlateDecode[^]*?>>\nstream\n/g)) {
    const start = m.index! + m[0].length;
    const end = text.indexOf('\nendstream', start);
    out.push(inflateSync(pdf.subarray(start, end)).toString('latin1'));
  }
  return out;
}

describe('text shared between documents', () => {
  it.each(['regular', 'bold'] as const)('the base glyphs have in every subset the CIDs documentBaseCids gives (%s)', (font) => {
    for (const text of ['a', OTHER]) {
      const embedded = embeddedAfter(text, font);
      const cids = documentBaseCids(embedded);
      expect(cids).not.toBeNull();
      expect(cids!.size).toBeGreaterThan(90);
      for (const [gid, cid] of cids!) expect(embedded.subset.glyphs[cid], `glyph ${gid}`).toBe(gid);
    }
  });

  it('reads back the same in a document that drew other glyphs first, and in one that did not', async () => {
    const plain = await document([SHARED]);
    const mixed = await document([OTHER, SHARED, `${OTHER} ${SHARED}`]);
    const again = await document([SHARED]);
    expect(squash(pdfText(plain)).trim()).toBe(squash(SHARED));
    expect(squash(pdfText(mixed)).trim()).toBe(squash(`${OTHER} ${SHARED} ${OTHER} ${SHARED}`));
    expect(again.equals(plain)).toBe(true);
  });

  it('a string cut to fit or aligned is encoded as what is shown', async () => {
    const doc = createPdf(META);
    const c = new Canvas(doc, 'portrait');
    c.text(SHARED, c.left, c.y, { size: 10 }, { width: 60 });
    c.text(SHARED, c.left, c.y + 14, { size: 10 }, { width: 400, align: 'right' });
    c.flush();
    const text = squash(pdfText(await finishPdf(doc))).trim();
    expect(text).toMatch(/^Summa \S*…/);
    expect(text.endsWith(squash(SHARED))).toBe(true);
  });

  it('every document has its own small streams (ToUnicode maps, sRGB profile), deflated', async () => {
    const first = await document([SHARED]);
    const second = await document([OTHER]);
    for (const pdf of [first, second]) {
      const all = streams(pdf);
      expect(all.some((s) => s.includes('begincmap'))).toBe(true);
      expect(all.some((s) => s.includes('mntrRGB'))).toBe(true); // the sRGB profile PDF/A asks for
    }
    // The second document's map holds its own glyphs: not the first one's reused.
    const maps = (pdf: Buffer) => streams(pdf).filter((s) => s.includes('begincmap'));
    expect(maps(second)).not.toEqual(maps(first));
  });
});
