// SPEC §5.1: which rule a cost line falls under, decided by the person's registration on the line's date.
import type { IsoDate, Person } from '../domain/types.js';

export type LineDomain = 'kostnadskravande' | 'varaktig' | 'unknown_person' | 'papperslos' | 'outside_registration';

export function isRegisteredWithMigrationsverket(person: Pick<Person, 'lma'>, date: IsoDate): boolean {
  // A loop, not some(callback): asked for every line of every person.
  for (const p of person.lma) if (p.from <= date && (p.to === null || date <= p.to)) return true;
  return false;
}

export function lineDomain(person: Person | null, date: IsoDate): LineDomain {
  if (!person) return 'unknown_person';
  if (person.group === 'papperslös') return 'papperslos';
  if (isRegisteredWithMigrationsverket(person, date)) return 'kostnadskravande';
  if (person.receptionDate !== null && date >= person.receptionDate) return 'varaktig';
  return 'outside_registration';
}
