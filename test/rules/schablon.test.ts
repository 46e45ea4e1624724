// Expected schablon (förordning 1996:1357 6 §): registered on the quarter's last day, age band that
// day, paid the last banking day of the month after the quarter.
import { describe, expect, it } from 'vitest';
import type { Person } from '../../src/domain/types.js';
import { expectedSchablon, isBankingDay, registeredOn, schablonBand, schablonPaymentDate } from '../../src/rules/schablon.js';

/** The amounts of förordning (1996:1357) 6 § in öre, as a parsed configuration holds them. */
const SCHABLON_2025 = { upTo18Ore: 374_000, from19To60Ore: 443_500, from61Ore: 563_500 };

function p(over: Partial<Person>): Person {
  return {
    personId: 'X',
    group: 'asylsökande',
    birthDate: '1990-01-01',
    dossierNumber: null,
    name: null,
    lma: [{ from: '2024-01-01', to: null }],
    receptionDate: null,
    chronic3y: null,
    protectionLink: null,
    underlyingDiagnoses: [],
    municipality: null,
    ...over,
  };
}

describe('age bands on the quarter’s last day', () => {
  it('counts up to and including 18 years, 19–60, and 61 and older', () => {
    expect(schablonBand({ birthDate: '2007-03-31' }, '2025-03-31')).toBe('upTo18'); // 18 that day
    expect(schablonBand({ birthDate: '2006-03-31' }, '2025-03-31')).toBe('from19To60'); // 19 that day
    expect(schablonBand({ birthDate: '2006-04-01' }, '2025-03-31')).toBe('upTo18'); // 18 until tomorrow
    expect(schablonBand({ birthDate: '1964-03-31' }, '2025-03-31')).toBe('from61');
    expect(schablonBand({ birthDate: '1964-04-01' }, '2025-03-31')).toBe('from19To60'); // still 60
    expect(schablonBand({ birthDate: null }, '2025-03-31')).toBe('from19To60'); // unknown: adult
  });
});

describe('registration', () => {
  it('needs an LMA period covering the day and a group other than papperslös', () => {
    expect(registeredOn(p({}), '2025-06-30')).toBe(true);
    expect(registeredOn(p({ lma: [{ from: '2024-01-01', to: '2025-06-29' }] }), '2025-06-30')).toBe(false);
    expect(registeredOn(p({ lma: [{ from: '2024-01-01', to: '2025-06-30' }] }), '2025-06-30')).toBe(true);
    expect(registeredOn(p({ lma: [{ from: '2025-07-01', to: null }] }), '2025-06-30')).toBe(false);
    expect(registeredOn(p({ group: 'papperslös' }), '2025-06-30')).toBe(false);
    expect(registeredOn(p({ lma: [] }), '2025-06-30')).toBe(false);
  });
});

describe('payment date', () => {
  it('is the last banking day of the month after the quarter', () => {
    expect(schablonPaymentDate('2025Q2')).toBe('2025-07-31'); // Thursday
    expect(schablonPaymentDate('2025Q4')).toBe('2026-01-30'); // 31 January 2026 is a Saturday
    expect(schablonPaymentDate('2027Q2')).toBe('2027-07-30'); // 31 July 2027 is a Saturday
    expect(schablonPaymentDate('2025Q3')).toBe('2025-10-31');
    expect(schablonPaymentDate('2021Q1')).toBe('2021-04-30');
  });

  it('treats public holidays and the eves as non-banking days', () => {
    expect(isBankingDay('2025-12-24')).toBe(false);
    expect(isBankingDay('2025-06-20')).toBe(false); // midsommarafton
    expect(isBankingDay('2025-05-01')).toBe(false);
    expect(isBankingDay('2025-05-02')).toBe(true);
  });
});

describe('expectedSchablon', () => {
  it('counts persons per band and multiplies by the configured amounts in öre', () => {
    const persons = [
      p({ personId: 'a', birthDate: '2010-01-01' }),
      p({ personId: 'b', birthDate: '1990-01-01' }),
      p({ personId: 'c', birthDate: '1950-01-01' }),
      p({ personId: 'd', birthDate: '1950-01-01', group: 'papperslös' }),
      p({ personId: 'e', birthDate: '1990-01-01', lma: [{ from: '2024-01-01', to: '2025-03-30' }] }),
    ];
    const [q1, q2] = expectedSchablon(persons, ['2025Q1', '2025Q2'], SCHABLON_2025);
    expect(q1).toMatchObject({
      quarter: '2025Q1',
      lastDay: '2025-03-31',
      persons: { upTo18: 1, from19To60: 1, from61: 1 },
      rateOre: { upTo18: 374_000, from19To60: 443_500, from61: 563_500 },
      amountOre: { upTo18: 374_000, from19To60: 443_500, from61: 563_500 },
      totalPersons: 3,
      totalOre: 1_381_000,
      paymentDate: '2025-04-30',
    });
    expect(q2!.totalPersons).toBe(3);
    expect(Number.isInteger(q1!.totalOre)).toBe(true);
  });
});
