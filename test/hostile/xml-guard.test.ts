// The XML guard in front of the xlsx parser, chunk by chunk: whatever it refuses is refused however
// the stream happens to be cut, and what spreadsheets write passes.
import { describe, expect, it } from 'vitest';
import { UnreadableFileError } from '../../src/ingest/readers/errors.js';
import { XmlGuard, lastTag } from '../../src/ingest/readers/xml-guard.js';

const MIB = 1024 * 1024;

function feed(chunks: Iterable<string>, item?: 'row' | 'si'): Error | null {
  const g = new XmlGuard({ label: 'ett kalkylblad', item });
  try {
    for (const c of chunks) g.check(c);
    return null;
  } catch (err) {
    return err as Error;
  }
}

/** The text in pieces of `size` characters. */
function* cut(text: string, size: number): Generator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

function* repeatedPieces(head: string, unit: string, total: number, tail: string): Generator<string> {
  yield head;
  const piece = unit.repeat(Math.ceil(16_384 / unit.length));
  for (let n = 0; n < total; n += piece.length) yield piece;
  yield tail;
}

const ROW = (r: number) => `<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>Medicinkliniken</t></is></c><c r="B${r}"><v>1234.5</v></c></row>`;
const SHEET = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<!-- skapad av ett program --><worksheet xmlns="x"><sheetData>${Array.from({ length: 2000 }, (_, i) => ROW(i + 1)).join('')}</sheetData><hyperlinks/></worksheet>`;

describe('XmlGuard', () => {
  it('passes a sheet cut anywhere', () => {
    for (const size of [1, 2, 3, 7, 16, 100, 4096, 65_536]) expect(feed(cut(SHEET, size), 'row'), `pieces of ${size}`).toBeNull();
  });

  it('refuses a DOCTYPE or ENTITY however the stream is cut', () => {
    const xml = '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY b "c">]><a>&b;</a>';
    for (const size of [1, 2, 5, 9, 10, 64]) {
      const err = feed(cut(xml, size));
      expect(err, `pieces of ${size}`).toBeInstanceOf(UnreadableFileError);
      expect(err!.message).toMatch(/DOCTYPE/);
    }
    expect(feed(['<a><!ENT', 'ITY x "y"></a>'])!.message).toMatch(/DOCTYPE/);
  });

  it('refuses a value over 4 MiB, not one under it', () => {
    expect(feed(repeatedPieces('<a><t>', 'x', 4 * MIB + 10, '</t></a>'))!.message).toMatch(/ett värde .* större än 4 MiB/);
    expect(feed(repeatedPieces('<a><t>', 'x', 3 * MIB, '</t></a>'))).toBeNull();
    // An attribute value is a value too.
    expect(feed(repeatedPieces('<a><c r="', 'x', 5 * MIB, '"/></a>'))).toBeInstanceOf(UnreadableFileError);
  });

  it('refuses a comment, CDATA section or instruction over 4 MiB, `<` in it or not', () => {
    for (const [open, close] of [
      ['<!--', '-->'],
      ['<![CDATA[', ']]>'],
      ['<?x ', '?>'],
    ] as const) {
      expect(feed(repeatedPieces(`<a>${open}`, '<b>', 5 * MIB, `${close}</a>`))!.message, open).toMatch(/XML-block/);
      expect(feed(repeatedPieces(`<a>${open}`, '<b>', MIB, `${close}</a>`)), open).toBeNull();
    }
    // The end marker split over chunks ends the block.
    expect(feed(['<a><!-- x -', '-><b>', 'y</b></a>'])).toBeNull();
  });

  it('refuses a row over 4 MiB made of many small cells, naming its number', () => {
    const err = feed(repeatedPieces('<worksheet><sheetData><row r="7">', '<c><v>1</v></c>', 5 * MIB, '</row></sheetData></worksheet>'), 'row');
    expect(err!.message).toMatch(/en rad i ett kalkylblad \(nära rad 7\) är större än 4 MiB/);
    // The same content under namespace prefixes.
    expect(
      feed(
        repeatedPieces('<x:worksheet><x:sheetData><x:row r="7">', '<x:c><x:v>1</x:v></x:c>', 5 * MIB, '</x:row></x:sheetData></x:worksheet>'),
        'row',
      ),
    ).toBeInstanceOf(UnreadableFileError);
  });

  it('does not count what follows a self-closing last row as part of it', () => {
    expect(
      feed(
        repeatedPieces(
          '<worksheet><sheetData><row r="1"/></sheetData><hyperlinks>',
          '<hyperlink ref="A1" r:id="rId1"/>',
          5 * MIB,
          '</hyperlinks></worksheet>',
        ),
        'row',
      ),
    ).toBeNull();
  });

  it('refuses a shared string over 4 MiB made of rich-text runs', () => {
    const err = feed(repeatedPieces('<sst><si>', '<r><t>ab</t></r>', 5 * MIB, '</si></sst>'), 'si');
    expect(err!.message).toMatch(/en text i ett kalkylblad är större än 4 MiB/);
    expect(feed(repeatedPieces('<sst>', '<si><t>Medicinkliniken</t></si>', 10 * MIB, '</sst>'), 'si')).toBeNull();
  });

  it('lastTag finds start and end tags under any prefix, not text that looks like them', () => {
    expect(lastTag('<row r="1"><c/></row>', 'row')).toEqual({ at: 17, open: false });
    expect(lastTag('<x:row r="1">', 'row')).toEqual({ at: 3, open: true });
    expect(lastTag('<row r="2"/>', 'row')).toEqual({ at: 1, open: false });
    expect(lastTag('<t>Arrow> row></t>', 'row')).toBeNull();
    expect(lastTag('<rowBreaks/>', 'row')).toBeNull();
  });
});
