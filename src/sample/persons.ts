// Sample persons for the generator: a plausible register across the four groups (SPEC §3.2), with
// personnummer, samordningsnummer and reservnummer, LMA periods, reception dates and assessments.
import { addDays, dayNumber, fromDayNumber, toIso } from '../domain/dates.js';
import { luhnValid } from '../domain/identity.js';
import type { Group, IsoDate } from '../domain/types.js';
import type { Random } from './random.js';

/** A register's yes/no answer; empty: not assessed. */
type YesNo = '' | 'ja' | 'nej';

export interface SamplePerson {
  /** The identity the register holds. */
  registerId: string;
  /** How the cost export writes the person (sometimes a 10-digit form or the dossier number). */
  costId: string;
  group: Group;
  birthDate: IsoDate;
  female: boolean;
  dossier: string | null;
  name: string;
  lma: { from: IsoDate; to: IsoDate | null }[];
  reception: IsoDate | null;
  chronic: YesNo;
  link: YesNo;
  underlying: string[];
  municipality: string;
  /** False for the few persons the cost export names but the register does not know. */
  inRegister: boolean;
  /** Whether the register row gives the birth date explicitly. */
  writeBirthDate: boolean;
}

const FIRST_F = ['Amina', 'Fatima', 'Olena', 'Maryam', 'Iryna', 'Sara', 'Leyla', 'Nadia', 'Zahra', 'Selam', 'Hawa', 'Yana', 'Rahel', 'Noor'];
const FIRST_M = ['Omar', 'Ahmad', 'Oleksandr', 'Hassan', 'Dmytro', 'Yusuf', 'Mustafa', 'Ali', 'Tesfay', 'Abdi', 'Bohdan', 'Karim', 'Samir', 'Dawit'];
const LAST = [
  'Hassan',
  'Mohammadi',
  'Kovalenko',
  'Shevchenko',
  'Ahmadi',
  'Yılmaz',
  'Tesfaye',
  'Abdullahi',
  'Karimi',
  'Haidari',
  'Bondarenko',
  'Mahmoud',
  'Osman',
  'Rahimi',
  'Melnyk',
  'Ali',
];
const MUNICIPALITIES = ['Uppsala', 'Enköping', 'Tierp', 'Östhammar', 'Knivsta', 'Heby', 'Håbo', 'Älvkarleby'];
export const UNDERLYING = ['F43.1', 'F32.2', 'E11', 'N18.5', 'I50', 'G40', 'B20', 'C50'];

function personnummer(rng: Random, birth: IsoDate, samordning: boolean): string {
  const y = birth.slice(0, 4);
  const m = birth.slice(5, 7);
  const d = Number(birth.slice(8, 10)) + (samordning ? 60 : 0);
  const dd = String(d).padStart(2, '0');
  const serial = String(rng.int(0, 999)).padStart(3, '0');
  for (let check = 0; check < 10; check++) {
    const ten = `${y.slice(2)}${m}${dd}${serial}${check}`;
    if (luhnValid(ten)) return `${y}${m}${dd}-${serial}${check}`;
  }
  throw new Error('unreachable: one check digit always satisfies Luhn');
}

function randomDate(rng: Random, from: IsoDate, to: IsoDate): IsoDate {
  return fromDayNumber(rng.int(dayNumber(from), dayNumber(to)));
}

export function makePersons(rng: Random, count: number, year: number): SamplePerson[] {
  const persons: SamplePerson[] = [];
  const usedIds = new Set<string>();
  const yearEnd = toIso(year, 12, 31);
  for (let i = 0; i < count; i++) {
    const group = rng.weighted<Group>([
      ['asylsökande', 45],
      ['massflykting', 15],
      ['uppehållstillstånd', 30],
      ['papperslös', 10],
    ]);
    const band = rng.weighted<'child' | 'adult' | 'senior'>([
      ['child', 25],
      ['adult', 65],
      ['senior', 10],
    ]);
    const age = band === 'child' ? rng.int(0, 17) : band === 'adult' ? rng.int(18, 60) : rng.int(61, 88);
    const birthDate = addDays(toIso(year - age, 1, 1), rng.int(0, 364));
    const female = rng.chance(0.5);
    let registerId: string;
    do {
      registerId =
        group === 'papperslös'
          ? `R${birthDate.replace(/-/g, '')}-${String(rng.int(0, 999)).padStart(3, '0')}`
          : personnummer(rng, birthDate, rng.chance(0.12));
    } while (usedIds.has(registerId));
    usedIds.add(registerId);
    const dossier = group === 'papperslös' ? null : String(rng.int(10_000_000, 99_999_999));
    const name = `${rng.pick(female ? FIRST_F : FIRST_M)} ${rng.pick(LAST)}`;
    const lma: SamplePerson['lma'] = [];
    let reception: IsoDate | null = null;
    if (group === 'asylsökande') {
      const from = randomDate(rng, toIso(year - 3, 1, 1), toIso(year, 6, 30));
      if (rng.chance(0.1)) {
        // An earlier period that ended, then a new application.
        const earlierFrom = addDays(from, -rng.int(400, 700));
        lma.push({ from: earlierFrom, to: addDays(earlierFrom, rng.int(60, 300)) });
      }
      lma.push({ from, to: rng.chance(0.15) ? randomDate(rng, addDays(from, 30), yearEnd) : null });
    } else if (group === 'massflykting') {
      lma.push({ from: randomDate(rng, toIso(2022, 3, 1), toIso(year, 3, 31)), to: null });
    } else if (group === 'uppehållstillstånd') {
      reception = randomDate(rng, toIso(year - 3, 1, 1), toIso(year, 4, 30));
      if (rng.chance(0.5)) {
        const to = addDays(reception, -rng.int(10, 60));
        lma.push({ from: addDays(to, -rng.int(200, 900)), to });
      }
    }
    const assessed = group === 'uppehållstillstånd';
    // Only a person with a residence permit is assessed: ja, nej or not yet (empty).
    const answer = (yes: number, no: number): YesNo =>
      assessed
        ? rng.weighted<YesNo>([
            ['ja', yes],
            ['nej', no],
            ['', 40],
          ])
        : '';
    const chronic = answer(45, 15);
    const link = answer(50, 10);
    const underlying =
      assessed && chronic !== 'nej' && rng.chance(0.8) ? [rng.pick(UNDERLYING), ...(rng.chance(0.2) ? [rng.pick(UNDERLYING)] : [])] : [];
    let costId = registerId;
    if (group !== 'papperslös') {
      if (rng.chance(0.08))
        costId = registerId.slice(2); // 10-digit form YYMMDD-NNNN
      else if (rng.chance(0.04) && dossier) costId = dossier; // the clinic only had the dossier number
    }
    persons.push({
      registerId,
      costId,
      group,
      birthDate,
      female,
      dossier,
      name,
      lma,
      reception,
      chronic,
      link,
      underlying: [...new Set(underlying)],
      municipality: rng.pick(MUNICIPALITIES),
      inRegister: rng.chance(0.97),
      writeBirthDate: group === 'papperslös' || rng.chance(0.1),
    });
  }
  return persons;
}
