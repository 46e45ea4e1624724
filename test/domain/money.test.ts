import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_ABS_ORE, formatKronor, moneyTextSyntax, oreFromNumber, parseMoneyText, parseMoneyTextResult } from '../../src/domain/money.js';

describe('money text (SPEC §3.1)', () => {
  it.each([
    ['1 234,50', 123450],
    ['1234.50', 123450],
    ['1 234 kr', 123400],
    ['1 234kr', 123400],
    ['1 234 KR', 123400],
    ['1234 Kr', 123400],
    ['-500,00', -50000],
    ['−500', -50000],
    ['1 234 567', 123456700],
    ['1\u00a0234\u00a0567,89', 123456789],
    ['1\u202f234,5', 123450],
    ['12,5', 1250],
    ['0,05', 5],
    ['0', 0],
    ['-0', 0],
    ['  1 234,50  ', 123450],
    ['100 000 000', 10_000_000_000],
    ['-100 000 000,00', -10_000_000_000],
    ['007', 700],
  ])('accepts %j as %i öre', (text, ore) => {
    expect(parseMoneyText(text)).toBe(ore);
  });

  it.each([
    ['1.234'],
    ['1,234'],
    ['12a'],
    ['1234 567'],
    [''],
    ['   '],
    ['+500'],
    ['- 500'],
    ['1 23'],
    ['1,2,3'],
    ['1e5'],
    ['kr'],
    ['1 234,567'],
    ['1.2.3'],
    ['12 kr kr'],
    ['0x10'],
    [',50'],
  ])('rejects %j', (text) => {
    expect(parseMoneyText(text)).toBeNull();
  });

  it('rejects amounts beyond ±100 000 000 kr with a reason saying so', () => {
    const r = parseMoneyTextResult('100 000 000,01');
    expect(r).toEqual({ ok: false, reason: 'beloppet ligger utanför ±100 000 000 kr' });
    expect(parseMoneyText('-1000000000')).toBeNull();
    expect(parseMoneyText('99999999999999999999')).toBeNull();
  });

  it('gives Swedish reasons', () => {
    expect(parseMoneyTextResult('12a')).toMatchObject({ ok: false, reason: expect.stringContaining('kan inte tolkas') });
  });
});

describe('money number cells', () => {
  it('converts through the decimal text, not by truncating a float', () => {
    expect(oreFromNumber(1234.57)).toEqual({ ok: true, ore: 123457 });
    expect(oreFromNumber(1234.5)).toEqual({ ok: true, ore: 123450 });
    expect(oreFromNumber(0.1 + 0.2)).toEqual({ ok: true, ore: 30 });
    expect(oreFromNumber(-19.99)).toEqual({ ok: true, ore: -1999 });
    expect(oreFromNumber(4.35)).toEqual({ ok: true, ore: 435 });
    expect(oreFromNumber(100_000_000)).toEqual({ ok: true, ore: 10_000_000_000 });
    expect(oreFromNumber(-0)).toEqual({ ok: true, ore: 0 });
  });

  it('rejects more than two decimals, out-of-bound values and non-numbers', () => {
    expect(oreFromNumber(1234.567)).toMatchObject({ ok: false, reason: 'beloppet har fler än två decimaler' });
    expect(oreFromNumber(0.001)).toMatchObject({ ok: false });
    expect(oreFromNumber(1e-7)).toMatchObject({ ok: false });
    expect(oreFromNumber(1.000000001)).toMatchObject({ ok: false });
    expect(oreFromNumber(100_000_000.01)).toMatchObject({ ok: false, reason: 'beloppet ligger utanför ±100 000 000 kr' });
    expect(oreFromNumber(Number.NaN)).toMatchObject({ ok: false });
    expect(oreFromNumber(Number.POSITIVE_INFINITY)).toMatchObject({ ok: false });
  });

  it('every whole number of öre within bounds survives the trip through a kronor float', () => {
    fc.assert(
      fc.property(fc.integer({ min: -MAX_ABS_ORE, max: MAX_ABS_ORE }), (ore) => {
        expect(oreFromNumber(ore / 100)).toEqual({ ok: true, ore: ore === 0 ? 0 : ore });
      }),
      { numRuns: 2000 },
    );
  });
});

/** Swedish text for öre in one of the accepted styles. */
function moneyText(ore: number, style: { group: string; decimal: ',' | '.'; decimals: 0 | 1 | 2; kr: string; minus: string }): string {
  const abs = Math.abs(ore);
  const whole = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, style.group);
  const frac = String(abs % 100).padStart(2, '0');
  const decimals = style.decimals === 0 ? '' : `${style.decimal}${style.decimals === 1 ? frac[0] : frac}`;
  return `${ore < 0 ? style.minus : ''}${whole}${decimals}${style.kr}`;
}

describe('money text properties', () => {
  const style = fc.record({
    group: fc.constantFrom('', ' ', '\u00a0', '\u202f'),
    decimal: fc.constantFrom(',' as const, '.' as const),
    decimals: fc.constantFrom(0 as const, 1 as const, 2 as const),
    kr: fc.constantFrom('', ' kr', 'kr', ' KR', ' Kr'),
    minus: fc.constantFrom('-', '\u2212'),
  });

  it('reads back every amount it is written as, exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: -MAX_ABS_ORE, max: MAX_ABS_ORE }), style, (ore, st) => {
        // Fewer decimals than the amount has would lose öre: round the expectation like the text.
        const expected =
          st.decimals === 2
            ? ore
            : st.decimals === 1
              ? Math.sign(ore) * Math.floor(Math.abs(ore) / 10) * 10
              : Math.sign(ore) * Math.floor(Math.abs(ore) / 100) * 100;
        const got = parseMoneyText(moneyText(ore, st));
        expect(got).toBe(expected === 0 ? 0 : expected);
      }),
      { numRuns: 3000 },
    );
  });

  it('only ever returns integers within bounds', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('0', '1', '9', ' ', ',', '.', '-', 'k', 'r', '\u00a0', '\u2212', 'a') }), (text) => {
        const ore = parseMoneyText(text);
        if (ore !== null) {
          expect(Number.isSafeInteger(ore)).toBe(true);
          expect(Math.abs(ore)).toBeLessThanOrEqual(MAX_ABS_ORE);
        }
      }),
      { numRuns: 3000 },
    );
  });
});

describe('formatKronor', () => {
  it('writes Swedish kronor with grouped thousands and a decimal comma', () => {
    expect(formatKronor(123450)).toBe('1 234,50 kr');
    expect(formatKronor(-50000)).toBe('-500,00 kr');
    expect(formatKronor(0)).toBe('0,00 kr');
    expect(formatKronor(5)).toBe('0,05 kr');
    expect(formatKronor(10_000_000_000)).toBe('100 000 000,00 kr');
    expect(formatKronor(123450, { unit: false })).toBe('1 234,50');
  });

  it('round-trips through the parser', () => {
    fc.assert(
      fc.property(fc.integer({ min: -MAX_ABS_ORE, max: MAX_ABS_ORE }), (ore) => {
        expect(parseMoneyText(formatKronor(ore))).toBe(ore === 0 ? 0 : ore);
      }),
    );
  });

  it('refuses non-integers', () => {
    expect(() => formatKronor(1.5)).toThrow();
  });
});

describe('the plain-form fast path', () => {
  it('reads every text exactly as the whole syntax does', () => {
    const text = fc.string({ unit: fc.constantFrom('0', '1', '5', '9', '-', ',', '.', ' ', 'k', 'r'), maxLength: 16 });
    fc.assert(
      fc.property(text, (t) => {
        expect(parseMoneyTextResult(t)).toEqual(moneyTextSyntax(t));
      }),
      { numRuns: 20000 },
    );
    for (const t of [
      '0',
      '-0',
      '1234,5',
      '1234.50',
      '999999999,99',
      '1000000000',
      '100000000,00',
      '100000000,01',
      '-100000000',
      '007',
      '1,',
      ',5',
      '-',
      '',
    ]) {
      expect(parseMoneyTextResult(t)).toEqual(moneyTextSyntax(t));
    }
  });
});
