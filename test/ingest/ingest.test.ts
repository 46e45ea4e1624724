// ingestFiles as the pipeline uses it: dedupe (SPEC §3.3), the register's semantics (§3.2),
// files that cannot be read, atomicity, rejected rows, the region's header aliases.
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config.js';
import { ingestFiles } from '../../src/ingest/ingest.js';
import { listRejectedRows } from '../../src/store/rejected-rows.js';
import { buildXlsx, workbookParts, zip } from '../helpers/xlsx-builder.js';
import { AS_OF, COST_HEADER, P1, P2, P3, count, freshDb, ingest, lines, scratch, writeCsv, writeExceljsXlsx } from './support.js';

const row = (person: string, contact: string, date: string, amount: string, lineId = '', costType = 'vård') => [
  person,
  contact,
  date,
  amount,
  costType,
  'akut',
  '0',
  '',
  lineId,
];

describe('dedupe (SPEC §3.3)', () => {
  it('an xlsx and an overlapping csv: line ids and values with their occurrence numbers', async () => {
    const dir = scratch();
    const db = freshDb(dir);
    const xlsx = await writeExceljsXlsx(join(dir, 'helår.xlsx'), [
      {
        name: 'Kostnader',
        rows: [
          COST_HEADER,
          [P1, 'K-1', new Date(Date.UTC(2025, 9, 1)), 1000, 'vård', 'akut', 0, null, 'TX1'],
          [P1, 'K-1', new Date(Date.UTC(2025, 9, 2)), 200, 'tolk', 'akut', 0, null, null],
          [P1, 'K-1', new Date(Date.UTC(2025, 9, 2)), 200, 'tolk', 'akut', 0, null, null],
          [P2, 'K-2', new Date(Date.UTC(2025, 9, 3)), 300, 'vård', 'akut', 0, null, null],
        ],
      },
    ]);
    const csv = writeCsv(join(dir, 'q4.csv'), [
      COST_HEADER,
      // The same line id with other values: still the same line.
      row(P1, 'K-1', '2025-10-01', '1 000,50', 'TX1'),
      // 10-digit form of the same person: the same normalised values.
      row(P1.slice(2), 'K-1', '2025-10-02', '200,00', '', 'tolk'),
      row(P1, 'K-1', '2025-10-02', '200', '', 'tolk'),
      // A third identical visit: new.
      row(P1, 'K-1', '2025-10-02', '200', '', 'tolk'),
      row(P2, 'K-2', '2025-10-03', '300', '', 'vård'),
      row(P2, 'K-3', '2025-10-04', '400', 'TX9'),
    ]);
    const [a, b] = await ingest(db, [xlsx, csv]);
    expect(a).toMatchObject({ kind: 'costs', rows: 4, accepted: 4, duplicates: 0, rejected: 0 });
    expect(b).toMatchObject({ kind: 'costs', rows: 6, accepted: 2, duplicates: 4, rejected: 0 });
    expect(count(db, 'cost_lines')).toBe(6);
    expect(lines(db).filter((l) => l.line_id === 'TX1')).toEqual([expect.objectContaining({ amount_ore: 100000 })]);
  });

  it('two identical lines in one file count twice', async () => {
    const dir = scratch();
    const db = freshDb(dir);
    const file = writeCsv(join(dir, 'a.csv'), [COST_HEADER, row(P1, 'K-1', '2025-01-01', '100'), row(P1, 'K-1', '2025-01-01', '100')]);
    expect((await ingest(db, [file]))[0]).toMatchObject({ accepted: 2, duplicates: 0 });
  });

  it('a line id seen earlier in the same file is a duplicate', async () => {
    const dir = scratch();
    const db = freshDb(dir);
    const file = writeCsv(join(dir, 'a.csv'), [COST_HEADER, row(P1, 'K-1', '2025-01-01', '100', 'L1'), row(P2, 'K-9', '2025-02-01', '999', 'L1')]);
    expect((await ingest(db, [file]))[0]).toMatchObject({ rows: 2, accepted: 1, duplicates: 1 });
  });

  it('a file whose bytes were ingested before adds nothing and counts nothing, in the same run or a later one', async () => {
    const dir = scratch();
    const db = freshDb(dir);
    const file = writeCsv(join(dir, 'a.csv'), [COST_HEADER, row(P1, 'K-1', '2025-01-01', '100'), row(P1, 'K-1', '2025-01-01', 'x')]);
    const copy = join(dir, 'kopia.csv');
    copyFileSync(file, copy);
    const [first, again] = await ingest(db, [file, copy]);
    expect(first).toMatchObject({ rows: 2, accepted: 1, rejected: 1 });
    expect(again).toMatchObject({
      alreadyIngested: true,
      kind: 'costs',
      rows: 0,
      accepted: 0,
      rejected: 0,
      duplicates: 0,
      fileId: first!.fileId,
      error: null,
    });
    const [later] = await ingest(db, [file]);
    expect(later).toMatchObject({ alreadyIngested: true, rows: 0 });
    expect(count(db, 'source_files')).toBe(1);
    expect(count(db, 'cost_lines')).toBe(1);
    expect(count(db, 'rejected_rows')).toBe(1);
  });

  it('records every touched person for re-evaluation', async () => {
    const dir = scratch();
    const db = freshDb(dir);
    const file = writeCsv(join(dir, 'a.csv'), [
      COST_HEADER,
      row(P1.slice(2), 'K-1', '2025-01-01', '100'),
      row('dossier 1', 'K-2', '2025-01-01', '100'),
    ]);
    await ingest(db, [file]);
    expect(db.prepare('SELECT person_key FROM dirty_persons ORDER BY 1').pluck().all()).toEqual([P1, 'DOSSIER 1']);
  });
});

const REGISTER_HEADER = [
  'Personnummer',
  'Grupp',
  'Födelsedatum',
  'Dossiernummer',
  'Namn',
  'LMA från',
  'LMA till',
  'Kommunmottagen',
  'Varaktigt vårdbehov',
  'Samband',
  'Grundsjukdom',
  'Kommun',
];

describe('the person register (SPEC §3.2)', () => {
  it('several rows are several LMA periods; disagreeing rows reject all of that person', async () => {
    const dir = scratch();
    const db = freshDb(dir);
    const file = writeCsv(join(dir, 'r.csv'), [
      REGISTER_HEADER,
      [P1, 'asylsökande', '', 'D-1', 'Amina Hassan', '2024-01-01', '2024-06-30', '', '', '', '', 'Uppsala'],
      [P1.slice(2), 'Asylsökande', '', 'd-1', 'Amina Hassan', '2025-01-01', '', '', '', '', '', 'Uppsala'],
      [P2, 'asylsökande', '', '', 'Omar Ali', '2024-01-01', '', '', '', '', '', ''],
      [P2, 'massflykting', '', '', 'Omar Ali', '2025-01-01', '', '', '', '', '', ''],
      [P3, 'uppehållstillstånd', '2010-05-06', '', '', '', '', '2023-05-01', 'ja', 'nej', 'F43.1; e11', 'Tierp'],
    ]);
    const [r] = await ingest(db, [file]);
    expect(r).toMatchObject({ kind: 'persons', rows: 5, accepted: 3, rejected: 2 });
    expect(db.prepare('SELECT * FROM persons ORDER BY person_id').all()).toEqual([
      expect.objectContaining({
        person_id: P1,
        grp: 'asylsökande',
        birth_date: '1981-12-18',
        dossier_number: 'D-1',
        name: 'Amina Hassan',
        municipality: 'Uppsala',
        chronic_3y: null,
        underlying_diagnoses: '',
      }),
      expect.objectContaining({
        person_id: P3,
        grp: 'uppehållstillstånd',
        birth_date: '2010-05-06',
        reception_date: '2023-05-01',
        chronic_3y: 1,
        protection_link: 0,
        underlying_diagnoses: 'F43.1 E11',
      }),
    ]);
    expect(db.prepare('SELECT person_id, lma_from, lma_to FROM person_lma ORDER BY lma_from').all()).toEqual([
      { person_id: P1, lma_from: '2024-01-01', lma_to: '2024-06-30' },
      { person_id: P1, lma_from: '2025-01-01', lma_to: null },
    ]);
    const rejected = listRejectedRows(db, [r!.fileId!]);
    expect(rejected).toEqual([
      {
        file: 'r.csv',
        sheet: null,
        row: 4,
        column: 'Grupp',
        value: 'asylsökande',
        reason: 'personen har flera rader som inte stämmer överens (Grupp); alla personens rader avvisas',
      },
      {
        file: 'r.csv',
        sheet: null,
        row: 5,
        column: 'Grupp',
        value: 'massflykting',
        reason: 'personen har flera rader som inte stämmer överens (Grupp); alla personens rader avvisas',
      },
    ]);
  });

  it('a later register replaces what an earlier one said; a person whose rows are all rejected keeps the earlier record', async () => {
    const dir = scratch();
    const db = freshDb(dir);
    const first = writeCsv(join(dir, 'r1.csv'), [
      REGISTER_HEADER,
      [P1, 'asylsökande', '', 'OLD-1', '', '2024-01-01', '', '', '', '', '', ''],
      [P1, 'asylsökande', '', 'OLD-1', '', '2023-01-01', '2023-02-01', '', '', '', '', ''],
      [P2, 'asylsökande', '', '', '', '2024-01-01', '', '', '', '', '', ''],
    ]);
    const second = writeCsv(join(dir, 'r2.csv'), [
      REGISTER_HEADER,
      [P1, 'uppehållstillstånd', '', 'NEW-1', '', '', '', '2025-03-01', '', '', '', ''],
      [P2, 'turist', '', '', '', '2024-01-01', '', '', '', '', '', ''],
    ]);
    await ingest(db, [first]);
    db.exec('DELETE FROM dirty_persons');
    const [r] = await ingest(db, [second]);
    expect(r).toMatchObject({ rows: 2, accepted: 1, rejected: 1 });
    expect(db.prepare('SELECT person_id, grp, dossier_number, reception_date FROM persons ORDER BY person_id').all()).toEqual([
      { person_id: P1, grp: 'uppehållstillstånd', dossier_number: 'NEW-1', reception_date: '2025-03-01' },
      { person_id: P2, grp: 'asylsökande', dossier_number: null, reception_date: null },
    ]);
    expect(db.prepare('SELECT person_id, lma_from FROM person_lma ORDER BY person_id').all()).toEqual([{ person_id: P2, lma_from: '2024-01-01' }]);
    // The person, its new dossier number and the one the replaced record had.
    expect(db.prepare('SELECT person_key FROM dirty_persons ORDER BY 1').pluck().all()).toEqual(['NEW-1', 'OLD-1', P1].sort());
  });

  it('register rows need lma_from for asylsökande/massflykting and a reception date for uppehållstillstånd; names and identities are masked in rejected rows', async () => {
    const dir = scratch();
    const db = freshDb(dir);
    const file = writeCsv(join(dir, 'r.csv'), [
      REGISTER_HEADER,
      [P1, 'massflykting', '', '', 'Amina Hassan', '', '', '', '', '', '', ''],
      [P2, 'uppehållstillstånd', '', '', '', '', '', '', '', '', '', ''],
      ['811218-9877', 'papperslös', '', '', 'Omar Ali', '', '', '', '', '', '', ''],
      [P3, 'papperslös', '2010-02-30', 'AB123456', 'Sara', '', '', '', 'kanske', '', 'diabetes', ''],
    ]);
    const [r] = await ingest(db, [file]);
    expect(r).toMatchObject({ rows: 4, accepted: 0, rejected: 4 });
    expect(listRejectedRows(db, [r!.fileId!]).map((x) => [x.row, x.column, x.value, x.reason])).toEqual([
      [2, 'LMA från', null, 'LMA från krävs för asylsökande och massflyktingar'],
      [3, 'Kommunmottagen', null, 'datum för kommunmottagande krävs för personer med uppehållstillstånd'],
      [4, 'Personnummer', '811218-****', 'kontrollsiffran stämmer inte (personnummer/samordningsnummer)'],
      [5, 'Födelsedatum', '2010-02-30', 'datumet finns inte i kalendern'],
      [5, 'Varaktigt vårdbehov', 'kanske', 'värdet ska vara ja eller nej'],
      [5, 'Grundsjukdom', 'diabetes', expect.stringContaining('ICD-10')],
    ]);
    const all = JSON.stringify(db.prepare('SELECT * FROM rejected_rows').all());
    for (const secret of ['Amina', 'Omar', '9877', 'Sara']) expect(all).not.toContain(secret);
  });
});

describe('files that cannot be read', () => {
  it('get an error naming the file and the reason, store nothing, and the other files still go in', async () => {
    const dir = scratch();
    const db = freshDb(dir);
    const good = writeCsv(join(dir, 'good.csv'), [COST_HEADER, row(P1, 'K-1', '2025-01-01', '100')]);
    const binary = join(dir, 'bild.png');
    writeFileSync(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]));
    const ole = join(dir, 'gammal.xls');
    writeFileSync(ole, Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(600)]));
    const whole = buildXlsx({ sheets: [{ name: 'S', rows: [COST_HEADER, [P1, 'K-1', '2025-01-01', 1, null, null, null, null, 'T1']] }] });
    const truncated = join(dir, 'trasig.xlsx');
    writeFileSync(truncated, whole.subarray(0, whole.length - 40));
    const noHeader = writeCsv(join(dir, 'okänd.csv'), [
      ['Namn', 'Summa'],
      ['x', '1'],
    ]);
    const empty = join(dir, 'tom.csv');
    writeFileSync(empty, '');
    const reports = await ingest(db, [binary, ole, truncated, noHeader, empty, join(dir, 'saknas.csv'), good]);
    expect(reports.map((r) => r.error)).toEqual([
      `${binary}: filen är inget kalkylark (varken xlsx eller csv)`,
      `${ole}: filen är lösenordsskyddad eller en äldre .xls-fil; spara den som .xlsx utan lösenord eller som .csv`,
      `${truncated}: xlsx-filen är skadad (zip-arkivets innehållsförteckning saknas)`,
      expect.stringMatching(
        /okänd\.csv: ingen rubrikrad hittades bland de första 11 raderna\. En kostnadsexport behöver kolumnerna person_id .*Personnummer/,
      ),
      expect.stringContaining('tom.csv: ingen rubrikrad'),
      `${join(dir, 'saknas.csv')}: filen finns inte`,
      null,
    ]);
    for (const r of reports.slice(0, 6)) expect(r).toMatchObject({ kind: null, rows: 0, fileId: null, alreadyIngested: false });
    expect(reports[6]).toMatchObject({ kind: 'costs', accepted: 1 });
    expect(count(db, 'source_files')).toBe(1);
  });

  it('refuses a zip bomb by its declared size before inflating anything', async () => {
    const dir = scratch();
    const db = freshDb(dir);
    const file = join(dir, 'bomb.xlsx');
    writeFileSync(file, buildXlsx({ sheets: [{ name: 'S', rows: [COST_HEADER] }] }, { 'xl/worksheets/sheet1.xml': 4_000_000_000 }));
    expect((await ingest(db, [file]))[0]!.error).toBe(`${file}: xlsx-filens innehåll är orimligt stort när det packas upp (möjlig zip-bomb)`);
  });

  it('stops a part that inflates to more than the archive declares', async () => {
    const dir = scratch();
    const db = freshDb(dir);
    const rows = [COST_HEADER, ...Array.from({ length: 12000 }, (_, i) => [P1, `K-${i}`, '2025-01-01', 1, null, null, null, null, `T${i}`])];
    const file = join(dir, 'ljuger.xlsx');
    writeFileSync(file, buildXlsx({ sheets: [{ name: 'S', rows }] }, { 'xl/worksheets/sheet1.xml': 1000 }));
    const [r] = await ingest(db, [file]);
    expect(r!.error).toMatch(/större än arkivet anger/);
    expect(count(db, 'cost_lines')).toBe(0);
  });

  it('an encrypted zip entry', async () => {
    const dir = scratch();
    const db = freshDb(dir);
    const buf = buildXlsx({ sheets: [{ name: 'S', rows: [COST_HEADER] }] });
    // Set the "encrypted" flag on every central directory entry.
    for (let i = buf.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])); i !== -1; i = buf.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), i + 4))
      buf[i + 8]! |= 1;
    const file = join(dir, 'krypterad.xlsx');
    writeFileSync(file, buf);
    expect((await ingest(db, [file]))[0]!.error).toMatch(/krypterad/);
  });
});

describe('a file goes in whole or not at all', () => {
  it('a csv that breaks after many good rows leaves nothing behind', async () => {
    const dir = scratch();
    const db = freshDb(dir);
    const good = Array.from({ length: 5000 }, (_, i) => row(P1, `K-${i}`, '2025-01-01', '100', `T${i}`));
    const file = join(dir, 'bruten.csv');
    writeCsv(file, [COST_HEADER, ...good]);
    writeFileSync(file, `${readFileSync(file, 'utf8')}${P1};K;2025-01-01;"100;x\r\n${P1};K;2025-01-01;1\r\n`);
    const [r] = await ingest(db, [file]);
    expect(r!.error).toMatch(/bruten\.csv: csv-filen kunde inte tolkas/);
    expect(r).toMatchObject({ kind: null, rows: 0, accepted: 0, fileId: null });
    for (const t of ['source_files', 'cost_lines', 'rejected_rows', 'dirty_persons']) expect(count(db, t)).toBe(0);
  });

  it('an xlsx whose sheet XML breaks off leaves nothing behind', async () => {
    const dir = scratch();
    const db = freshDb(dir);
    const rows = [COST_HEADER, ...Array.from({ length: 3000 }, (_, i) => [P1, `K-${i}`, '2025-01-01', 1, null, null, null, null, `T${i}`])];
    const parts = workbookParts({ sheets: [{ name: 'S', rows }] }).map(([name, data]) => ({
      name,
      data: name.endsWith('sheet1.xml') ? data.slice(0, -200) : data,
    }));
    const file = join(dir, 'avbruten.xlsx');
    writeFileSync(file, zip(parts));
    const [r] = await ingest(db, [file]);
    expect(r!.error).toMatch(/avbruten\.xlsx: xlsx-filen är skadad \(ett kalkylblad tar slut mitt i\)/);
    expect(count(db, 'cost_lines')).toBe(0);
    expect(count(db, 'source_files')).toBe(0);
  });
});

describe('header aliases from the config', () => {
  it('read a region export with its own headers', async () => {
    const dir = scratch();
    const db = freshDb(dir);
    const file = writeCsv(join(dir, 'egen.csv'), [
      ['Pnr', 'Besök', 'Dag', 'Summa SEK'],
      [P1, 'K-1', '2025-01-01', '100'],
    ]);
    expect((await ingest(db, [file]))[0]!.error).toMatch(/ingen rubrikrad/);
    const config = { ...defaultConfig(), headerAliases: { person_id: ['Pnr'], contact_id: ['Besök'], date: ['Dag'], amount: ['Summa SEK'] } };
    expect((await ingestFiles(db, [file], { asOf: AS_OF, config }))[0]).toMatchObject({ kind: 'costs', accepted: 1 });
  });
});

describe('the cost export’s contact_end column', () => {
  it('is remembered per file', async () => {
    const dir = scratch();
    const db = freshDb(dir);
    const a = writeCsv(join(dir, 'a.csv'), [
      [...COST_HEADER, 'Kontakt slut'],
      [...row(P1, 'K-1', '2025-01-01', '100'), ''],
    ]);
    const b = writeCsv(join(dir, 'b.csv'), [COST_HEADER, row(P1, 'K-2', '2025-01-01', '100')]);
    await ingest(db, [a, b]);
    expect(db.prepare('SELECT name, has_contact_end FROM source_files ORDER BY id').all()).toEqual([
      { name: 'a.csv', has_contact_end: 1 },
      { name: 'b.csv', has_contact_end: 0 },
    ]);
  });
});
