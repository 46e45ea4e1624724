// Reads the person register as the latest files left it.
import type { Group, Person } from '../domain/types.js';
import type { Db } from './db.js';

interface PersonRow {
  person_id: string;
  grp: string;
  birth_date: string | null;
  dossier_number: string | null;
  name: string | null;
  reception_date: string | null;
  chronic_3y: number | null;
  protection_link: number | null;
  underlying_diagnoses: string;
  municipality: string | null;
}

const triState = (v: number | null): boolean | null => (v === null ? null : v === 1);

function toPerson(row: PersonRow): Person {
  return {
    personId: row.person_id,
    group: row.grp as Group,
    birthDate: row.birth_date,
    dossierNumber: row.dossier_number,
    name: row.name,
    lma: [],
    receptionDate: row.reception_date,
    chronic3y: triState(row.chronic_3y),
    protectionLink: triState(row.protection_link),
    underlyingDiagnoses: row.underlying_diagnoses.split(' ').filter((c) => c !== ''),
    municipality: row.municipality,
  };
}

/** Every person in the register, by person id, with LMA periods sorted by start. */
export function loadAllPersons(db: Db): Map<string, Person> {
  const persons = new Map<string, Person>();
  for (const row of db.prepare('SELECT * FROM persons ORDER BY person_id').all() as PersonRow[]) {
    persons.set(row.person_id, toPerson(row));
  }
  const lma = db.prepare('SELECT person_id, lma_from, lma_to FROM person_lma ORDER BY person_id, lma_from, lma_to').raw().all() as [
    string,
    string,
    string | null,
  ][];
  for (const [id, from, to] of lma) persons.get(id)?.lma.push({ from, to });
  return persons;
}

/** Which register file last set each person's record, by person id. */
export function personRecordFiles(db: Db): Map<string, number> {
  return new Map(db.prepare('SELECT person_id, file_id FROM persons').raw().all() as [string, number][]);
}

/** A dossier number the way a cost line's person id holds it (SPEC §4: trimmed, upper-cased). */
export function normaliseDossier(dossier: string): string {
  return dossier.trim().toUpperCase();
}

/**
 * SPEC §3.2: a cost line belongs to the person whose person_id equals its person id, else whose
 * dossier number equals it. Returns the person key for a line's person id (itself when unknown).
 */
export function personResolver(persons: ReadonlyMap<string, Person>): (linePersonId: string) => Person | null {
  const byDossier = new Map<string, Person>();
  for (const p of persons.values()) {
    if (p.dossierNumber && !byDossier.has(normaliseDossier(p.dossierNumber))) byDossier.set(normaliseDossier(p.dossierNumber), p);
  }
  return (id) => persons.get(id) ?? byDossier.get(id) ?? null;
}

/** What the expected schablon needs of the persons registered with Migrationsverket at some time. */
export function registeredPersons(db: Db): Pick<Person, 'group' | 'birthDate' | 'lma'>[] {
  const byId = new Map<string, Pick<Person, 'group' | 'birthDate' | 'lma'>>();
  const rows = db
    .prepare('SELECT p.person_id, p.grp, p.birth_date, l.lma_from, l.lma_to FROM person_lma l JOIN persons p ON p.person_id = l.person_id ORDER BY p.person_id, l.lma_from, l.lma_to')
    .raw()
    .all() as [string, string, string | null, string, string | null][];
  for (const [id, grp, birth, from, to] of rows) {
    let p = byId.get(id);
    if (!p) byId.set(id, (p = { group: grp as Group, birthDate: birth, lma: [] }));
    p.lma.push({ from, to });
  }
  return [...byId.values()];
}
