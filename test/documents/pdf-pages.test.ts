// src/documents/pdf/document.ts sealPage: in a long document, a page left for the next one has its
// content deflated at once, and what is drawn on it later (the footer) goes into a second content
// stream of its own; the first pages, and so every short document, keep one stream a page.
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { Canvas } from '../../src/documents/pdf/canvas.js';
import { createPdf, finishPdf } from '../../src/documents/pdf/document.js';
import { pdfPages, squash } from './pdf-tools.js';

const META = { title: 'Sidor', author: 'Region Test', subject: 'Test', asOf: '2026-01-15' } as const;

async function pages(count: number): Promise<Buffer> {
  const doc = createPdf(META);
  const c = new Canvas(doc, 'portrait');
  for (let i = 1; i <= count; i++) {
    if (i > 1) c.newPage();
    c.text(`Sidans text ${i}`, c.left, c.y, { size: 10 });
  }
  c.footers('Sidfot');
  return finishPdf(doc);
}

/** Each page object's /Contents: one reference, or the references of an array. */
function contentsOfPages(pdf: Buffer): string[][] {
  const text = pdf.toString('latin1');
  return [...text.matchAll(/\/Type \/Page\b[^]*?\/Contents (\[[^\]]*\]|\d+ 0 R)/g)].map((m) => m[1]!.match(/\d+ 0 R/g)!);
}

function streamOf(pdf: Buffer, ref: string): string {
  const text = pdf.toString('latin1');
  const at = text.indexOf(`\n${ref.replace(' R', ' obj')}`);
  const start = text.indexOf('stream\n', at) + 'stream\n'.length;
  const end = text.indexOf('\nendstream', start);
  return inflateSync(pdf.subarray(start, end)).toString('latin1');
}

describe('pages of a document', () => {
  it('each page shows its own text and its footer, in order', async () => {
    const read = pdfPages(await pages(6), { layout: true }).map(squash);
    expect(read).toHaveLength(6);
    read.forEach((p, i) => {
      expect(p).toContain(`Sidans text ${i + 1}`);
      expect(p).toContain(`Sida ${i + 1} av 6`);
      expect(p.indexOf(`Sidans text ${i + 1}`)).toBeLessThan(p.indexOf('Sidfot'));
      for (let j = 1; j <= 6; j++) if (j !== i + 1) expect(p).not.toContain(`Sidans text ${j}`);
    });
  });

  it('a page after the third, left for the next, has its drawing in one deflated stream and its footer in another', async () => {
    const pdf = await pages(6);
    const contents = contentsOfPages(pdf);
    expect(contents.map((c) => c.length)).toEqual([1, 1, 1, 2, 2, 1]);
    const [body, footer] = contents[3]!.map((ref) => streamOf(pdf, ref));
    // The page's coordinate flip and its text are in the first stream, the footer in the second.
    expect(body).toMatch(/^1 0 0 -1 0 [\d.]+ cm/);
    expect(body).toContain('TJ');
    expect(footer).toContain('TJ');
    expect(footer).not.toMatch(/^1 0 0 -1 0 [\d.]+ cm/);
  });

  it('a short document keeps one content stream a page', async () => {
    expect(contentsOfPages(await pages(1)).map((c) => c.length)).toEqual([1]);
    expect(contentsOfPages(await pages(3)).map((c) => c.length)).toEqual([1, 1, 1]);
  });
});
