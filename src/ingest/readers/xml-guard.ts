// Watches an xlsx part's XML as it streams past, before the XML parser (saxes, under exceljs) sees
// it, and stops the file at the first thing that would cost unbounded memory or is never in a
// spreadsheet: a DOCTYPE or entity declaration (entity expansion, external entities), a value (text
// or attribute, counted as the characters since the last `<`) over MAX_ROW_BYTES, one item (a sheet
// row, a shared string) over MAX_ROW_BYTES, or a comment, CDATA section or processing instruction
// over it (saxes collects those whole, `<` and all). Plain chunks take a fast path of a few
// indexOf calls (about 1 s per GB of XML); only chunks holding `<!` or `<?` are scanned closely.
import { MAX_ROW_BYTES, sizeText } from '../limits.js';
import { printable } from '../../util/printable.js';
import { UnreadableFileError } from './errors.js';

const LT = 60;
const GT = 62;
const SLASH = 47;
const COLON = 58;

function isNameChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45 || c === 46;
}

function isTagNameEnd(c: number): boolean {
  return c === 32 || c === GT || c === SLASH || c === 9 || c === 10 || c === 13;
}

interface Boundary {
  /** Index of the element name in the text. */
  at: number;
  /** An open tag that is not self-closing: an item starts there. */
  open: boolean;
}

/** The last start or end tag of element `name` (any namespace prefix) in `text`. */
export function lastTag(text: string, name: string): Boundary | null {
  for (let i = text.lastIndexOf(name); i > 0; i = i > 1 ? text.lastIndexOf(name, i - 1) : -1) {
    if (!isTagNameEnd(text.charCodeAt(i + name.length))) continue;
    let j = i - 1;
    if (text.charCodeAt(j) === COLON) {
      j--;
      while (j >= 0 && isNameChar(text.charCodeAt(j))) j--;
    }
    const close = text.charCodeAt(j) === SLASH;
    if (close) j--;
    if (text.charCodeAt(j) !== LT) continue;
    if (close) return { at: i, open: false };
    const gt = text.indexOf('>', i);
    return { at: i, open: !(gt !== -1 && text.charCodeAt(gt - 1) === SLASH) };
  }
  return null;
}

/** Whether the text holds `<!` or `<?` (single-character searches: several times faster than searching for the pair). */
function hasMarkup(text: string): boolean {
  for (let i = text.indexOf('!'); i !== -1; i = text.indexOf('!', i + 1)) if (i > 0 && text.charCodeAt(i - 1) === LT) return true;
  for (let i = text.indexOf('?'); i !== -1; i = text.indexOf('?', i + 1)) if (i > 0 && text.charCodeAt(i - 1) === LT) return true;
  return false;
}

type Special = { end: string; size: number };

const SPECIALS: [string, string][] = [
  ['<!--', '-->'],
  ['<![CDATA[', ']]>'],
  ['<?', '?>'],
];

export interface XmlGuardOptions {
  /** What the part is, in Swedish, for messages ("ett kalkylblad", "de delade texterna (sharedStrings.xml)"). */
  label: string;
  /** The element whose every instance is bounded: `row` in a sheet, `si` in the shared strings. */
  item?: 'row' | 'si';
}

export class XmlGuard {
  /** Characters since the last `<` (the value being read). */
  private run = 0;
  private inItem = false;
  private itemChars = 0;
  /** Number of the sheet row being read, from its `r` attribute, for messages. */
  private rowNumber: string | null = null;
  private special: Special | null = null;
  /** Unclassified characters at the end of the last chunk (a `<` that may start `<!` or `<?`). */
  private carry = '';

  constructor(private readonly opts: XmlGuardOptions) {}

  private where(): string {
    return this.opts.item === 'row' && this.rowNumber ? `${this.opts.label} (nära rad ${printable(this.rowNumber)})` : this.opts.label;
  }

  private tooBig(what: string): UnreadableFileError {
    return new UnreadableFileError(`${what} i ${this.where()} är större än ${sizeText(MAX_ROW_BYTES)}, gränsen för en rad; filen läses inte`);
  }

  /** Checks the next decoded chunk of the part; throws UnreadableFileError at the first problem. */
  check(chunk: string): void {
    let text = this.carry === '' ? chunk : this.carry + chunk;
    this.carry = '';
    if (this.special === null && !hasMarkup(text)) {
      if (text.charCodeAt(text.length - 1) === LT) {
        this.carry = '<';
        text = text.slice(0, -1);
      }
      this.plain(text);
      return;
    }
    this.scan(text);
  }

  /** Text with no comment, CDATA, processing instruction or declaration in it. */
  private plain(text: string): void {
    const first = text.indexOf('<');
    if (first === -1) {
      this.run += text.length;
    } else {
      if (this.run + first > MAX_ROW_BYTES) throw this.tooBig('ett värde');
      // Chunks are far smaller than the limit; a larger one is walked value by value.
      if (text.length > MAX_ROW_BYTES) {
        for (let lt = first, next = text.indexOf('<', first + 1); next !== -1; lt = next, next = text.indexOf('<', next + 1)) {
          if (next - lt - 1 > MAX_ROW_BYTES) throw this.tooBig('ett värde');
        }
      }
      this.run = text.length - text.lastIndexOf('<') - 1;
    }
    if (this.run > MAX_ROW_BYTES) throw this.tooBig('ett värde');
    if (this.opts.item) this.items(text);
  }

  private items(text: string): void {
    const b = lastTag(text, this.opts.item!);
    if (b === null) {
      if (this.inItem) this.itemChars += text.length;
    } else {
      if (this.inItem && this.itemChars + b.at > MAX_ROW_BYTES) throw this.tooBig(this.itemWhat());
      this.inItem = b.open;
      this.itemChars = b.open ? text.length - b.at : 0;
      if (b.open && this.opts.item === 'row') {
        const tag = text.slice(b.at, text.indexOf('>', b.at) === -1 ? undefined : text.indexOf('>', b.at));
        this.rowNumber = tag.match(/\sr\s*=\s*["'](\d{1,12})["']/)?.[1] ?? this.rowNumber;
      }
    }
    if (this.inItem && this.itemChars > MAX_ROW_BYTES) throw this.tooBig(this.itemWhat());
  }

  private itemWhat(): string {
    return this.opts.item === 'row' ? 'en rad' : 'en text';
  }

  /** A chunk with `<!` or `<?` in it, or inside a comment, CDATA section or instruction. */
  private scan(text: string): void {
    let pos = 0;
    while (pos < text.length) {
      if (this.special !== null) {
        const { end } = this.special;
        const k = text.indexOf(end, pos);
        if (k === -1) {
          // The end marker may be split over chunks: keep its possible start for the next one.
          const keep = Math.min(end.length - 1, text.length - pos);
          this.special.size += text.length - pos - keep;
          if (this.special.size > MAX_ROW_BYTES) throw this.tooBig('ett XML-block (kommentar, CDATA eller instruktion)');
          this.carry = text.slice(text.length - keep);
          return;
        }
        this.special.size += k + end.length - pos;
        if (this.special.size > MAX_ROW_BYTES) throw this.tooBig('ett XML-block (kommentar, CDATA eller instruktion)');
        this.special = null;
        pos = k + end.length;
        this.run = 0;
        continue;
      }
      const bang = text.indexOf('<!', pos);
      const query = text.indexOf('<?', pos);
      const next = bang === -1 ? query : query === -1 ? bang : Math.min(bang, query);
      if (next === -1) {
        let rest = text.slice(pos);
        if (rest.charCodeAt(rest.length - 1) === LT) {
          this.carry = '<';
          rest = rest.slice(0, -1);
        }
        this.plain(rest);
        return;
      }
      this.plain(text.slice(pos, next));
      const head = text.slice(next, next + 9);
      if (head.length < 9 && text.length - next < 9) {
        // Too little left to tell what starts here: decide with the next chunk.
        this.carry = text.slice(next);
        return;
      }
      if (head.startsWith('<!DOCTYPE') || head.startsWith('<!ENTITY')) {
        throw new UnreadableFileError(
          `xlsx-filen innehåller en dokumenttypsdeklaration (DOCTYPE eller ENTITY) i ${this.opts.label}; ett kalkylark har aldrig någon, och den kan användas för att angripa den som läser filen`,
        );
      }
      const special = SPECIALS.find(([start]) => head.startsWith(start));
      if (!special) {
        // Any other `<!…` is malformed: the XML parser reports it.
        this.plain(text.slice(next, next + 2));
        pos = next + 2;
        continue;
      }
      this.special = { end: special[1], size: 0 };
      pos = next + special[0].length;
    }
  }
}
