// Hostile xlsx archives: XML entity expansion and external entities, path traversal names, an
// encrypted workbook (OLE) and an encrypted zip entry, declared sizes that lie, oversized parts.
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REGISTER, claimsRun, expectRan, expectUnreadable, scratch, storedFiles } from './support.js';
import { costRowXml, costSheetRows, headerRowXml, repeated, sheetXml, writeZip, xlsxEntries } from './files.js';
import { buildXlsx, deflateChunks } from '../helpers/xlsx-builder.js';

const LAUGHS = `<!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('')}]>`;
const SST_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const SST_OPEN = '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">';

describe('hostile xlsx archives: XML', () => {
  it('entity expansion (billion laughs) in the shared strings: unreadable at once', async () => {
    const dir = scratch();
    const sst = `${SST_HEAD}${LAUGHS}${SST_OPEN}<si><t>&lol9;</t></si></sst>`;
    const sheet = sheetXml(`${headerRowXml()}${costRowXml(2, {}, { H: '<c r="H2" t="s"><v>0</v></c>' })}`);
    const file = writeZip(
      join(dir, 'laughs.xlsx'),
      xlsxEntries(costSheetRows([]), { 'xl/worksheets/sheet1.xml': sheet, 'xl/sharedStrings.xml': sst }),
    );
    expectUnreadable(await claimsRun('xlsx billion laughs', [REGISTER, file]), file, /DOCTYPE/);
  });

  it('an external entity in the sheet XML: unreadable, nothing fetched', async () => {
    const dir = scratch();
    const secret = join(dir, 'secret.txt');
    writeFileSync(secret, 'hemligt');
    const sheet = sheetXml(`${headerRowXml()}${costRowXml(2, {}, { H: '<c r="H2" t="inlineStr"><is><t>&xxe;</t></is></c>' })}`).replace(
      '<worksheet',
      `<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file://${secret}">]><worksheet`,
    );
    const file = writeZip(join(dir, 'xxe.xlsx'), xlsxEntries(costSheetRows([]), { 'xl/worksheets/sheet1.xml': sheet }));
    const o = await claimsRun('xlsx external entity', [REGISTER, file]);
    expectUnreadable(o, file, /DOCTYPE/);
    expect(o.stdout + o.stderr).not.toContain('hemligt');
  });

  it('a DOCTYPE in workbook.xml or styles.xml is refused too', async () => {
    for (const part of ['xl/workbook.xml', 'xl/styles.xml']) {
      const dir = scratch();
      const entries = xlsxEntries(costSheetRows([{}]));
      const e = entries.find((x) => x.name === part)!;
      e.data = String(e.data).replace('?>\n', `?>\n${LAUGHS}`);
      const file = writeZip(join(dir, 'doctype.xlsx'), entries);
      expectUnreadable(await claimsRun(`xlsx DOCTYPE in ${part}`, [REGISTER, file]), file, /DOCTYPE/);
    }
  });
});

describe('hostile xlsx archives: names, encryption, sizes', () => {
  it('path traversal names inside the zip (../../x, /etc/x): unreadable, nothing written outside', async () => {
    for (const name of ['../../x', '/tmp/claims-hostile-x', 'xl/../../x', '..\\..\\x']) {
      const dir = scratch();
      const file = writeZip(join(dir, 'traversal.xlsx'), [...xlsxEntries(costSheetRows([{}])), { name, data: 'x' }]);
      expectUnreadable(await claimsRun(`xlsx entry named ${name}`, [REGISTER, file]), file, /sökväg/);
      expect(existsSync(join(dirname(dir), 'x'))).toBe(false);
      expect(existsSync('/tmp/claims-hostile-x')).toBe(false);
    }
  });

  it('an encrypted workbook (an OLE compound file, as Excel saves one with a password): unreadable', async () => {
    const dir = scratch();
    const ole = Buffer.alloc(4096);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(ole);
    ole.write('EncryptedPackage', 512, 'utf16le');
    const file = join(dir, 'krypterad.xlsx');
    writeFileSync(file, ole);
    expectUnreadable(await claimsRun('xlsx encrypted (OLE)', [REGISTER, file]), file, /lösenord/);
  });

  it('a zip entry marked encrypted: unreadable', async () => {
    const dir = scratch();
    const entries = xlsxEntries(costSheetRows([{}])).map((e) => (e.name === 'xl/worksheets/sheet1.xml' ? { ...e, flags: 1 } : e));
    const file = writeZip(join(dir, 'zip-crypt.xlsx'), entries);
    expectUnreadable(await claimsRun('xlsx encrypted entry', [REGISTER, file]), file, /krypterad/);
  });

  it('a sheet that unpacks to far more than its declared size: unreadable', async () => {
    const dir = scratch();
    const big = await deflateChunks([
      `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${headerRowXml()}`,
      ...repeated(costRowXml(2), 40 * 1024 * 1024),
      '</sheetData></worksheet>',
    ]);
    const entries = xlsxEntries(costSheetRows([]), { 'xl/worksheets/sheet1.xml': big }).map((e) =>
      e.name === 'xl/worksheets/sheet1.xml' ? { ...e, declaredSize: 2000 } : e,
    );
    const file = writeZip(join(dir, 'lying.xlsx'), entries);
    expectUnreadable(await claimsRun('xlsx lying declared size', [REGISTER, file]), file, /större än arkivet anger/);
  });

  it('a declared size far beyond what the archive could hold (a zip bomb by its directory): unreadable before inflating', async () => {
    const dir = scratch();
    const entries = xlsxEntries(costSheetRows([{}])).map((e) => (e.name === 'xl/worksheets/sheet1.xml' ? { ...e, declaredSize: 0xfffffff0 } : e));
    const file = writeZip(join(dir, 'declared-4gb.xlsx'), entries);
    expectUnreadable(await claimsRun('xlsx declared 4 GB', [REGISTER, file]), file, /zip-bomb|för stor|större än/);
  });

  it('a styles part over its limit: unreadable, in bounded memory', async () => {
    const dir = scratch();
    const xf = '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>';
    const styles = await deflateChunks([
      '<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs>',
      ...repeated(xf, 40 * 1024 * 1024),
      '</cellXfs></styleSheet>',
    ]);
    const file = writeZip(join(dir, 'styles-40mb.xlsx'), xlsxEntries(costSheetRows([{}]), { 'xl/styles.xml': styles }));
    expectUnreadable(await claimsRun('xlsx styles of 40 MB', [REGISTER, file]), file, /större än/);
  });

  it('a workbook of more than 1 000 sheets: unreadable', async () => {
    const dir = scratch();
    const file = join(dir, 'sheets.xlsx');
    writeFileSync(file, buildXlsx({ sheets: Array.from({ length: 1001 }, (_, i) => ({ name: `Blad${i + 1}`, rows: [['x']] })) }));
    expectUnreadable(await claimsRun('xlsx 1 001 sheets', [REGISTER, file]), file, /kalkylblad/);
  });

  it('a well-formed file passes all of these checks', async () => {
    const dir = scratch();
    const file = writeZip(join(dir, 'fine.xlsx'), xlsxEntries(costSheetRows([{}, { contact: 'S-2', lineId: 'L2' }])));
    const o = await claimsRun('xlsx control', [REGISTER, file]);
    expectRan(o);
    expect(storedFiles(o.db).find((f) => f.name === 'fine.xlsx')).toMatchObject({ rows: 2, accepted: 2 });
  });
});
