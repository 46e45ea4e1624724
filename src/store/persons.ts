// The person register as the latest files left it (SPEC §3.2): one record per person, with its
// LMA periods. A register file replaces the records of the persons it holds (but for the fields of
// an assessment recorded in the web that it leaves empty: src/store/assessments.ts).
import type Database from 'better-sqlite3';
import { interner } from '../domain/collections.js';
import type { Group, Person } from '../domain/types.js';
import { camelColumns, type Db } from './db.js';

// Tri-state fields are 0/1/NULL and the diagnoses one space-separated text in the database.
type PersonRow = Omit<Person, 'lma' | 'chronic3y' | 'protectionLink' | 'underlyingDiagnoses'> & {
  chronic3y: number | null;
  protectionLink: number | null;
  underlyingDiagnoses: string;
};
const PERSON_COLUMNS = camelColumns(
  'person_id grp birth_date dossier_number name reception_date chronic_3y protection_link underlying_diagnoses municipality',
  { grp: 'group' },
);

/** A yes/no/not assessed field as the database holds it. */
const toTriState = (v: boolean | null): number | null => (v === null ? null : v ? 1 : 0);
const fromTriState = (v: number | null): boolean | null => (v === null ? null : v === 1);

// Built field by field rather than spread from the row: V8 then keeps one compact shape for every
// person (a spread copy costs some 40% more heap, 19 MB for 50 000 persons). The repeated texts are
// kept once (another 7 MB at 50 000 persons); names and ids are each person's own.
function toPerson(row: PersonRow, same: ReturnType<typeof interner>): Person {
  return {
    personId: row.personId,
    group: same(row.group),
    birthDate: same(row.birthDate),
    dossierNumber: row.dossierNumber,
    name: row.name,
    lma: [],
    receptionDate: same(row.receptionDate),
    chronic3y: fromTriState(row.chronic3y),
    protectionLink: fromTriState(row.protectionLink),
    underlyingDiagnoses: row.underlyingDiagnoses
      .split(' ')
      .filter((c) => c !== '')
      .map(same),
    municipality: same(row.municipality),
  };
}

/** Every person in the register, by person id, with LMA periods sorted by start. */
export function loadAllPersons(db: Db): Map<string, Person> {
  const same = interner();
  const persons = new Map<string, Person>();
  for (const row of db.prepare(`SELECT ${PERSON_COLUMNS} FROM persons ORDER BY person_id`).all() as PersonRow[]) {
    persons.set(row.personId, toPerson(row, same));
  }
  const lma = db.prepare('SELECT person_id, lma_from, lma_to FROM person_lma ORDER BY person_id, lma_from, lma_to').raw().all() as [
    string,
    string,
    string | null,
  ][];
  for (const [id, from, to] of lma) persons.get(id)?.lma.push({ from: same(from), to: same(to) });
  return persons;
}

/** One person of the register with LMA periods sorted by start; null when not in the register. */
export function getPerson(db: Db, personId: string): Person | null {
  const row = db.prepare(`SELECT ${PERSON_COLUMNS} FROM persons WHERE person_id = ?`).get(personId) as PersonRow | undefined;
  if (!row) return null;
  const person = toPerson(row, interner());
  person.lma = db
    .prepare('SELECT lma_from AS "from", lma_to AS "to" FROM person_lma WHERE person_id = ? ORDER BY lma_from, lma_to')
    .all(personId) as Person['lma'];
  return person;
}

/**
 * Which register file last set each person's record, by person id; `file+assessment` where the
 * record carries an assessment recorded in the web (src/store/assessments.ts).
 */
export function personRecordFiles(db: Db): Map<string, number | string> {
  return new Map(
    db
      .prepare("SELECT person_id, CASE WHEN assessment_id IS NULL THEN file_id ELSE file_id || '+' || assessment_id END FROM persons")
      .raw()
      .all() as [string, number | string][],
  );
}

/** Writes register records; prepare once per file, then `write` each person. */
export class PersonWriter {
  private readonly previousDossier: Database.Statement;
  private readonly upsert: Database.Statement;
  private readonly clearLma: Database.Statement;
  private readonly insertLma: Database.Statement;

  constructor(
    db: Db,
    private readonly fileId: number,
  ) {
    this.previousDossier = db.prepare('SELECT dossier_number FROM persons WHERE person_id = ?').pluck();
    this.upsert = db.prepare(
      `INSERT INTO persons (person_id, grp, birth_date, dossier_number, name, reception_date, chronic_3y, protection_link, underlying_diagnoses, municipality, file_id)
       VALUES (@personId, @group, @birthDate, @dossierNumber, @name, @receptionDate, @chronic3y, @protectionLink, @underlyingDiagnoses, @municipality, @fileId)
       ON CONFLICT (person_id) DO UPDATE SET grp = excluded.grp, birth_date = excluded.birth_date, dossier_number = excluded.dossier_number,
         name = excluded.name, reception_date = excluded.reception_date,
         chronic_3y = CASE WHEN excluded.chronic_3y IS NULL AND assessment_id IS NOT NULL THEN chronic_3y ELSE excluded.chronic_3y END,
         protection_link = CASE WHEN excluded.protection_link IS NULL AND assessment_id IS NOT NULL THEN protection_link ELSE excluded.protection_link END,
         underlying_diagnoses = CASE WHEN excluded.underlying_diagnoses = '' AND assessment_id IS NOT NULL THEN underlying_diagnoses
           ELSE excluded.underlying_diagnoses END,
         municipality = excluded.municipality, file_id = excluded.file_id`,
    );
    this.clearLma = db.prepare('DELETE FROM person_lma WHERE person_id = ?');
    this.insertLma = db.prepare('INSERT INTO person_lma (person_id, lma_from, lma_to) VALUES (?, ?, ?)');
  }

  /** Replaces the person's record and LMA periods; returns the dossier number it had before, if any. */
  write(person: Person): string | null {
    const previous = (this.previousDossier.get(person.personId) as string | null | undefined) ?? null;
    this.upsert.run({
      ...person,
      chronic3y: toTriState(person.chronic3y),
      protectionLink: toTriState(person.protectionLink),
      underlyingDiagnoses: person.underlyingDiagnoses.join(' '),
      fileId: this.fileId,
    });
    this.clearLma.run(person.personId);
    for (const p of person.lma) this.insertLma.run(person.personId, p.from, p.to);
    return previous;
  }
}

/** What the expected schablon needs of the persons registered with Migrationsverket at some time. */
export function registeredPersons(db: Db): Pick<Person, 'group' | 'birthDate' | 'lma'>[] {
  const byId = new Map<string, Pick<Person, 'group' | 'birthDate' | 'lma'>>();
  const rows = db
    .prepare(
      'SELECT p.person_id, p.grp, p.birth_date, l.lma_from, l.lma_to FROM person_lma l JOIN persons p ON p.person_id = l.person_id ORDER BY p.person_id, l.lma_from, l.lma_to',
    )
    .raw()
    .all() as [string, string, string | null, string, string | null][];
  for (const [id, grp, birth, from, to] of rows) {
    let p = byId.get(id);
    if (!p) byId.set(id, (p = { group: grp as Group, birthDate: birth, lma: [] }));
    p.lma.push({ from, to });
  }
  return [...byId.values()];
}
