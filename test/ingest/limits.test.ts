// The value-level limits (README "Limits"): text over 32 767 characters becomes a bad cell that
// every parser rejects and no list shows whole; number cells that hold no number and dates with an
// impossible time are rejected; names and commander's messages are printed on one safe line.
import { describe, expect, it } from 'vitest';
import { commanderMessage } from '../../src/cli/commander-output.js';
import { parseMoneyTextResult } from '../../src/domain/money.js';
import { MAX_CELL_CHARS } from '../../src/ingest/limits.js';
import { displayValue } from '../../src/ingest/row-validator.js';
import {
  Invalid,
  TOO_LONG_REASON,
  displayCell,
  enumParser,
  fromExcelValue,
  isBadCell,
  parseDate,
  parseJaNej,
  parseMoney,
  parseQuantity,
  parseText,
  textCell,
} from '../../src/ingest/values.js';
import { printable, terminalSafeJson } from '../../src/util/printable.js';

const reason = (v: unknown) => (v instanceof Invalid ? v.reason : v);

describe('cells over the limit', () => {
  const long = `19881111-1015 ${'x'.repeat(MAX_CELL_CHARS)}`;

  it('32 767 characters are a cell; one more is a bad cell, from xlsx and csv alike', () => {
    expect(textCell('a'.repeat(MAX_CELL_CHARS))).toHaveLength(MAX_CELL_CHARS);
    expect(isBadCell(textCell(long))).toBe(true);
    expect(isBadCell(fromExcelValue(long))).toBe(true);
    expect(isBadCell(fromExcelValue({ richText: [{ text: long.slice(0, 20_000) }, { text: long.slice(20_000) }] }))).toBe(true);
  });

  it('every parser rejects it with the same Swedish reason', () => {
    const cell = textCell(long);
    const parsers = [parseText, (c: typeof cell) => parseDate(c, false), parseMoney, parseQuantity, parseJaNej, enumParser(['vård'], 'kostnadstyp')];
    for (const p of parsers) expect(reason(p(cell))).toBe(TOO_LONG_REASON);
    expect(TOO_LONG_REASON).toMatch(/32 767 tecken/);
    // A long string that reaches a parser directly is rejected too.
    expect(reason(parseText(long))).toBe(TOO_LONG_REASON);
  });

  it('is shown cut short with its length, identity numbers masked in any column', () => {
    const shown = displayCell(textCell(long))!;
    expect(shown).toBe('19881111-**** xxxxxxxxxx… (32 781 tecken)');
    expect(displayValue('unit', textCell(long))).toBe(shown);
    expect(displayValue('person_id', textCell(long))).not.toContain('1015');
    expect(displayValue('name', textCell(long))).not.toContain('1015');
  });

  it('a number cell that holds no number, a missing shared string: bad cells', () => {
    expect(reason(parseMoney(fromExcelValue({ notANumber: '12a' })))).toMatch(/talcell/);
    expect(displayCell(fromExcelValue({ notANumber: '12a' }))).toBe('12a');
    expect(reason(parseText(fromExcelValue({ missingSharedString: 9 })))).toMatch(/delad text som saknas/);
  });

  it('money text longer than any amount is not looked at', () => {
    expect(parseMoneyTextResult(`${'1'.repeat(100_000)}x`)).toMatchObject({ ok: false });
  });
});

describe('dates with a time', () => {
  it('a real time of day is allowed after the date (ISO date cells); any other is rejected', () => {
    expect(parseDate('2025-02-03T23:59:59', false)).toBe('2025-02-03');
    expect(parseDate('2025-02-03 10:00', false)).toBe('2025-02-03');
    expect(reason(parseDate('2025-02-03T25:61', false))).toMatch(/klockslag/);
    expect(reason(parseDate('2025-02-03T10:60', false))).toMatch(/klockslag/);
    expect(reason(parseDate('2025-02-03T10:00:61', false))).toMatch(/klockslag/);
    expect(reason(parseDate('2025-02-03T10', false))).toMatch(/kan inte tolkas/);
    expect(reason(parseDate('2025-02-03x', false))).toMatch(/kan inte tolkas/);
  });
});

describe('printing', () => {
  it('control characters, bidirectional overrides and backslashes are escaped', () => {
    expect(printable('a\nb\r\tc\u001b[31m\u0007\u009b\u202e\\d')).toBe('a\\nb\\r\\tc\\x1b[31m\\x07\\u009b\\u202e\\\\d');
    expect(printable('/tmp/kostnader 2025 – Åre.csv')).toBe('/tmp/kostnader 2025 – Åre.csv');
  });

  it('JSON for the terminal escapes the controls JSON.stringify leaves raw, and parses back the same', () => {
    const value = { file: 'a\u009b2J\u007f\u2028\u001b.csv', n: 1 };
    const text = terminalSafeJson(value);
    expect(text).toBe('{"file":"a\\u009b2J\\u007f\\u2028\\u001b.csv","n":1}');
    expect(JSON.parse(text)).toEqual(value);
  });

  it("commander's messages become one Swedish line", () => {
    expect(commanderMessage("error: unknown option '--as-off'\n(Did you mean --as-of?)")).toBe("okänd flagga '--as-off' (menade du --as-of?)");
    expect(commanderMessage("error: missing required argument 'id'")).toBe('argumentet id saknas');
    expect(commanderMessage("error: option '--as-of <date>' argument missing")).toBe('flaggan --as-of <date> behöver ett värde');
    expect(commanderMessage("error: too many arguments for 'mark'. Expected 1 argument but got 2.")).toBe(
      'för många argument till mark: högst 1, fick 2',
    );
    expect(commanderMessage("error: unknown command 'rn'\n(Did you mean run?)")).toBe("okänt kommando 'rn' (menade du run?)");
    expect(commanderMessage("error: unknown option '--x\u001b[2J'")).toBe("okänd flagga '--x\\x1b[2J'");
  });
});
