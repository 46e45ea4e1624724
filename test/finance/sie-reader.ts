// A strict reader of SIE 4I files, written from SIE-gruppen's "SIE filformat" (utgåva 4B) to
// check what the product writes: code page 437, one record per line with a known label, fields
// separated by spaces, quoted strings with \" inside, object lists in braces, sub-records in
// braces standing alone on their lines, dates ÅÅÅÅMMDD, amounts with a point and two decimals,
// records in the four groups' order, every voucher balanced, numbers ascending per series, and
// every account and object used declared. Throws on the first deviation, naming the line.
import iconv from 'iconv-lite';
import { isRealDate } from '../../src/domain/dates.js';

const LABELS = new Set([
  '#ADRESS',
  '#BKOD',
  '#BTRANS',
  '#DIM',
  '#ENHET',
  '#FLAGGA',
  '#FNAMN',
  '#FNR',
  '#FORMAT',
  '#FTYP',
  '#GEN',
  '#IB',
  '#KONTO',
  '#KPTYP',
  '#KSUMMA',
  '#KTYP',
  '#OBJEKT',
  '#OIB',
  '#OMFATTN',
  '#ORGNR',
  '#OUB',
  '#PBUDGET',
  '#PROGRAM',
  '#PROSA',
  '#PSALDO',
  '#RAR',
  '#RES',
  '#RTRANS',
  '#SIETYP',
  '#SRU',
  '#TAXAR',
  '#TRANS',
  '#UB',
  '#UNDERDIM',
  '#VALUTA',
  '#VER',
]);
/** Records a type 4I file may not hold (SIE 4B §6). */
const NOT_IN_4I = new Set(['#IB', '#UB', '#OIB', '#OUB', '#RES', '#PSALDO', '#PBUDGET', '#OMFATTN', '#BKOD']);
const GROUP: Record<string, number> = {
  '#FLAGGA': 0,
  '#KSUMMA': 0,
  '#PROGRAM': 1,
  '#FORMAT': 1,
  '#GEN': 1,
  '#SIETYP': 1,
  '#PROSA': 1,
  '#FTYP': 1,
  '#FNR': 1,
  '#ORGNR': 1,
  '#ADRESS': 1,
  '#FNAMN': 1,
  '#RAR': 1,
  '#TAXAR': 1,
  '#KPTYP': 1,
  '#VALUTA': 1,
  '#KONTO': 2,
  '#KTYP': 2,
  '#ENHET': 2,
  '#SRU': 2,
  '#DIM': 2,
  '#UNDERDIM': 2,
  '#OBJEKT': 2,
  '#VER': 3,
};
const REQUIRED = ['#FLAGGA', '#PROGRAM', '#FORMAT', '#GEN', '#SIETYP', '#FNAMN'];

export type Field = string | Field[];

export interface ReadTrans {
  account: string;
  objects: [string, string][];
  amountOre: number;
}

export interface ReadVoucher {
  series: string;
  number: number;
  date: string;
  text: string;
  registered: string | null;
  trans: ReadTrans[];
}

export interface ReadSie {
  records: Map<string, Field[][]>;
  accounts: Map<string, string>;
  dimensions: Map<string, string>;
  objects: Map<string, string>;
  vouchers: ReadVoucher[];
}

class SieReadError extends Error {
  constructor(line: number, message: string) {
    super(`rad ${line}: ${message}`);
  }
}

/** Fields of a record: bare words, quoted strings (\" inside), object lists in braces. */
export function fields(text: string, line: number): Field[] {
  const out: Field[] = [];
  let i = 0;
  const parse = (closing: string | null): Field[] => {
    const list: Field[] = [];
    for (;;) {
      while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
      if (i >= text.length) {
        if (closing) throw new SieReadError(line, 'objektlistan stängs aldrig');
        return list;
      }
      const ch = text[i]!;
      if (closing && ch === closing) {
        i++;
        return list;
      }
      if (ch === '"') {
        let s = '';
        i++;
        for (;;) {
          if (i >= text.length) throw new SieReadError(line, 'citattecknet stängs aldrig');
          const c = text[i]!;
          if (c === '\\' && text[i + 1] === '"') {
            s += '"';
            i += 2;
          } else if (c === '"') {
            i++;
            break;
          } else {
            s += c;
            i++;
          }
        }
        if (i < text.length && text[i] !== ' ' && text[i] !== '\t' && text[i] !== closing)
          throw new SieReadError(line, 'tecken direkt efter en citerad sträng');
        list.push(s);
      } else if (ch === '{') {
        i++;
        list.push(parse('}'));
      } else if (ch === '}') {
        throw new SieReadError(line, 'en } utan {');
      } else {
        let s = '';
        while (i < text.length && text[i] !== ' ' && text[i] !== '\t' && text[i] !== closing) {
          if (text[i] === '"' || text[i] === '{') throw new SieReadError(line, `oväntat tecken ${text[i]} i ett fält`);
          s += text[i++];
        }
        list.push(s);
      }
    }
  };
  out.push(...parse(null));
  return out;
}

function str(f: Field | undefined, line: number, what: string): string {
  if (typeof f !== 'string') throw new SieReadError(line, `${what} saknas eller är en lista`);
  return f;
}

function date(f: Field | undefined, line: number, what: string): string {
  const s = str(f, line, what);
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (!m || !isRealDate(Number(m[1]), Number(m[2]), Number(m[3]))) throw new SieReadError(line, `${what} är inget datum ÅÅÅÅMMDD: ${s}`);
  return `${m[1]}-${m[2]}-${m[3]}`;
}

function amount(f: Field | undefined, line: number): number {
  const s = str(f, line, 'belopp');
  const m = /^(-?)(\d+)\.(\d{2})$/.exec(s);
  if (!m) throw new SieReadError(line, `beloppet har inte punkt och två decimaler: ${s}`);
  const ore = Number(m[2]) * 100 + Number(m[3]);
  return m[1] ? -ore : ore;
}

export function readSie(bytes: Buffer): ReadSie {
  const text = iconv.decode(bytes, 'cp437');
  if (!iconv.encode(text, 'cp437').equals(bytes)) throw new Error('filen är inte i teckentabell 437');
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const result: ReadSie = { records: new Map(), accounts: new Map(), dimensions: new Map(), objects: new Map(), vouchers: [] };
  let group = 0;
  let first = true;
  let current: ReadVoucher | null = null;
  let inBraces = false;
  const lastNumber = new Map<string, number>();
  lines.forEach((raw, index) => {
    const line = index + 1;
    const unended = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (/[\u0000-\u0008\u000a-\u001f\u007f]/.test(unended)) throw new SieReadError(line, 'kontrolltecken i raden');
    // Blank lines are allowed anywhere; fields are separated by spaces or tabs (indenting too).
    const l = unended.trim();
    if (l === '') return;
    if (l === '{' || l === '}') {
      if (l === '{') {
        if (!current || inBraces || current.trans.length > 0) throw new SieReadError(line, '{ utan en #VER före');
        inBraces = true;
      } else {
        if (!current || !inBraces) throw new SieReadError(line, '} utan {');
        const balance = current.trans.reduce((s, t) => s + t.amountOre, 0);
        if (balance !== 0) throw new SieReadError(line, `verifikation ${current.series} ${current.number} balanserar inte (${balance} öre)`);
        result.vouchers.push(current);
        current = null;
        inBraces = false;
      }
      return;
    }
    if (l.startsWith('{') || (l.endsWith('}') && !l.startsWith('#'))) throw new SieReadError(line, 'klamrar ska stå ensamma på sin rad');
    const [label, ...rest] = fields(l, line);
    if (typeof label !== 'string' || !LABELS.has(label)) throw new SieReadError(line, `okänd etikett ${String(label)}`);
    if (NOT_IN_4I.has(label)) throw new SieReadError(line, `${label} får inte förekomma i en fil av typ 4I`);
    if (first && label !== '#FLAGGA') throw new SieReadError(line, 'filen ska börja med #FLAGGA');
    first = false;
    if (label === '#TRANS' || label === '#RTRANS' || label === '#BTRANS') {
      if (!current || !inBraces) throw new SieReadError(line, `${label} utanför en verifikation`);
      if (label !== '#TRANS') return;
      const account = str(rest[0], line, 'konto');
      if (!/^\d+$/.test(account)) throw new SieReadError(line, `kontonumret är inte numeriskt: ${account}`);
      const list = rest[1];
      if (!Array.isArray(list)) throw new SieReadError(line, 'objektlistan saknas');
      if (list.length % 2 !== 0) throw new SieReadError(line, 'objektlistan ska vara par av dimension och objekt');
      const objects: [string, string][] = [];
      for (let k = 0; k < list.length; k += 2) objects.push([str(list[k], line, 'dimension'), str(list[k + 1], line, 'objekt')]);
      current.trans.push({ account, objects, amountOre: amount(rest[2], line) });
      return;
    }
    if (current) throw new SieReadError(line, `${label} inne i en verifikation`);
    const g = GROUP[label] ?? 1;
    if (g < group) throw new SieReadError(line, `${label} står efter poster som ska komma efter den`);
    group = g;
    const list = result.records.get(label) ?? [];
    list.push(rest);
    result.records.set(label, list);
    switch (label) {
      case '#FLAGGA':
        if (rest[0] !== '0' && rest[0] !== '1') throw new SieReadError(line, 'flaggan ska vara 0 eller 1');
        break;
      case '#FORMAT':
        if (rest[0] !== 'PC8') throw new SieReadError(line, 'formatet ska vara PC8');
        break;
      case '#SIETYP':
        if (rest[0] !== '4') throw new SieReadError(line, 'en verifikationsfil är av typ 4');
        break;
      case '#GEN':
        date(rest[0], line, 'genereringsdatum');
        break;
      case '#ORGNR':
        if (!/^\d{6}-\d{4}$/.test(str(rest[0], line, 'organisationsnummer')))
          throw new SieReadError(line, 'organisationsnumret ska ha bindestreck efter sjätte siffran');
        break;
      case '#KONTO':
        result.accounts.set(str(rest[0], line, 'konto'), str(rest[1], line, 'kontonamn'));
        break;
      case '#DIM':
        result.dimensions.set(str(rest[0], line, 'dimension'), str(rest[1], line, 'dimensionsnamn'));
        break;
      case '#OBJEKT': {
        const dim = str(rest[0], line, 'dimension');
        if (!result.dimensions.has(dim)) throw new SieReadError(line, `dimension ${dim} är inte deklarerad`);
        result.objects.set(`${dim} ${str(rest[1], line, 'objekt')}`, str(rest[2], line, 'objektnamn'));
        break;
      }
      case '#VER': {
        const series = str(rest[0], line, 'serie');
        const numberText = str(rest[1], line, 'verifikationsnummer');
        if (!/^\d+$/.test(numberText)) throw new SieReadError(line, 'verifikationsnumret ska vara ett tal');
        const number = Number(numberText);
        if (number <= (lastNumber.get(series) ?? 0))
          throw new SieReadError(line, `verifikationerna i serie ${series} står inte i stigande nummerordning`);
        lastNumber.set(series, number);
        current = {
          series,
          number,
          date: date(rest[2], line, 'verifikationsdatum'),
          text: rest[3] === undefined ? '' : str(rest[3], line, 'verifikationstext'),
          registered: rest[4] === undefined ? null : date(rest[4], line, 'registreringsdatum'),
          trans: [],
        };
        break;
      }
      default:
        break;
    }
  });
  if (current) throw new Error('filen slutar inne i en verifikation');
  for (const r of REQUIRED) if (!result.records.has(r)) throw new Error(`obligatorisk post ${r} saknas`);
  for (const v of result.vouchers) {
    for (const t of v.trans) {
      if (!result.accounts.has(t.account)) throw new Error(`konto ${t.account} används men är inte deklarerat med #KONTO`);
      for (const [dim, obj] of t.objects)
        if (!result.objects.has(`${dim} ${obj}`)) throw new Error(`objekt ${dim} "${obj}" används men är inte deklarerat`);
    }
  }
  return result;
}
