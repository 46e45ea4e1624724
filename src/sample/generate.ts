// `claims generate-sample`: a seeded, realistic person register and cost export — the export as
// xlsx (exceljs streaming writer) and as csv (semicolon, decimal comma, UTF-8 with BOM), plus a Q4
// csv in Windows-1252 that overlaps the xlsx (the same Q4 lines and a few late ones), so ingesting
// both shows dedupe. Rows are written as they are made: memory stays flat at a million rows.
import ExcelJS from 'exceljs';
import { once } from 'node:events';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { dayNumber, fromDayNumber, toIso } from '../domain/dates.js';
import { LineFactory, type SampleLine } from './lines.js';
import { makePersons, type SamplePerson } from './persons.js';
import { Random } from './random.js';

export interface SampleOptions {
  persons: number;
  rows: number;
  outDir: string;
  seed?: string;
  /** Calendar year of the cost lines (default 2025). */
  year?: number;
  /**
   * Seed of the persons alone (default: the persons come from `seed`, as do the lines). Another
   * `seed` with the `personSeed` of an earlier sample gives new lines for the same persons: the
   * first `persons` persons of a sample with that seed are the same whatever its `persons` count.
   */
  personSeed?: string;
  /** Put before every line id and contact id (default none), so a second sample's ids are new. */
  idPrefix?: string;
  onProgress?: (rows: number) => void;
}

export interface SampleResult {
  files: string[];
  persons: number;
  rows: number;
  q4Rows: number;
  badRows: number;
}

const COST_HEADER = [
  'Personnummer',
  'Vårdkontakt',
  'Datum',
  'Belopp',
  'Kostnadstyp',
  'Vårdkategori',
  'Vårdform',
  'Aktivitet',
  'Antal',
  'Patientavgift',
  'Diagnos',
  'Ordinerad av läkare',
  'Kontakt slut',
  'Vårdenhet',
  'Rad-ID',
];

const REGISTER_HEADER = [
  'Personnummer',
  'Namn',
  'Grupp',
  'Födelsedatum',
  'Dossiernummer',
  'LMA från',
  'LMA till',
  'Kommunmottagen',
  'Varaktigt vårdbehov',
  'Samband',
  'Grundsjukdom',
  'Kommun',
];

const utcDate = (iso: string): Date => new Date(`${iso}T00:00:00Z`);
const kronor = (ore: number): number => ore / 100;

/** Öre as Swedish csv text: `1234,50`, `-500,00`. */
function csvMoney(ore: number): string {
  const abs = Math.abs(ore);
  return `${ore < 0 ? '-' : ''}${Math.floor(abs / 100)},${String(abs % 100).padStart(2, '0')}`;
}

function csvField(s: string): string {
  return /[";\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A bad cell (SPEC §3.1 makes the row rejected): column index → text written instead. */
type Corruption = [column: number, text: string];

function corruption(rng: Random, line: SampleLine): Corruption {
  switch (rng.int(0, 5)) {
    case 0: {
      // A personnummer with a wrong check digit (kept a plausible number form).
      const m = line.personId.match(/^(.*)(\d)$/);
      if (m && /^\d{6,8}-\d{4}$/.test(line.personId)) return [0, `${m[1]}${(Number(m[2]) + 1) % 10}`];
      return [2, `${line.date.slice(0, 4)}-02-30`];
    }
    case 1:
      return [2, `${line.date.slice(0, 4)}-02-30`];
    case 2:
      return [3, '12a'];
    case 3:
      return [5, 'akutt'];
    case 4:
      return [9, csvMoney(Math.abs(line.amountOre) + 10_000)];
    default:
      return [8, '-1'];
  }
}

async function write(stream: WriteStream, text: string | Buffer): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

async function close(stream: WriteStream): Promise<void> {
  stream.end();
  await once(stream, 'finish');
}

function quotas(rng: Random, persons: number, rows: number): number[] {
  // Skewed: a few heavy users of care, many light ones.
  const weights = Array.from({ length: persons }, () => 0.2 + rng.next() ** 3 * 4);
  const total = weights.reduce((a, b) => a + b, 0);
  const q = weights.map((w) => Math.floor((rows * w) / total));
  let rest = rows - q.reduce((a, b) => a + b, 0);
  for (let i = 0; rest > 0; i = (i + 1) % persons, rest--) q[i]!++;
  return q;
}

async function writeRegister(path: string, persons: SamplePerson[], year: number): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useStyles: true, useSharedStrings: true });
  const ws = wb.addWorksheet('Personer');
  ws.columns = REGISTER_HEADER.map((_, i) => ({ width: i === 1 ? 24 : 16, style: [3, 5, 6, 7].includes(i) ? { numFmt: 'yyyy-mm-dd' } : {} }));
  ws.addRow([`Personregister asylsökande och nyanlända, uttag ${year + 1}-01-10`]).commit();
  ws.addRow([]).commit();
  const header = ws.addRow(REGISTER_HEADER);
  header.font = { bold: true };
  header.commit();
  const date = (d: string | null) => (d ? utcDate(d) : null);
  for (const p of persons) {
    if (!p.inRegister) continue;
    const periods = p.lma.length > 0 ? p.lma : [null];
    for (const period of periods) {
      ws.addRow([
        p.registerId,
        p.name,
        p.group,
        p.writeBirthDate ? utcDate(p.birthDate) : null,
        p.dossier,
        date(period?.from ?? null),
        date(period?.to ?? null),
        date(p.reception),
        p.chronic || null,
        p.link || null,
        p.underlying.length ? p.underlying.join(', ') : null,
        p.municipality,
      ]).commit();
    }
  }
  ws.commit();
  await wb.commit();
}

export async function generateSample(opts: SampleOptions): Promise<SampleResult> {
  const year = opts.year ?? 2025;
  const rng = new Random(opts.seed ?? 'claims-sample');
  const idPrefix = opts.idPrefix ?? '';
  mkdirSync(opts.outDir, { recursive: true });
  const persons = makePersons(opts.personSeed === undefined ? rng : new Random(opts.personSeed), opts.persons, year);
  const registerPath = join(opts.outDir, 'personregister.xlsx');
  await writeRegister(registerPath, persons, year);

  const xlsxPath = join(opts.outDir, `kostnader-${year}.xlsx`);
  const csvPath = join(opts.outDir, `kostnader-${year}.csv`);
  const q4Path = join(opts.outDir, `kostnader-${year}-q4.csv`);
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: xlsxPath, useStyles: true, useSharedStrings: false });
  const ws = wb.addWorksheet('Kostnader');
  ws.columns = COST_HEADER.map((_, i) => ({
    width: [0, 1, 2, 12, 13, 14].includes(i) ? 16 : 12,
    style: i === 2 || i === 12 ? { numFmt: 'yyyy-mm-dd' } : i === 3 || i === 9 ? { numFmt: '#,##0.00' } : {},
  }));
  ws.addRow([`Kostnadsexport ${year} – vård av asylsökande och nyanlända`]).commit();
  const header = ws.addRow(COST_HEADER);
  header.font = { bold: true };
  header.commit();
  const csv = createWriteStream(csvPath);
  const q4 = createWriteStream(q4Path);
  await write(csv, `\uFEFF${COST_HEADER.join(';')}\r\n`);
  await write(q4, iconv.encode(`${COST_HEADER.join(';')}\r\n`, 'win1252'));

  const factory = new LineFactory(rng, year, idPrefix);
  const q4Start = toIso(year, 10, 1);
  const yearEnd = dayNumber(toIso(year, 12, 31));
  const badEvery = Math.max(50, Math.min(1000, Math.floor(opts.rows / 5)));
  let written = 0;
  let q4Rows = 0;
  let badRows = 0;
  let lineSeq = 0;

  const csvText = (l: SampleLine, lineId: string, bad: Corruption | null): string => {
    const cells = [
      l.personId,
      l.contactId,
      l.date,
      csvMoney(l.amountOre),
      l.costType,
      l.category,
      l.setting,
      l.activity,
      String(l.quantity),
      csvMoney(l.feeOre),
      l.diagnosis,
      l.doctorOrdered,
      l.contactEnd,
      l.unit,
      lineId,
    ];
    if (bad) cells[bad[0]] = bad[1];
    return `${cells.map(csvField).join(';')}\r\n`;
  };

  const emit = async (l: SampleLine, lineId: string, bad: Corruption | null, onlyQ4 = false): Promise<void> => {
    if (!onlyQ4) {
      const cells: unknown[] = [
        l.personId,
        l.contactId,
        utcDate(l.date),
        kronor(l.amountOre),
        l.costType,
        l.category,
        l.setting,
        l.activity,
        l.quantity,
        kronor(l.feeOre),
        l.diagnosis || null,
        l.doctorOrdered,
        l.contactEnd ? utcDate(l.contactEnd) : null,
        l.unit,
        lineId || null,
      ];
      if (bad) cells[bad[0]] = bad[1];
      ws.addRow(cells).commit();
      await write(csv, csvText(l, lineId, bad));
      written++;
      if (written % 2000 === 0) {
        opts.onProgress?.(written);
        // Let the zip stream drain.
        await new Promise((r) => setImmediate(r));
      }
    }
    if (l.date >= q4Start) {
      await write(q4, iconv.encode(csvText(l, lineId, bad), 'win1252'));
      q4Rows++;
    }
  };

  const quota = quotas(rng, persons.length, opts.rows);
  for (let i = 0; i < persons.length; i++) {
    const p = persons[i]!;
    let left = quota[i]!;
    while (left > 0) {
      const lines = factory.contact(p);
      for (const l of lines) {
        if (left <= 0) break;
        const lineId = rng.chance(0.9) ? `${idPrefix}TX${String(++lineSeq).padStart(9, '0')}` : '';
        const bad = rng.int(1, badEvery) === 1 ? corruption(rng, l) : null;
        if (bad) badRows++;
        await emit(l, lineId, bad);
        left--;
        if (!lineId && !bad && left > 0 && rng.chance(0.01)) {
          // Two identical visits on one day without line ids: both count.
          await emit(l, lineId, null);
          left--;
        }
        if (l.date >= q4Start && rng.chance(0.04)) {
          // A line registered late: only in the Q4 file.
          const late = { ...l, date: fromDayNumber(Math.min(yearEnd, dayNumber(l.date) + rng.int(0, 5))) };
          await emit(late, `${idPrefix}TX${String(++lineSeq).padStart(9, '0')}`, null, true);
        }
      }
    }
  }
  ws.commit();
  await wb.commit();
  await close(csv);
  await close(q4);
  opts.onProgress?.(written);
  return { files: [registerPath, xlsxPath, csvPath, q4Path], persons: persons.length, rows: written, q4Rows, badRows };
}
