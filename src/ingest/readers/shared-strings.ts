// The shared-strings table (xl/sharedStrings.xml), held while the sheets are read. exceljs kept one
// JS string (or rich-text object) per entry, some 60 bytes each with the garbage around them: 100 MiB
// of short strings came to 350 MB resident. Here entries go into blocks of 65 536 joined into one
// string with an offset table, about the characters themselves plus 4 bytes (262 MB resident).
// Rich text is kept as its joined text (all the ingest reads of it); phonetic runs (<rPh>) are
// left out, where exceljs let them overwrite the text.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
type Tag = { name: string };
const parseSax = require('exceljs/lib/utils/parse-sax.js') as (
  iterable: AsyncIterable<unknown>,
) => AsyncIterable<{ eventType: string; value: Tag | string }[]>;

const BLOCK_BITS = 16;
const BLOCK = 1 << BLOCK_BITS;

export class SharedStrings {
  private readonly blocks: string[] = [];
  private readonly offsets: Uint32Array[] = [];
  private pending: string[] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  add(text: string): void {
    this.pending.push(text);
    this.count++;
    if (this.pending.length === BLOCK) this.seal();
  }

  /** Joins the entries added since the last block into one. */
  seal(): void {
    const n = this.pending.length;
    if (n === 0) return;
    const off = new Uint32Array(n + 1);
    let p = 0;
    for (let i = 0; i < n; i++) {
      off[i] = p;
      p += this.pending[i]!.length;
    }
    off[n] = p;
    this.blocks.push(this.pending.join(''));
    this.offsets.push(off);
    this.pending = [];
  }

  /** Entry `index`; undefined outside the table. */
  get(index: number): string | undefined {
    if (!(index >= 0 && index < this.count)) return undefined;
    const b = index >>> BLOCK_BITS;
    if (b === this.blocks.length) return this.pending[index & (BLOCK - 1)];
    const off = this.offsets[b]!;
    const j = index & (BLOCK - 1);
    return this.blocks[b]!.slice(off[j]!, off[j + 1]!);
  }
}

const localName = (name: string): string => {
  const colon = name.indexOf(':');
  return colon === -1 ? name : name.slice(colon + 1);
};

/** Reads the table from its decoded XML. */
export async function readSharedStrings(xml: AsyncIterable<string>): Promise<SharedStrings> {
  const store = new SharedStrings();
  let inItem = false;
  let inText = false;
  let phonetic = 0;
  let text = '';
  for await (const events of parseSax(xml)) {
    for (const { eventType, value } of events) {
      if (eventType === 'text') {
        if (inText && phonetic === 0) text += value as string;
        continue;
      }
      const name = localName((value as Tag).name);
      if (eventType === 'opentag') {
        if (name === 'si') {
          inItem = true;
          text = '';
        } else if (name === 't') inText = inItem;
        else if (name === 'rPh') phonetic++;
      } else if (eventType === 'closetag') {
        if (name === 't') inText = false;
        else if (name === 'rPh') phonetic--;
        else if (name === 'si') {
          store.add(text);
          inItem = false;
          text = '';
        }
      }
    }
  }
  store.seal();
  return store;
}
