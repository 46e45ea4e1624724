// The workbooks this product writes, as SpreadsheetML (ECMA-376) parts zipped by yazl. Our layouts
// use a handful of styles known up front, so each cell is written straight as XML text: exceljs'
// streaming writer made a cell object, a style lookup and an XML tree for every cell (a finance
// summary of 2 800 claims took 110 ms, and loading the writer with its zip library 60 ms at every
// `claims run`). Text is kept in the shared-strings part, so no cell is ever a formula.
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { ZipFile } from 'yazl';

export type CellValue = string | number | Date | null;

export interface CellStyle {
  bold?: boolean;
  italic?: boolean;
  size?: number;
  /** ARGB, e.g. FF505050. */
  color?: string;
  /** A solid background, ARGB. */
  fill?: string;
  border?: 'top' | 'bottom';
  numFmt?: string;
  horizontal?: 'left' | 'right' | 'center';
  vertical?: 'bottom';
  wrapText?: boolean;
}

export interface WorkbookMeta {
  title: string;
  subject: string;
  creator: string;
  company: string;
  /** Creation and modification time written into the file (a fixed one keeps the bytes the same). */
  created: Date;
}

export interface SheetOptions {
  /** Column widths in characters, first column first. */
  widths: readonly number[];
  /** Rows 1…frozenRows stay in view. */
  frozenRows?: number;
  /** A filter on this row, over every column. */
  filterRow?: number;
  /** Landscape A4, fitted to the page width. */
  landscapePrint?: boolean;
}

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const GRAY = 'FF808080';
const DAY_MS = 86_400_000;
/** Rows of a sheet encoded together. */
const ROWS_PER_CHUNK = 512;
/** Day 0 of the 1900 date system as spreadsheets count it (serial 60 is the 29 February 1900 that never was). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
/** The number formats spreadsheets know by number; any other gets its own from 164. */
const BUILT_IN_NUMFMTS: Record<string, number> = { General: 0, '0': 1, '0.00': 2, '#,##0': 3, '#,##0.00': 4 };

// XML 1.0 forbids most control characters and lone surrogates; a cell's text may hold either (a
// rejected row quotes its input). Control characters are written as spreadsheets escape them
// (_xHHHH_, with a literal _xHHHH_ escaped in turn), lone surrogates become U+FFFD.
const NEEDS_ESCAPE = /[&<>"\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff\ufffe\uffff]|_x[0-9a-fA-F]{4}_/;
const ESCAPABLE = /[&<>"\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff][\udc00-\udfff]|[\ud800-\udfff]|_x[0-9a-fA-F]{4}_/g;
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

function escapeChar(s: string): string {
  const entity = ENTITIES[s];
  if (entity) return entity;
  if (s.length === 2 && s.charCodeAt(0) >= 0xd800 && s.charCodeAt(0) <= 0xdbff) return s; // a surrogate pair: one character
  if (s.length === 1 && s >= '\ud800' && s <= '\udfff') return '\ufffd';
  if (s.length === 1) return `_x${s.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`;
  return `_x005F_${s.slice(1)}`; // a literal _xHHHH_: its underscore escaped
}

export function xmlText(text: string): string {
  return NEEDS_ESCAPE.test(text) ? text.replace(ESCAPABLE, escapeChar) : text;
}

/** Column letters: 1 → A, 27 → AA. */
function columnName(n: number): string {
  let name = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) name = String.fromCharCode(65 + ((k - 1) % 26)) + name;
  return name;
}

/** The styles a workbook uses, each part (font, fill, border, number format) written once. */
class Styles {
  private readonly fonts = new Map<string, number>([['||11|', 0]]);
  private readonly fills = new Map<string, number>([
    ['none', 0],
    ['gray125', 1],
  ]);
  private readonly borders = new Map<string, number>([['', 0]]);
  private readonly numFmts = new Map<string, number>();
  private readonly xfs = new Map<string, number>([['0|0|0|0||', 0]]);
  private readonly byStyle = new Map<CellStyle, number>();

  /** The cell format index of a style; the same object is looked up once. */
  id(style: CellStyle | undefined): number {
    if (!style) return 0;
    const known = this.byStyle.get(style);
    if (known !== undefined) return known;
    const font = indexOf(this.fonts, `${style.bold ? 'b' : ''}|${style.italic ? 'i' : ''}|${style.size ?? 11}|${style.color ?? ''}`);
    const fill = style.fill ? indexOf(this.fills, style.fill) : 0;
    const border = style.border ? indexOf(this.borders, style.border) : 0;
    const numFmt = style.numFmt === undefined ? 0 : (BUILT_IN_NUMFMTS[style.numFmt] ?? 164 + indexOf(this.numFmts, style.numFmt));
    const align =
      style.horizontal || style.vertical || style.wrapText ? `${style.horizontal ?? ''},${style.vertical ?? ''},${style.wrapText ? 1 : ''}` : '';
    const id = indexOf(this.xfs, `${numFmt}|${font}|${fill}|${border}|${align}`);
    this.byStyle.set(style, id);
    return id;
  }

  xml(): string {
    const numFmts = [...this.numFmts.keys()].map((code, i) => `<numFmt numFmtId="${164 + i}" formatCode="${xmlText(code)}"/>`);
    const fonts = [...this.fonts.keys()].map((key) => {
      const [bold, italic, size, color] = key.split('|');
      return `<font>${bold ? '<b/>' : ''}${italic ? '<i/>' : ''}<sz val="${size}"/>${color ? `<color rgb="${color}"/>` : ''}<name val="Calibri"/><family val="2"/><scheme val="minor"/></font>`;
    });
    const fills = [...this.fills.keys()].map((key) =>
      key === 'none' || key === 'gray125'
        ? `<fill><patternFill patternType="${key}"/></fill>`
        : `<fill><patternFill patternType="solid"><fgColor rgb="${key}"/><bgColor indexed="64"/></patternFill></fill>`,
    );
    const side = (name: string, on: boolean) => (on ? `<${name} style="thin"><color rgb="${GRAY}"/></${name}>` : `<${name}/>`);
    const borders = [...this.borders.keys()].map(
      (key) =>
        `<border>${side('left', false)}${side('right', false)}${side('top', key === 'top')}${side('bottom', key === 'bottom')}<diagonal/></border>`,
    );
    const xfs = [...this.xfs.keys()].map((key) => {
      const [numFmt, font, fill, border, align] = key.split('|');
      const applied = `${numFmt !== '0' ? ' applyNumberFormat="1"' : ''}${font !== '0' ? ' applyFont="1"' : ''}${fill !== '0' ? ' applyFill="1"' : ''}${border !== '0' ? ' applyBorder="1"' : ''}`;
      const attrs = `numFmtId="${numFmt}" fontId="${font}" fillId="${fill}" borderId="${border}" xfId="0"${applied}`;
      if (!align) return `<xf ${attrs}/>`;
      const [horizontal, vertical, wrap] = align.split(',');
      const alignment = `<alignment${horizontal ? ` horizontal="${horizontal}"` : ''}${vertical ? ` vertical="${vertical}"` : ''}${wrap ? ' wrapText="1"' : ''}/>`;
      return `<xf ${attrs} applyAlignment="1">${alignment}</xf>`;
    });
    return (
      `${XML_HEAD}<styleSheet xmlns="${MAIN_NS}">` +
      (numFmts.length > 0 ? `<numFmts count="${numFmts.length}">${numFmts.join('')}</numFmts>` : '') +
      `<fonts count="${fonts.length}">${fonts.join('')}</fonts>` +
      `<fills count="${fills.length}">${fills.join('')}</fills>` +
      `<borders count="${borders.length}">${borders.join('')}</borders>` +
      '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
      `<cellXfs count="${xfs.length}">${xfs.join('')}</cellXfs>` +
      '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
      '</styleSheet>'
    );
  }
}

function indexOf(map: Map<string, number>, key: string): number {
  let i = map.get(key);
  if (i === undefined) {
    i = map.size;
    map.set(key, i);
  }
  return i;
}

/** Text cells' strings, each kept once, by first use. */
class SharedStrings {
  private readonly index = new Map<string, number>();
  count = 0;

  id(text: string): number {
    this.count++;
    return indexOf(this.index, text);
  }

  xml(): string {
    const items: string[] = [];
    for (const text of this.index.keys()) {
      const keep = text !== text.trim() || text.includes('\n') ? ' xml:space="preserve"' : '';
      items.push(`<si><t${keep}>${xmlText(text)}</t></si>`);
    }
    return `${XML_HEAD}<sst xmlns="${MAIN_NS}" count="${this.count}" uniqueCount="${items.length}">${items.join('')}</sst>`;
  }
}

export class Sheet {
  /** The rows written so far, as UTF-8 bytes (outside V8's heap: 14 000 claims are 6 MB of XML), and those not yet encoded. */
  private readonly encoded: Buffer[] = [];
  private pending: string[] = [];
  private rowCount = 0;
  private readonly columnNames: string[];
  /** The letter of the last column (A for a sheet without columns). */
  private readonly lastColumn: string;

  constructor(
    readonly name: string,
    private readonly options: SheetOptions,
    private readonly strings: SharedStrings,
    private readonly styles: Styles,
  ) {
    this.columnNames = options.widths.map((_, i) => columnName(i + 1));
    this.lastColumn = columnName(Math.max(1, options.widths.length));
  }

  /** Appends a row; `styles[i]` styles cell i (an unstyled empty cell is left out). Returns its number. */
  addRow(values: readonly CellValue[], styles: readonly (CellStyle | undefined)[] = []): number {
    const r = ++this.rowCount;
    let cells = '';
    for (let i = 0; i < Math.max(values.length, styles.length); i++) {
      const v = values[i] ?? null;
      const s = this.styles.id(styles[i]);
      if (v === null && s === 0) continue;
      const ref = `${this.columnNames[i] ?? columnName(i + 1)}${r}`;
      const sAttr = s === 0 ? '' : ` s="${s}"`;
      if (v === null) cells += `<c r="${ref}"${sAttr}/>`;
      else if (typeof v === 'string') cells += `<c r="${ref}"${sAttr} t="s"><v>${this.strings.id(v)}</v></c>`;
      else cells += `<c r="${ref}"${sAttr}><v>${numberText(typeof v === 'number' ? v : (v.getTime() - EXCEL_EPOCH_MS) / DAY_MS)}</v></c>`;
    }
    this.pending.push(cells === '' ? `<row r="${r}"/>` : `<row r="${r}">${cells}</row>`);
    if (this.pending.length === ROWS_PER_CHUNK) this.encodePending();
    return r;
  }

  private encodePending(): void {
    this.encoded.push(Buffer.from(this.pending.join(''), 'utf8'));
    this.pending = [];
  }

  /** The sheet's part. */
  bytes(): Buffer {
    this.encodePending();
    const { widths, frozenRows, filterRow, landscapePrint } = this.options;
    const pane =
      frozenRows && frozenRows > 0
        ? `<pane ySplit="${frozenRows}" topLeftCell="A${frozenRows + 1}" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A${frozenRows + 1}" sqref="A${frozenRows + 1}"/>`
        : '';
    const cols = widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join('');
    const head =
      `${XML_HEAD}<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">` +
      (landscapePrint ? '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>' : '') +
      `<sheetViews><sheetView workbookViewId="0">${pane}</sheetView></sheetViews>` +
      '<sheetFormatPr defaultRowHeight="15"/>' +
      (cols ? `<cols>${cols}</cols>` : '') +
      '<sheetData>';
    const tail =
      '</sheetData>' +
      (filterRow ? `<autoFilter ref="A${filterRow}:${this.lastColumn}${filterRow}"/>` : '') +
      '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>' +
      (landscapePrint ? '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>' : '') +
      '</worksheet>';
    return Buffer.concat([Buffer.from(head, 'utf8'), ...this.encoded, Buffer.from(tail, 'utf8')]);
  }

  /** The filter's range as a defined name needs it ('Sheet'!$A$5:$K$5), or null. */
  filterRange(): string | null {
    const row = this.options.filterRow;
    if (!row) return null;
    return `'${this.name.replace(/'/g, "''")}'!$A$${row}:$${this.lastColumn}$${row}`;
  }
}

/** A number as spreadsheets read it: plain decimal digits, never an exponent. */
function numberText(n: number): string {
  if (!Number.isFinite(n)) throw new Error('a spreadsheet cell cannot hold a non-finite number');
  const text = String(n);
  return /e/i.test(text) ? n.toFixed(20).replace(/\.?0+$/, '') : text;
}

export class Workbook {
  readonly sheets: Sheet[] = [];
  private readonly strings = new SharedStrings();
  private readonly styles = new Styles();

  constructor(private readonly meta: WorkbookMeta) {}

  /** A sheet named as spreadsheets allow (1–31 characters, none of : \\ / ? * [ ], no ' first or last); names come from the templates. */
  addSheet(name: string, options: SheetOptions): Sheet {
    if (name.length < 1 || name.length > 31 || /[:\\/?*[\]]/.test(name) || name.startsWith("'") || name.endsWith("'")) {
      throw new Error(`not a sheet name: ${name}`);
    }
    if (this.sheets.some((s) => s.name.toLowerCase() === name.toLowerCase())) throw new Error(`two sheets named ${name}`);
    const sheet = new Sheet(name, options, this.strings, this.styles);
    this.sheets.push(sheet);
    return sheet;
  }

  /** Writes the workbook to `path` (a new file). */
  async writeTo(path: string): Promise<void> {
    const zip = new ZipFile();
    // The fastest deflate: a third of the time of zlib's default for some 25% more bytes, as large as exceljs' files were.
    const options = { mtime: this.meta.created, compressionLevel: 1 };
    const add = (name: string, xml: string) => zip.addBuffer(Buffer.from(xml, 'utf8'), name, options);
    const n = this.sheets.length;
    add('[Content_Types].xml', this.contentTypes());
    add(
      '_rels/.rels',
      `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}">` +
        `<Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/>` +
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>' +
        `<Relationship Id="rId3" Type="${REL_NS}/extended-properties" Target="docProps/app.xml"/>` +
        '</Relationships>',
    );
    add('docProps/core.xml', this.coreProperties());
    add(
      'docProps/app.xml',
      `${XML_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">` +
        `<Application>${xmlText(this.meta.creator)}</Application><Company>${xmlText(this.meta.company)}</Company></Properties>`,
    );
    add('xl/workbook.xml', this.workbookXml());
    add(
      'xl/_rels/workbook.xml.rels',
      `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}">` +
        this.sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL_NS}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('') +
        `<Relationship Id="rId${n + 1}" Type="${REL_NS}/styles" Target="styles.xml"/>` +
        `<Relationship Id="rId${n + 2}" Type="${REL_NS}/sharedStrings" Target="sharedStrings.xml"/>` +
        '</Relationships>',
    );
    this.sheets.forEach((sheet, i) => zip.addBuffer(sheet.bytes(), `xl/worksheets/sheet${i + 1}.xml`, options));
    add('xl/sharedStrings.xml', this.strings.xml());
    add('xl/styles.xml', this.styles.xml());
    zip.end();
    await pipeline(zip.outputStream, createWriteStream(path, { mode: 0o600 }));
  }

  private contentTypes(): string {
    const sheet = 'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml';
    return (
      `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
      this.sheets.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="${sheet}"/>`).join('') +
      '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
      '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' +
      '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
      '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>' +
      '</Types>'
    );
  }

  private coreProperties(): string {
    const when = this.meta.created.toISOString().replace(/\.\d{3}Z$/, 'Z');
    return (
      `${XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
      'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
      `<dc:title>${xmlText(this.meta.title)}</dc:title><dc:subject>${xmlText(this.meta.subject)}</dc:subject>` +
      `<dc:creator>${xmlText(this.meta.creator)}</dc:creator><cp:lastModifiedBy>${xmlText(this.meta.creator)}</cp:lastModifiedBy>` +
      `<dcterms:created xsi:type="dcterms:W3CDTF">${when}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${when}</dcterms:modified>` +
      '</cp:coreProperties>'
    );
  }

  private workbookXml(): string {
    const sheets = this.sheets.map((s, i) => `<sheet name="${xmlText(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('');
    const filters = this.sheets
      .map((s, i) => {
        const range = s.filterRange();
        return range ? `<definedName name="_xlnm._FilterDatabase" localSheetId="${i}" hidden="1">${xmlText(range)}</definedName>` : '';
      })
      .join('');
    return (
      `${XML_HEAD}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">` +
      '<bookViews><workbookView/></bookViews>' +
      `<sheets>${sheets}</sheets>` +
      (filters ? `<definedNames>${filters}</definedNames>` : '') +
      '</workbook>'
    );
  }
}
