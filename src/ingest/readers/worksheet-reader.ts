// exceljs 4.4.0's streaming WorksheetReader with its parse() rewritten (same events, same Row and
// Cell objects) where the stock one reads a sheet wrongly:
// - a number cell (or a formula's cached number) is read with parseFloat, so `12a` became 12: the
//   text must be exactly a number, else the cell is handed over as NOT_A_NUMBER and its row is
//   rejected;
// - a shared-string index outside the table read as an empty cell: now a bad cell too (and the
//   table is the compact one of shared-strings.ts);
// - a row or cell without its optional `r` attribute crashed or got NaN: it is the next one, as
//   spreadsheets read it;
// - a cell reference beyond column XFD threw a library error: now a Swedish reason.
// Hyperlinks, which the ingest never reads, are not parsed; dimensions are not tracked.
// (The parse loop follows exceljs, MIT licence, © Guyon Roche.)
import { createRequire } from 'node:module';
import { UnreadableFileError } from './errors.js';
import type { SharedStrings } from './shared-strings.js';

const require = createRequire(import.meta.url);

interface SaxEvent {
  eventType: 'opentag' | 'text' | 'closetag';
  value: { name: string; attributes: Record<string, string | undefined> } | string;
}
type Tag = { name: string; attributes: Record<string, string | undefined> };

const parseSax = require('exceljs/lib/utils/parse-sax.js') as (iterable: AsyncIterable<unknown>) => AsyncIterable<SaxEvent[]>;
const utils = require('exceljs/lib/utils/utils.js') as {
  xmlDecode(s: string): string;
  isDateFmt(fmt: unknown): boolean;
  excelToDate(n: number, date1904?: boolean): Date;
};
const Row = require('exceljs/lib/doc/row.js') as new (worksheet: unknown, number: number) => ExcelRow;
const Column = require('exceljs/lib/doc/column.js') as { fromModel(cols: unknown[]): unknown };
const BaseWorksheetReader = require('exceljs/lib/stream/xlsx/worksheet-reader.js') as new (opts: unknown) => {
  workbook: WorkbookLike;
  iterator: AsyncIterable<unknown>;
  _columns: unknown;
};

interface ExcelRow {
  height?: number;
  style?: unknown;
  getCell(col: number): { style?: unknown; numFmt?: unknown; value: unknown };
}

interface WorkbookLike {
  sharedStrings?: SharedStrings;
  styles: { getStyleModel(id: number): unknown };
  properties?: { model?: { date1904?: boolean } };
}

/** What a number cell holding no number is handed over as (values.ts turns it into a rejected cell). */
export interface NotANumber {
  notANumber: string;
}

/** What a cell pointing at a shared string that is not there is handed over as. */
export interface MissingSharedString {
  missingSharedString: number;
}

// xsd:double as spreadsheets write it: optional sign, digits with an optional fraction, an optional exponent.
const NUMBER = /^\s*[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?\s*$/;

/** A number cell's text → its number; null when empty; NotANumber when it holds no number. */
function strictNumber(text: string): number | null | NotANumber {
  if (NUMBER.test(text)) return Number(text);
  if (text.trim() === '') return null;
  return { notANumber: text.length > 64 ? `${text.slice(0, 64)}…` : text };
}

const MAX_ROW = 1_048_576;
const MAX_COLUMN = 16_384;

const beyondSheet = () =>
  new UnreadableFileError('xlsx-filen är skadad: en cell ligger utanför kalkylbladets största storlek (kolumn XFD, rad 1 048 576)');
const badReference = () => new UnreadableFileError('xlsx-filen är skadad: en cell har en ogiltig referens');

/** The column of a cell reference such as `B12` or `$B$12` (read by hand: it runs for every cell). */
function columnOf(ref: string): number {
  let i = ref.charCodeAt(0) === 36 ? 1 : 0;
  let col = 0;
  for (; i < ref.length; i++) {
    let c = ref.charCodeAt(i);
    if (c >= 97 && c <= 122) c -= 32;
    if (c < 65 || c > 90) break;
    col = col * 26 + (c - 64);
    if (col > MAX_COLUMN) throw beyondSheet();
  }
  if (col === 0) throw badReference();
  if (ref.charCodeAt(i) === 36) i++;
  if (i === ref.length) throw badReference();
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c < 48 || c > 57) throw badReference();
  }
  return col;
}

export class StrictWorksheetReader extends BaseWorksheetReader {
  async *parse(): AsyncGenerator<{ eventType: 'row'; value: ExcelRow }[]> {
    const { sharedStrings, styles, properties } = this.workbook;
    const date1904 = properties?.model?.date1904;
    let inCols = false;
    let inRows = false;
    let cols: { min: number; max: number; width: number; styleId: number }[] | null = null;
    let row: ExcelRow | null = null;
    let rowNumber = 0;
    let lastColumn = 0;
    let c: { ref: string | undefined; s: number; t: string | undefined; f?: { text: string }; v?: { text: string } } | null = null;
    let current: { text: string } | null = null;
    for await (const events of parseSax(this.iterator)) {
      const rows: { eventType: 'row'; value: ExcelRow }[] = [];
      for (const { eventType, value } of events) {
        if (eventType === 'opentag') {
          const node = value as Tag;
          switch (node.name) {
            case 'cols':
              inCols = true;
              cols = [];
              break;
            case 'sheetData':
              inRows = true;
              break;
            case 'col':
              if (inCols) {
                cols!.push({
                  min: parseInt(node.attributes.min ?? '', 10),
                  max: parseInt(node.attributes.max ?? '', 10),
                  width: parseFloat(node.attributes.width ?? ''),
                  styleId: parseInt(node.attributes.style || '0', 10),
                });
              }
              break;
            case 'row':
              if (inRows) {
                const r = node.attributes.r;
                rowNumber = r === undefined ? rowNumber + 1 : parseInt(r, 10);
                if (!(rowNumber >= 1 && rowNumber <= MAX_ROW)) throw beyondSheet();
                lastColumn = 0;
                row = new Row(this, rowNumber);
                if (node.attributes.ht) row.height = parseFloat(node.attributes.ht);
                if (node.attributes.s) {
                  const style = styles.getStyleModel(parseInt(node.attributes.s, 10));
                  if (style) row.style = style;
                }
              }
              break;
            case 'c':
              if (row) c = { ref: node.attributes.r, s: parseInt(node.attributes.s ?? '', 10), t: node.attributes.t };
              break;
            case 'f':
              if (c) current = c.f = { text: '' };
              break;
            case 'v':
            case 'is':
            case 't':
              if (c) current = c.v = { text: '' };
              break;
            default:
              break;
          }
        } else if (eventType === 'text') {
          if (current) current.text += value as string;
        } else if (eventType === 'closetag') {
          const node = value as Tag;
          switch (node.name) {
            case 'cols':
              inCols = false;
              this._columns = Column.fromModel(cols!);
              break;
            case 'sheetData':
              inRows = false;
              break;
            case 'row':
              if (row) rows.push({ eventType: 'row', value: row });
              row = null;
              break;
            case 'c':
              if (row && c) {
                const col = c.ref === undefined ? lastColumn + 1 : columnOf(c.ref);
                if (col > MAX_COLUMN) throw beyondSheet();
                lastColumn = col;
                const cell = row.getCell(col);
                if (c.s) {
                  const style = styles.getStyleModel(c.s);
                  if (style) cell.style = style;
                }
                if (c.f) {
                  if (!c.v) cell.value = { formula: c.f.text };
                  else if (c.t === 'str') cell.value = { formula: c.f.text, result: utils.xmlDecode(c.v.text) };
                  else {
                    const n = strictNumber(c.v.text);
                    cell.value = typeof n === 'number' ? { formula: c.f.text, result: n } : n === null ? { formula: c.f.text } : n;
                  }
                } else if (c.v) {
                  switch (c.t) {
                    case 's': {
                      const index = parseInt(c.v.text, 10);
                      const shared = sharedStrings?.get(index);
                      cell.value = shared === undefined ? ({ missingSharedString: index } satisfies MissingSharedString) : shared;
                      break;
                    }
                    case 'inlineStr':
                    case 'str':
                      cell.value = utils.xmlDecode(c.v.text);
                      break;
                    case 'e':
                      cell.value = { error: c.v.text };
                      break;
                    case 'b':
                      cell.value = parseInt(c.v.text, 10) !== 0;
                      break;
                    default: {
                      const n = strictNumber(c.v.text);
                      cell.value = typeof n === 'number' && utils.isDateFmt(cell.numFmt) ? utils.excelToDate(n, date1904) : n;
                      break;
                    }
                  }
                }
                c = null;
                current = null;
              }
              break;
            default:
              break;
          }
        }
      }
      if (rows.length > 0) yield rows;
    }
  }
}
