// src/domain/age.ts: ageOn counts the birthdays birthdayOfAge gives (SPEC §4, 28 February for a
// 29 February birth in a common year), whatever shortcut it takes to do so.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ageOn, birthdayOfAge } from '../../src/domain/age.js';
import { toIso } from '../../src/domain/dates.js';

const date = fc
  .record({ y: fc.integer({ min: 1896, max: 2104 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 31 }) })
  .filter(({ y, m, d }) => d <= new Date(Date.UTC(y, m, 0)).getUTCDate())
  .map(({ y, m, d }) => toIso(y, m, d));

/** The birthdays up to and including `onDate`, counted one by one. */
function birthdaysPassed(birthDate: string, onDate: string): number {
  const years = Number(onDate.slice(0, 4)) - Number(birthDate.slice(0, 4));
  if (years <= 0) return years;
  let age = 0;
  while (age < years && birthdayOfAge(birthDate, age + 1) <= onDate) age++;
  return age;
}

describe('ageOn', () => {
  it('equals the birthdays passed, 29 February included', () => {
    fc.assert(
      fc.property(date, date, (birth, on) => {
        expect(ageOn(birth, on)).toBe(birthdaysPassed(birth, on));
      }),
      { numRuns: 3000 },
    );
    const leap = fc.constantFrom('2000-02-29', '2004-02-29', '1996-02-29');
    const around = fc.constantFrom('02-27', '02-28', '02-29', '03-01');
    fc.assert(
      fc.property(leap, fc.integer({ min: 2000, max: 2030 }), around, (birth, y, md) => {
        const on = `${y}-${md}`;
        if (md === '02-29' && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0))) return;
        expect(ageOn(birth, on)).toBe(birthdaysPassed(birth, on));
      }),
    );
  });

  it('turns 18 on the 18th birthday, and on 28 February for a 29 February birth in a common year', () => {
    expect(ageOn('2007-06-15', '2025-06-14')).toBe(17);
    expect(ageOn('2007-06-15', '2025-06-15')).toBe(18);
    expect(ageOn('2008-02-29', '2026-02-27')).toBe(17);
    expect(ageOn('2008-02-29', '2026-02-28')).toBe(18);
    expect(ageOn('2008-02-29', '2028-02-28')).toBe(19);
    expect(ageOn('2008-02-29', '2028-02-29')).toBe(20);
  });
});
