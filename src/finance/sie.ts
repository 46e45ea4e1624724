// SIE 4I, the file a Swedish ledger imports vouchers from (SIE-gruppen, "SIE filformat",
// utgåva 4B): records one per line, each starting with its label; fields separated by spaces and
// quoted (a quote inside preceded by a backslash); sub-records (a voucher's #TRANS rows) inside
// braces that stand alone on their lines; amounts with a decimal point and two decimals, a minus
// first; dates ÅÅÅÅMMDD; the file in IBM PC code page 437 (#FORMAT PC8). Order: the flag record,
// identification, chart of accounts (accounts, dimensions, objects), then the vouchers, numbered
// in ascending order within their series. Pure text work; encoding through iconv-lite.
import iconv from 'iconv-lite';
import type { IsoDate, Ore } from '../domain/types.js';

export interface SieTrans {
  account: string;
  /** The object on the dimension (the care unit's object number), or null for none. */
  object: { dimension: number; id: string } | null;
  amountOre: Ore;
}

export interface SieVoucher {
  series: string;
  number: number;
  date: IsoDate;
  text: string;
  /** When the voucher was made (#VER regdatum). */
  registered: IsoDate;
  trans: SieTrans[];
}

export interface SieHeader {
  program: { name: string; version: string };
  generated: IsoDate;
  /** Free text about the content (#PROSA). */
  prosa: string;
  organisationNumber: string;
  companyName: string;
  accounts: { number: string; name: string }[];
  dimensions: { number: number; name: string }[];
  objects: { dimension: number; id: string; name: string }[];
}

/** 123450 öre → "1234.50", −5 → "-0.05": integer arithmetic. */
export function sieAmount(ore: Ore): string {
  if (!Number.isSafeInteger(ore)) throw new Error('belopp i öre måste vara ett heltal');
  const abs = Math.abs(ore);
  return `${ore < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** ÅÅÅÅ-MM-DD → ÅÅÅÅMMDD. */
export function sieDate(iso: IsoDate): string {
  return iso.replace(/-/g, '');
}

/**
 * A quoted field: control characters (ASCII 0–31 and 127, not allowed in a string) become spaces,
 * a quote is preceded by a backslash, and a backslash (which the format gives no escape) becomes
 * a slash so no reader can take it for one.
 */
export function sieString(text: string): string {
  const clean = text.replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/\\/g, '/');
  return `"${clean.replace(/"/g, '\\"')}"`;
}

export function transLine(t: SieTrans): string {
  const objects = t.object ? `{${t.object.dimension} ${sieString(t.object.id)}}` : '{}';
  return `#TRANS ${t.account} ${objects} ${sieAmount(t.amountOre)}`;
}

/** A voucher as text: #VER serie vernr verdatum vertext regdatum, then its rows in braces. */
export function voucherText(v: SieVoucher): string {
  const balance = v.trans.reduce((s, t) => s + t.amountOre, 0);
  if (balance !== 0) throw new Error(`verifikation ${v.series} ${v.number} går inte jämnt ut (${sieAmount(balance)})`);
  return [
    `#VER ${sieString(v.series)} ${v.number} ${sieDate(v.date)} ${sieString(v.text)} ${sieDate(v.registered)}`,
    '{',
    ...v.trans.map(transLine),
    '}',
  ].join('\r\n');
}

export function headerText(h: SieHeader): string {
  const lines = [
    '#FLAGGA 0',
    `#PROGRAM ${sieString(h.program.name)} ${sieString(h.program.version)}`,
    '#FORMAT PC8',
    `#GEN ${sieDate(h.generated)}`,
    '#SIETYP 4',
    `#PROSA ${sieString(h.prosa)}`,
  ];
  // SIE wants the organisation number with a hyphen after the sixth digit.
  const digits = h.organisationNumber.replace(/\D/g, '');
  if (digits.length === 10) lines.push(`#ORGNR ${digits.slice(0, 6)}-${digits.slice(6)}`);
  lines.push(`#FNAMN ${sieString(h.companyName)}`);
  for (const a of h.accounts) lines.push(`#KONTO ${a.number} ${sieString(a.name)}`);
  for (const d of h.dimensions) lines.push(`#DIM ${d.number} ${sieString(d.name)}`);
  for (const o of h.objects) lines.push(`#OBJEKT ${o.dimension} ${sieString(o.id)} ${sieString(o.name)}`);
  return lines.join('\r\n');
}

/** The whole file as text: header, then the vouchers (already in number order). */
export function sieText(header: SieHeader, vouchers: readonly string[]): string {
  return `${[headerText(header), ...vouchers].join('\r\n')}\r\n`;
}

/** The file's bytes in code page 437; characters it lacks become `?`. */
export function encodeSie(text: string): Buffer {
  return iconv.encode(text, 'cp437');
}

/** Whether code page 437 holds the text as it is (names with characters it lacks come out changed). */
export function fitsCp437(text: string): boolean {
  return iconv.decode(iconv.encode(text, 'cp437'), 'cp437') === text;
}
