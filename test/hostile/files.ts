// Hostile xlsx files built by hand: a cost export whose sheet, shared strings or archive is what a
// case needs, large parts generated in pieces (nothing large is committed or held in memory).
import { writeFileSync } from 'node:fs';
import { type Deflated, type XCell, type ZipEntry, deflateChunks, workbookParts, zip } from '../helpers/xlsx-builder.js';
import { COST_HEADER, type CostValues, costRow } from './support.js';

/** A cost export sheet: the header and the rows, amounts as number cells. */
export function costSheetRows(rows: CostValues[]): XCell[][] {
  return [COST_HEADER, ...rows.map((v) => costRow(v).map((c, i) => (i === 3 ? Number(c) : c)))];
}

/** The parts of an xlsx (see xlsx-builder), with some replaced or added. */
export function xlsxEntries(rows: XCell[][], replace: Record<string, string | Deflated> = {}, extra: ZipEntry[] = []): ZipEntry[] {
  const parts = workbookParts({ sheets: [{ name: 'Kostnader', rows }] });
  const entries: ZipEntry[] = parts.map(([name, data]) => ({ name, data: replace[name] ?? data }));
  for (const [name, data] of Object.entries(replace)) if (!parts.some(([n]) => n === name)) entries.push({ name, data });
  return [...entries, ...extra];
}

export function writeZip(path: string, entries: ZipEntry[]): string {
  writeFileSync(path, zip(entries));
  return path;
}

const SHEET_OPEN =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const inline = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${esc(text)}</t></is></c>`;

/** Row XML of the header (row 1). */
export function headerRowXml(): string {
  return `<row r="1">${COST_HEADER.map((h, i) => inline(`${String.fromCharCode(65 + i)}1`, h)).join('')}</row>`;
}

/** Row XML of a valid cost row at row `r`; `cells` replaces cells by column letter with raw cell XML. */
export function costRowXml(r: number, v: CostValues = {}, cells: Record<string, string> = {}): string {
  const values = costRow(v);
  const xml = values.map((value, i) => {
    const col = String.fromCharCode(65 + i);
    if (cells[col] !== undefined) return cells[col];
    return i === 3 ? `<c r="${col}${r}"><v>${value}</v></c>` : inline(`${col}${r}`, value);
  });
  return `<row r="${r}">${xml.join('')}</row>`;
}

/** Sheet XML from row XML, with an optional dimension element. */
export function sheetXml(rowsXml: string, opts: { dimension?: string } = {}): string {
  return `${SHEET_OPEN}${opts.dimension ? `<dimension ref="${opts.dimension}"/>` : ''}<sheetData>${rowsXml}</sheetData></worksheet>`;
}

/** `total` bytes of `unit` repeated, in 1 MiB pieces. */
export function* repeated(unit: string, total: number): Generator<string> {
  const piece = unit.repeat(Math.ceil((1024 * 1024) / unit.length));
  let left = total;
  while (left > 0) {
    const n = Math.min(left, piece.length);
    yield n === piece.length ? piece : piece.slice(0, n);
    left -= n;
  }
}

/** A sheet whose row 2 holds, in column H (unit), an inline string of `bytes` bytes; row 3 is valid. */
export async function sheetWithHugeInlineCell(bytes: number): Promise<Deflated> {
  return deflateChunks(
    (function* () {
      yield `${SHEET_OPEN}<sheetData>${headerRowXml()}`;
      const row = costRowXml(2, {}, { H: '\u0000' });
      const [before, after] = row.split('\u0000') as [string, string];
      yield `${before}<c r="H2" t="inlineStr"><is><t>`;
      yield* repeated('Medicinkliniken ', bytes);
      yield `</t></is></c>${after}`;
      yield costRowXml(3, { contact: 'S-2', lineId: 'L2' });
      yield '</sheetData></worksheet>';
    })(),
  );
}

/** A shared-strings part whose item 0 is `bytes` bytes of text. */
export async function sharedStringsWithHugeItem(bytes: number): Promise<Deflated> {
  return deflateChunks(
    (function* () {
      yield '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>';
      yield* repeated('Medicinkliniken ', bytes);
      yield '</t></si></sst>';
    })(),
  );
}

/** A sheet (header, one row using shared string 0 in `column`, one valid row) for sharedStringsWithHugeItem. */
export function sheetUsingSharedString(column: 'B' | 'H'): string {
  return sheetXml(
    `${headerRowXml()}${costRowXml(2, {}, { [column]: `<c r="${column}2" t="s"><v>0</v></c>` })}${costRowXml(3, { contact: 'S-2', lineId: 'L2' })}`,
  );
}

/** A shared-strings part of about `bytes` bytes of short unique entries (`Å-000000001`, two-byte text). */
export async function sharedStringsOfShortItems(bytes: number): Promise<Deflated> {
  return deflateChunks(
    (function* () {
      yield '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">';
      let size = 0;
      let buf = '';
      for (let n = 0; size < bytes; n++) {
        const item = `<si><t>Å-${String(n).padStart(9, '0')}</t></si>`;
        buf += item;
        size += item.length + 1;
        if (buf.length > 1_000_000) {
          yield buf;
          buf = '';
        }
      }
      yield `${buf}</sst>`;
    })(),
  );
}
