// Hand-built xlsx files for reader tests: the parts other writers produce that exceljs's own writer
// never does (inline strings, inline rich text, shared rich text, cached formula results, error
// cells, ISO date cells, the 1904 date system spelled "1" or "true", sheets in any order), zipped
// with node:zlib. Also a way to lie in the zip directory (declared sizes) for zip-bomb tests.
import { crc32, deflateRawSync } from 'node:zlib';

export type XCell =
  | string // inline string
  | number // number without style
  | null
  | { date: number } // a serial number with a date format (style 1)
  | { shared: string }
  | { sharedRich: string[] }
  | { rich: string[] } // inline rich text
  | { formula: string; result: number | string }
  | { error: string }
  | { isoDate: string } // t="d"
  | { bool: boolean };

export interface XSheet {
  name: string;
  rows: XCell[][];
  /** Row number of the first row (default 1). */
  firstRow?: number;
}

export interface XWorkbook {
  sheets: XSheet[];
  date1904?: '1' | 'true';
  /** Put the sheets before sharedStrings.xml and workbook.xml in the archive (streaming writers do). */
  sheetsFirst?: boolean;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function columnName(i: number): string {
  let n = i + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export function workbookParts(wb: XWorkbook): [string, string][] {
  const shared: string[] = [];
  const sharedIndex = (xml: string) => {
    shared.push(xml);
    return shared.length - 1;
  };
  const sheetXml = wb.sheets.map((sheet) => {
    const first = sheet.firstRow ?? 1;
    const rows = sheet.rows
      .map((cells, r) => {
        const rn = first + r;
        const cs = cells
          .map((c, i) => {
            const ref = `${columnName(i)}${rn}`;
            if (c === null) return '';
            if (typeof c === 'string') return `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${esc(c)}</t></is></c>`;
            if (typeof c === 'number') return `<c r="${ref}"><v>${c}</v></c>`;
            if ('date' in c) return `<c r="${ref}" s="1"><v>${c.date}</v></c>`;
            if ('shared' in c) return `<c r="${ref}" t="s"><v>${sharedIndex(`<t xml:space="preserve">${esc(c.shared)}</t>`)}</v></c>`;
            if ('sharedRich' in c) {
              const runs = c.sharedRich.map((t, k) => `<r>${k % 2 ? '<rPr><b/></rPr>' : ''}<t xml:space="preserve">${esc(t)}</t></r>`).join('');
              return `<c r="${ref}" t="s"><v>${sharedIndex(runs)}</v></c>`;
            }
            if ('rich' in c) {
              const runs = c.rich.map((t, k) => `<r>${k % 2 ? '<rPr><i/></rPr>' : ''}<t xml:space="preserve">${esc(t)}</t></r>`).join('');
              return `<c r="${ref}" t="inlineStr"><is>${runs}</is></c>`;
            }
            if ('formula' in c) {
              return typeof c.result === 'number'
                ? `<c r="${ref}"><f>${esc(c.formula)}</f><v>${c.result}</v></c>`
                : `<c r="${ref}" t="str"><f>${esc(c.formula)}</f><v>${esc(c.result)}</v></c>`;
            }
            if ('error' in c) return `<c r="${ref}" t="e"><v>${esc(c.error)}</v></c>`;
            if ('isoDate' in c) return `<c r="${ref}" t="d"><v>${c.isoDate}</v></c>`;
            return `<c r="${ref}" t="b"><v>${c.bool ? 1 : 0}</v></c>`;
          })
          .join('');
        return `<row r="${rn}">${cs}</row>`;
      })
      .join('');
    return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows}</sheetData></worksheet>`;
  });
  const sheetsList = wb.sheets.map((s, i) => `<sheet name="${esc(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('');
  const workbook = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><workbookPr${wb.date1904 ? ` date1904="${wb.date1904}"` : ''}/><sheets>${sheetsList}</sheets></workbook>`;
  const rels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${wb.sheets
    .map(
      (_, i) =>
        `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
    )
    .join('')}<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>${
    shared.length
      ? '<Relationship Id="rIdT" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
      : ''
  }</Relationships>`;
  const styles = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/></numFmts><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>`;
  const sst = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${shared.length}" uniqueCount="${shared.length}">${shared.map((x) => `<si>${x}</si>`).join('')}</sst>`;
  const contentTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${wb.sheets
    .map(
      (_, i) =>
        `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
    )
    .join('')}</Types>`;
  const rootRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
  const head: [string, string][] = [
    ['[Content_Types].xml', contentTypes],
    ['_rels/.rels', rootRels],
  ];
  const book: [string, string][] = [
    ['xl/workbook.xml', workbook],
    ['xl/_rels/workbook.xml.rels', rels],
    ['xl/styles.xml', styles],
    ...(shared.length ? ([['xl/sharedStrings.xml', sst]] as [string, string][]) : []),
  ];
  const sheets = sheetXml.map((x, i) => [`xl/worksheets/sheet${i + 1}.xml`, x] as [string, string]);
  return wb.sheetsFirst ? [...head, ...sheets, ...book] : [...head, ...book, ...sheets];
}

export interface ZipEntry {
  name: string;
  /** Content, deflated here; or already deflated (large generated parts, see deflateChunks). */
  data: Buffer | string | Deflated;
  /** Uncompressed size to declare in the central directory instead of the real one. */
  declaredSize?: number;
  /** General-purpose flags in the central directory (bit 0: encrypted). */
  flags?: number;
}

export interface Deflated {
  deflated: Buffer;
  crc: number;
  size: number;
}

/** Content given in pieces (hundreds of MB without holding them), deflated as one entry. */
export async function deflateChunks(chunks: Iterable<string | Buffer>): Promise<Deflated> {
  const { createDeflateRaw, crc32: crc } = await import('node:zlib');
  const deflate = createDeflateRaw({ level: 1 });
  const out: Buffer[] = [];
  deflate.on('data', (b: Buffer) => out.push(b));
  const done = new Promise<void>((resolve, reject) => deflate.on('end', resolve).on('error', reject));
  let sum = 0;
  let size = 0;
  for (const c of chunks) {
    const b = typeof c === 'string' ? Buffer.from(c, 'utf8') : c;
    sum = crc(b, sum);
    size += b.length;
    if (!deflate.write(b)) await new Promise((resolve) => deflate.once('drain', resolve));
  }
  deflate.end();
  await done;
  return { deflated: Buffer.concat(out), crc: sum, size };
}

/** A zip archive (deflate), entries in the order given. */
export function zip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    let compressed: Buffer;
    let crc: number;
    let size: number;
    if (typeof e.data === 'object' && 'deflated' in e.data) {
      ({ deflated: compressed, crc, size } = e.data);
    } else {
      const data = typeof e.data === 'string' ? Buffer.from(e.data, 'utf8') : e.data;
      compressed = deflateRawSync(data);
      crc = crc32(data);
      size = data.length;
    }
    const name = Buffer.from(e.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, compressed);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800 | (e.flags ?? 0), 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(e.declaredSize ?? size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + compressed.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

export function buildXlsx(wb: XWorkbook, declared: Record<string, number> = {}): Buffer {
  return zip(workbookParts(wb).map(([name, data]) => ({ name, data, declaredSize: declared[name] })));
}
