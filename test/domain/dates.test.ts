import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  addYears,
  dayNumber,
  excelSerialToIso,
  fromDayNumber,
  isIsoDate,
  quarterEnd,
  quarterOf,
  quarterStart,
  twelveMonthPeriodEnd,
} from '../../src/domain/dates.js';
import { ageOn, isYoungerThan } from '../../src/domain/age.js';

describe('month and year arithmetic (lag 1930:173 1 §)', () => {
  it('ends on the last day when the end month lacks the day', () => {
    expect(addMonths('2025-08-31', 1)).toBe('2025-09-30');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addYears('2024-02-29', 1)).toBe('2025-02-28');
    expect(addYears('2024-02-29', 4)).toBe('2028-02-29');
    expect(addMonths('2025-03-15', -3)).toBe('2024-12-15');
  });
});

describe('twelve-month periods (SPEC §5.3)', () => {
  it('ends the day before the same date a year later', () => {
    expect(twelveMonthPeriodEnd('2024-03-01')).toBe('2025-02-28');
    expect(twelveMonthPeriodEnd('2024-01-10')).toBe('2025-01-09');
    expect(twelveMonthPeriodEnd('2023-03-01')).toBe('2024-02-29');
  });
  it('a start on 29 February ends on 28 February', () => {
    expect(twelveMonthPeriodEnd('2024-02-29')).toBe('2025-02-28');
  });
  it('always spans 365 or 366 days and never overlaps the period starting the day after it ends', () => {
    fc.assert(
      fc.property(fc.integer({ min: dayNumber('2000-01-01'), max: dayNumber('2040-12-31') }), (n) => {
        const start = fromDayNumber(n);
        const end = twelveMonthPeriodEnd(start);
        const days = dayNumber(end) - n + 1;
        expect(days === 365 || days === 366).toBe(true);
        expect(twelveMonthPeriodEnd(addDays(end, 1)) > end).toBe(true);
      }),
    );
  });
});

describe('quarters', () => {
  it('names and bounds calendar quarters', () => {
    expect(quarterOf('2025-05-06')).toBe('2025Q2');
    expect(quarterStart('2025Q2')).toBe('2025-04-01');
    expect(quarterEnd('2025Q2')).toBe('2025-06-30');
    expect(quarterEnd('2024Q1')).toBe('2024-03-31');
    expect(quarterEnd('2025Q4')).toBe('2025-12-31');
  });
});

describe('Excel serial days', () => {
  it('1900 system (with the phantom 1900-02-29) and 1904 system', () => {
    expect(excelSerialToIso(45691)).toBe('2025-02-03');
    expect(excelSerialToIso(36526)).toBe('2000-01-01');
    expect(excelSerialToIso(61)).toBe('1900-03-01');
    expect(excelSerialToIso(44229, true)).toBe('2025-02-03');
    expect(excelSerialToIso(45691.75)).toBe('2025-02-03');
  });
  it('round-trips every day from 2000 to 2040', () => {
    fc.assert(
      fc.property(fc.integer({ min: 36526, max: 51500 }), (serial) => {
        const iso = excelSerialToIso(serial)!;
        expect(isIsoDate(iso)).toBe(true);
        expect(excelSerialToIso(serial - 1462, true)).toBe(iso);
        expect(dayNumber(iso) - dayNumber(excelSerialToIso(serial - 1)!)).toBe(1);
      }),
    );
  });
});

describe('age (SPEC §4)', () => {
  it('turns 18 on the same date 18 years later', () => {
    expect(isYoungerThan('2007-05-05', 18, '2025-05-04')).toBe(true);
    expect(isYoungerThan('2007-05-05', 18, '2025-05-05')).toBe(false);
  });
  it('a 29 February child turns 18 on 28 February', () => {
    expect(isYoungerThan('2008-02-29', 18, '2026-02-27')).toBe(true);
    expect(isYoungerThan('2008-02-29', 18, '2026-02-28')).toBe(false);
    expect(ageOn('2008-02-29', '2026-02-28')).toBe(18);
    expect(ageOn('2008-02-29', '2026-02-27')).toBe(17);
  });
});
