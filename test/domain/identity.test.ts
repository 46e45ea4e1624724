import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, dayNumber, fromDayNumber } from '../../src/domain/dates.js';
import {
  birthDateFromIdentity,
  isPersonalIdentityNumber,
  isUnder18,
  luhnValid,
  maskIdentity,
  maskRawIdentity,
  normalizeIdentity,
} from '../../src/domain/identity.js';

const AS_OF = '2026-01-15';

/** The check digit that makes YYMMDDNNN? pass Luhn. */
function checkDigit(nine: string): string {
  for (let d = 0; d < 10; d++) if (luhnValid(`${nine}${d}`)) return String(d);
  throw new Error('no check digit');
}

/** A valid 12-digit form for a birth date (day + 60 for a samordningsnummer). */
function pnr(iso: string, serial = '123', samordning = false): string {
  const [y, m, d] = iso.split('-');
  const day = String(Number(d) + (samordning ? 60 : 0)).padStart(2, '0');
  return `${y}${m}${day}-${serial}${checkDigit(`${y!.slice(2)}${m}${day}${serial}`)}`;
}

describe('personnummer normalisation (SPEC §4)', () => {
  const id = pnr('1985-01-01');

  it('accepts 12 and 10 digits, with or without the dash', () => {
    for (const form of [id, id.replace('-', ''), id.slice(2), id.slice(2).replace('-', ''), `  ${id}  `]) {
      expect(normalizeIdentity(form, AS_OF)).toEqual({ ok: true, id, kind: 'personnummer', birthDate: '1985-01-01' });
    }
  });

  it('known test number 811218-9876', () => {
    expect(normalizeIdentity('811218-9876', AS_OF)).toMatchObject({ ok: true, id: '19811218-9876' });
  });

  it('rejects a failing checksum with a Swedish reason', () => {
    const bad = `${id.slice(0, -1)}${(Number(id.slice(-1)) + 1) % 10}`;
    expect(normalizeIdentity(bad, AS_OF)).toEqual({ ok: false, reason: 'kontrollsiffran stämmer inte (personnummer/samordningsnummer)' });
    expect(normalizeIdentity(bad.slice(2), AS_OF)).toMatchObject({ ok: false });
  });

  it('takes the century that makes the person 0–99 years old at the as-of date', () => {
    expect(normalizeIdentity(pnr('2025-06-30').slice(2), AS_OF)).toMatchObject({ id: pnr('2025-06-30') });
    // Born on the as-of date: age 0.
    expect(normalizeIdentity(pnr('2026-01-15').slice(2), AS_OF)).toMatchObject({ birthDate: '2026-01-15' });
    // A day after the as-of date in this century would be unborn: the previous century (age 99).
    expect(normalizeIdentity(pnr('1926-01-16').slice(2), AS_OF)).toMatchObject({ birthDate: '1926-01-16' });
    expect(normalizeIdentity(pnr('1927-01-15').slice(2), AS_OF)).toMatchObject({ birthDate: '1927-01-15' });
  });

  it('a + separator means 100 years or older', () => {
    const old = pnr('1920-05-05');
    expect(normalizeIdentity(old.slice(2).replace('-', '+'), AS_OF)).toMatchObject({ ok: true, id: old, birthDate: '1920-05-05' });
    const c = pnr('1885-01-01');
    expect(normalizeIdentity(c.slice(2).replace('-', '+'), AS_OF)).toMatchObject({ ok: true, id: c });
  });

  it('samordningsnummer: day + 60, birth date from day − 60', () => {
    const s = pnr('1990-03-07', '456', true);
    expect(s.slice(6, 8)).toBe('67');
    expect(normalizeIdentity(s.slice(2), AS_OF)).toEqual({ ok: true, id: s, kind: 'samordningsnummer', birthDate: '1990-03-07' });
    expect(birthDateFromIdentity(s)).toBe('1990-03-07');
  });

  it('a value whose date part is no real date is another identifier, kept trimmed and upper-cased', () => {
    expect(normalizeIdentity('19850231-1234', AS_OF)).toEqual({ ok: true, id: '19850231-1234', kind: 'other', birthDate: null });
    expect(normalizeIdentity('1234567890', AS_OF)).toMatchObject({ ok: true, id: '1234567890', kind: 'other' });
    // 29 February of a year that has none (10 digits: 1900 for someone over 99 is out; 2000 has one).
    expect(normalizeIdentity(pnr('2000-02-29').slice(2), AS_OF)).toMatchObject({ kind: 'personnummer', birthDate: '2000-02-29' });
  });

  it('dossier numbers and reservnummer stay as written, trimmed and upper-cased', () => {
    expect(normalizeIdentity(' 99887766 ', AS_OF)).toEqual({ ok: true, id: '99887766', kind: 'other', birthDate: null });
    expect(normalizeIdentity('res-12ab', AS_OF)).toMatchObject({ ok: true, id: 'RES-12AB' });
    expect(normalizeIdentity('850101 1234', AS_OF)).toMatchObject({ ok: true, id: '850101 1234', kind: 'other' });
    expect(normalizeIdentity('   ', AS_OF)).toEqual({ ok: false, reason: 'identitet saknas' });
  });

  it('property: every valid number normalises the same from all its forms; a changed check digit is rejected', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: dayNumber('1927-01-16'), max: dayNumber(AS_OF) }),
        fc.integer({ min: 0, max: 999 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 9 }),
        (day, serialNo, samordning, delta) => {
          const birth = fromDayNumber(day);
          const id12 = pnr(birth, String(serialNo).padStart(3, '0'), samordning);
          const expected = { ok: true, id: id12, kind: samordning ? 'samordningsnummer' : 'personnummer', birthDate: birth };
          expect(normalizeIdentity(id12, AS_OF)).toEqual(expected);
          expect(normalizeIdentity(id12.replace('-', ''), AS_OF)).toEqual(expected);
          expect(normalizeIdentity(id12.slice(2), AS_OF)).toEqual(expected);
          expect(normalizeIdentity(id12.slice(2).replace('-', ''), AS_OF)).toEqual(expected);
          const wrong = `${id12.slice(0, -1)}${(Number(id12.slice(-1)) + delta) % 10}`;
          expect(normalizeIdentity(wrong, AS_OF).ok).toBe(false);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('property: normalisation is idempotent and never throws', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('0', '1', '2', '5', '6', '9', '-', '+', ' ', 'A', 'b') }), (text) => {
        const r = normalizeIdentity(text, AS_OF);
        if (r.ok) expect(normalizeIdentity(r.id, AS_OF)).toMatchObject({ ok: true, id: r.id });
      }),
      { numRuns: 3000 },
    );
  });
});

describe('masking (SPEC §4)', () => {
  it('keeps the date part of a personnummer or samordningsnummer', () => {
    expect(maskIdentity('19850101-1234')).toBe('19850101-****');
    expect(maskIdentity('19850161-1234')).toBe('19850161-****');
  });

  it('keeps at most two characters of any other identifier', () => {
    expect(maskIdentity('99887766')).toBe('99****');
    expect(maskIdentity('RES-123')).toBe('RE****');
    expect(maskIdentity('AB123')).toBe('A****');
    expect(maskIdentity('ABC')).toBe('****');
    expect(maskIdentity('')).toBe('****');
  });

  it('masks raw values as written (for rejected rows)', () => {
    expect(maskRawIdentity(' 850101-1235 ')).toBe('850101-****');
    expect(maskRawIdentity('198501011235')).toBe('19850101-****');
    expect(maskRawIdentity('res-99887')).toBe('RE****');
  });

  it('never shows the last four digits', () => {
    fc.assert(
      fc.property(fc.integer({ min: dayNumber('1930-01-01'), max: dayNumber('2025-12-31') }), fc.integer({ min: 0, max: 999 }), (day, serial) => {
        const id = pnr(fromDayNumber(day), String(serial).padStart(3, '0'));
        // The date part may by chance contain the same four digits, so check the form, not a substring.
        expect(maskIdentity(id)).toBe(`${id.slice(0, 8)}-****`);
        expect(isPersonalIdentityNumber(id)).toBe(true);
      }),
    );
  });
});

describe('age (SPEC §4)', () => {
  it('turns 18 on the same date 18 years later', () => {
    expect(isUnder18('2008-06-15', '2026-06-14')).toBe(true);
    expect(isUnder18('2008-06-15', '2026-06-15')).toBe(false);
  });

  it('a 29 February birth turns 18 on 28 February', () => {
    expect(isUnder18('2008-02-29', '2026-02-27')).toBe(true);
    expect(isUnder18('2008-02-29', '2026-02-28')).toBe(false);
  });

  it('property: under 18 exactly until the 18th birthday', () => {
    fc.assert(
      fc.property(fc.integer({ min: dayNumber('1990-01-01'), max: dayNumber('2030-12-31') }), (day) => {
        const birth = fromDayNumber(day);
        const [y, m, d] = birth.split('-').map(Number) as [number, number, number];
        const turns = m === 2 && d === 29 ? `${y + 18}-02-28` : `${y + 18}${birth.slice(4)}`;
        expect(isUnder18(birth, addDays(turns, -1))).toBe(true);
        expect(isUnder18(birth, turns)).toBe(false);
      }),
    );
  });
});
