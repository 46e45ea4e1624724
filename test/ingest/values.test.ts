import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayNumber, fromDayNumber } from '../../src/domain/dates.js';
import { COST_TYPES, CARE_CATEGORIES, CARE_SETTINGS, ACTIVITIES, GROUPS } from '../../src/domain/types.js';
import {
  Invalid,
  enumParser,
  fromExcelValue,
  parseDate,
  parseIcd10,
  parseIcd10List,
  parseJaNej,
  parseMoney,
  parseQuantity,
  parseText,
} from '../../src/ingest/values.js';

const reason = (v: unknown) => (v instanceof Invalid ? v.reason : v);

describe('dates (SPEC §3.1)', () => {
  it('reads the three text forms', () => {
    expect(parseDate('2025-03-07', false)).toBe('2025-03-07');
    expect(parseDate('20250307', false)).toBe('2025-03-07');
    expect(parseDate('2025/03/07', false)).toBe('2025-03-07');
    expect(parseDate(' 2025-03-07 ', false)).toBe('2025-03-07');
  });

  it('reads xlsx date cells and Excel serial numbers in both date systems', () => {
    expect(parseDate(new Date(Date.UTC(2025, 2, 7)), false)).toBe('2025-03-07');
    // Some writers store midnight as 23:59:59.999 of the day before.
    expect(parseDate(new Date(Date.UTC(2025, 2, 6, 23, 59, 59, 999)), false)).toBe('2025-03-07');
    expect(parseDate(45723, false)).toBe('2025-03-07');
    expect(parseDate(45723.75, false)).toBe('2025-03-07');
    expect(parseDate(45723 - 1462, true)).toBe('2025-03-07');
    expect(parseDate('45723', false)).toBe('2025-03-07');
  });

  it('an ISO date cell (t="d") may carry a time', () => {
    expect(parseDate('2025-03-07T00:00:00', false)).toBe('2025-03-07');
    expect(parseDate('2025-03-07T00:00:00.000Z', false)).toBe('2025-03-07');
  });

  it('rejects impossible dates and other forms with Swedish reasons', () => {
    expect(reason(parseDate('2025-02-30', false))).toBe('datumet finns inte i kalendern');
    expect(reason(parseDate('20250230', false))).toBe('datumet finns inte i kalendern');
    for (const bad of ['07.03.2025', '2025-3-7', '7/3/2025', 'igår', '2025-03', '202503071', true]) {
      expect(reason(parseDate(bad as string, false))).toMatch(/kan inte tolkas/);
    }
    expect(reason(parseDate({ error: '#N/A' }, false))).toMatch(/fel/);
    expect(parseDate('', false)).toBeNull();
    expect(parseDate(null, false)).toBeNull();
  });

  it('property: every real date reads the same from every form', () => {
    fc.assert(
      fc.property(fc.integer({ min: dayNumber('1905-01-01'), max: dayNumber('2099-12-31') }), (n) => {
        const iso = fromDayNumber(n);
        const serial = n - dayNumber('1899-12-30');
        expect(parseDate(iso, false)).toBe(iso);
        expect(parseDate(iso.replace(/-/g, ''), false)).toBe(iso);
        expect(parseDate(iso.replace(/-/g, '/'), false)).toBe(iso);
        expect(parseDate(serial, false)).toBe(iso);
        expect(parseDate(serial - 1462, true)).toBe(iso);
        expect(parseDate(new Date(`${iso}T00:00:00Z`), false)).toBe(iso);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('enumerations', () => {
  it('match case- and diacritic-insensitively, spaces for underscores', () => {
    const category = enumParser(CARE_CATEGORIES, 'vårdkategori');
    expect(category('Kan ej anstå')).toBe('kan_ej_anstå');
    expect(category('KAN EJ ANSTA')).toBe('kan_ej_anstå');
    expect(category('kan_ej_anstå')).toBe('kan_ej_anstå');
    expect(category(' mödrahälsovård ')).toBe('mödrahälsovård');
    expect(category('Modrahalsovard')).toBe('mödrahälsovård');
    expect(category('Tandvård akut')).toBe('tandvård_akut');
    expect(category('')).toBeNull();
    expect(reason(category('akutt'))).toMatch(/^okänt värde för vårdkategori \(tillåtna: akut, kan ej anstå/);
    expect(reason(category(3))).toMatch(/okänt värde/);
  });

  it('every value of every enumeration matches in its written and shouted forms', () => {
    for (const [values, name] of [
      [COST_TYPES, 'kostnadstyp'],
      [CARE_CATEGORIES, 'vårdkategori'],
      [CARE_SETTINGS, 'vårdform'],
      [ACTIVITIES, 'aktivitet'],
      [GROUPS, 'grupp'],
    ] as const) {
      const parse = enumParser(values as readonly string[], name);
      for (const v of values) {
        expect(parse(v)).toBe(v);
        expect(parse(v.toUpperCase().replace(/_/g, ' '))).toBe(v);
        expect(parse(v.normalize('NFD').replace(/[\u0300-\u036f]/g, ''))).toBe(v);
      }
    }
  });
});

describe('ICD-10, ja/nej, quantity, text', () => {
  it('ICD-10 codes with or without the dot, upper-cased', () => {
    expect(parseIcd10('F43.1')).toBe('F43.1');
    expect(parseIcd10('f431')).toBe('F431');
    expect(parseIcd10('S72.00')).toBe('S72.00');
    expect(parseIcd10('B20')).toBe('B20');
    expect(parseIcd10('')).toBeNull();
    for (const bad of ['F4', '43.1', 'F43.', 'F43.1 F32', 'PTSD', 'FF43']) expect(reason(parseIcd10(bad))).toMatch(/ICD-10/);
  });

  it('underlying diagnoses separated by comma, semicolon or space', () => {
    expect(parseIcd10List('F43.1, e11;I10  N18.5')).toBe('F43.1 E11 I10 N18.5');
    expect(parseIcd10List(' ; ')).toBeNull();
    expect(reason(parseIcd10List('F43, diabetes'))).toMatch(/ICD-10/);
  });

  it('ja/nej in any case, boolean cells, empty = null', () => {
    expect(parseJaNej('ja')).toBe(true);
    expect(parseJaNej('JA')).toBe(true);
    expect(parseJaNej(' Nej ')).toBe(false);
    expect(parseJaNej(true)).toBe(true);
    expect(parseJaNej('')).toBeNull();
    expect(reason(parseJaNej('kanske'))).toBe('värdet ska vara ja eller nej');
    expect(reason(parseJaNej('yes'))).toBe('värdet ska vara ja eller nej');
  });

  it('quantity: an integer ≥ 0', () => {
    expect(parseQuantity('3')).toBe(3);
    expect(parseQuantity(0)).toBe(0);
    expect(parseQuantity(12)).toBe(12);
    expect(parseQuantity('')).toBeNull();
    for (const bad of ['-1', '1,5', '1.5', 'två', -1, 1.5]) expect(reason(parseQuantity(bad as string))).toMatch(/heltal/);
  });

  it('money cells: numbers and Swedish text', () => {
    expect(parseMoney(1234.5)).toBe(123450);
    expect(parseMoney('1 234,50')).toBe(123450);
    expect(parseMoney('')).toBeNull();
    expect(reason(parseMoney('12a'))).toMatch(/kan inte tolkas/);
    expect(reason(parseMoney(new Date()))).toMatch(/tal i kronor/);
  });

  it('text: trimmed, numbers without exponent or decimals noise', () => {
    expect(parseText('  K-1 ')).toBe('K-1');
    expect(parseText('   ')).toBeNull();
    expect(parseText(198501011234)).toBe('198501011234');
    expect(parseText(12.5)).toBe('12.5');
    expect(reason(parseText({ error: '#REF!' }))).toMatch(/fel/);
  });
});

describe('exceljs values → cells', () => {
  it('joins rich text, takes cached formula results, hyperlink texts and error codes', () => {
    expect(fromExcelValue({ richText: [{ text: 'Vård' }, { text: 'central' }] })).toBe('Vårdcentral');
    expect(fromExcelValue({ formula: 'A1*2', result: 2468 })).toBe(2468);
    expect(fromExcelValue({ sharedFormula: 'A1', result: 'x' })).toBe('x');
    expect(fromExcelValue({ formula: 'A1' })).toBeNull();
    expect(fromExcelValue({ formula: 'NA()', result: { error: '#N/A' } })).toEqual({ error: '#N/A' });
    expect(fromExcelValue({ text: 'K-1', hyperlink: 'https://example.org' })).toBe('K-1');
    expect(fromExcelValue({ error: '#DIV/0!' })).toEqual({ error: '#DIV/0!' });
    expect(fromExcelValue(Number.NaN)).toEqual({ error: '#VALUE!' });
    expect(fromExcelValue(undefined)).toBeNull();
  });
});
