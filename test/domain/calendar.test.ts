import Holidays from 'date-holidays';
import { describe, expect, it } from 'vitest';
import { easterSunday, holidayEves, isDeadlineClosedDay, moveToNextWorkingDay, publicHolidays } from '../../src/domain/calendar.js';

// Easter Sunday as published in the Swedish almanac (Svenska kyrkans kalender), 2020–2035.
const EASTER = {
  2020: '2020-04-12',
  2021: '2021-04-04',
  2022: '2022-04-17',
  2023: '2023-04-09',
  2024: '2024-03-31',
  2025: '2025-04-20',
  2026: '2026-04-05',
  2027: '2027-03-28',
  2028: '2028-04-16',
  2029: '2029-04-01',
  2030: '2030-04-21',
  2031: '2031-04-13',
  2032: '2032-03-28',
  2033: '2033-04-17',
  2034: '2034-04-09',
  2035: '2035-03-25',
} as const;

// Midsommardagen (Saturday 20–26 June) and alla helgons dag (Saturday 31 Oct – 6 Nov) as published.
const MIDSOMMARDAGEN = {
  2020: '2020-06-20',
  2021: '2021-06-26',
  2022: '2022-06-25',
  2023: '2023-06-24',
  2024: '2024-06-22',
  2025: '2025-06-21',
  2026: '2026-06-20',
  2027: '2027-06-26',
  2028: '2028-06-24',
  2029: '2029-06-23',
  2030: '2030-06-22',
  2031: '2031-06-21',
  2032: '2032-06-26',
  2033: '2033-06-25',
  2034: '2034-06-24',
  2035: '2035-06-23',
} as const;
const ALLA_HELGONS_DAG = {
  2020: '2020-10-31',
  2021: '2021-11-06',
  2022: '2022-11-05',
  2023: '2023-11-04',
  2024: '2024-11-02',
  2025: '2025-11-01',
  2026: '2026-10-31',
  2027: '2027-11-06',
  2028: '2028-11-04',
  2029: '2029-11-03',
  2030: '2030-11-02',
  2031: '2031-11-01',
  2032: '2032-11-06',
  2033: '2033-11-05',
  2034: '2034-11-04',
  2035: '2035-11-03',
} as const;

const years = Array.from({ length: 16 }, (_, i) => 2020 + i);
const library = new Holidays('SE');
const libraryDates = (year: number, type: string) =>
  library
    .getHolidays(year)
    .filter((h) => h.type === type)
    .map((h) => h.date.slice(0, 10))
    .sort();

describe('Swedish holidays 2020–2035', () => {
  it.each(years)('Easter, midsommardagen and alla helgons dag %i match the almanac', (year) => {
    const y = year as keyof typeof EASTER;
    expect(easterSunday(year)).toBe(EASTER[y]);
    const holidays = publicHolidays(year);
    expect(holidays.get(MIDSOMMARDAGEN[y])).toBe('midsommardagen');
    expect(holidays.get(ALLA_HELGONS_DAG[y])).toBe('alla helgons dag');
  });

  it.each(years)('public holidays %i equal the date-holidays list', (year) => {
    expect([...publicHolidays(year).keys()].sort()).toEqual(libraryDates(year, 'public'));
  });

  it.each(years)('midsommarafton, julafton and nyårsafton %i equal the date-holidays list', (year) => {
    expect([...holidayEves(year).keys()].sort()).toEqual(libraryDates(year, 'bank'));
  });
});

describe('lag (1930:173) 2 §', () => {
  it('keeps a working day', () => {
    expect(moveToNextWorkingDay('2026-06-30')).toBe('2026-06-30'); // Tuesday
  });
  it('moves a Saturday or Sunday to Monday', () => {
    expect(moveToNextWorkingDay('2024-06-29')).toBe('2024-07-01');
    expect(moveToNextWorkingDay('2024-06-30')).toBe('2024-07-01');
  });
  it('moves julafton past the Christmas holidays', () => {
    // 2025-12-24 Wednesday (julafton), 25 juldagen, 26 annandag jul → Monday 29th.
    expect(moveToNextWorkingDay('2025-12-24')).toBe('2025-12-29');
  });
  it('moves nyårsafton past nyårsdagen', () => {
    expect(moveToNextWorkingDay('2025-12-31')).toBe('2026-01-02');
  });
  it('moves across Easter', () => {
    // 2026: långfredagen 3 April … annandag påsk 6 April.
    expect(moveToNextWorkingDay('2026-04-03')).toBe('2026-04-07');
    expect(moveToNextWorkingDay('2026-04-05')).toBe('2026-04-07');
  });
  it('moves midsommarafton to the Monday after', () => {
    expect(moveToNextWorkingDay('2026-06-19')).toBe('2026-06-22');
  });
  it('treats Kristi himmelsfärdsdag and nationaldagen as closed', () => {
    expect(isDeadlineClosedDay('2026-05-14')).toBe(true);
    expect(moveToNextWorkingDay('2025-06-06')).toBe('2025-06-09');
  });
});
