// The person register as the latest files left it (SPEC §3.2): one record per person, with its
// LMA periods. A register file replaces the records of the persons it holds (but for the fields of
// an assessment recorded in the web that it leaves empty: src/store/assessments.ts).
import type Database from 'better-sqlite3';
import { interner } from '../domain/collections.js';
import type { Group, IsoDate, Person } from '../domain/types.js';
import { type Db, inTransaction } from './db.js';

// A person's columns, in the order toPerson takes them. Tri-state fields are 0/1/NULL and the
// diagnoses one space-separated text in the database.
const PERSON_COLUMNS =
  'person_id, grp, birth_date, dossier_number, name, reception_date, chronic_3y, protection_link, underlying_diagnoses, municipality';
type PersonValues = [
  personId: string,
  group: Group,
  birthDate: IsoDate | null,
  dossierNumber: string | null,
  name: string | null,
  receptionDate: IsoDate | null,
  chronic3y: number | null,
  protectionLink: number | null,
  underlyingDiagnoses: string,
  municipality: string | null,
];

/** A yes/no/not assessed field as the database holds it. */
const toTriState = (v: boolean | null): number | null => (v === null ? null : v ? 1 : 0);
const fromTriState = (v: number | null): boolean | null => (v === null ? null : v === 1);

// Built field by field: V8 then keeps one compact shape for every person (a spread copy costs some
// 40% more heap, 19 MB for 50 000 persons). The repeated texts are kept once (another 7 MB at
// 50 000 persons); names and ids are each person's own.
function toPerson(v: PersonValues, same: ReturnType<typeof interner>): Person {
  return {
    personId: v[0],
    group: same(v[1]),
    birthDate: same(v[2]),
    dossierNumber: v[3],
    name: v[4],
    lma: [],
    receptionDate: same(v[5]),
    chronic3y: fromTriState(v[6]),
    protectionLink: fromTriState(v[7]),
    underlyingDiagnoses: v[8]
      .split(' ')
      .filter((c) => c !== '')
      .map(same),
    municipality: same(v[9]),
  };
}

/**
 * Every person in the register, by person id, with LMA periods sorted by start. Both tables come
 * packed as JSON arrays, as the cost lines do (cost-lines.ts): for 48 000 persons one JSON.parse is
 * some 100 ms cheaper than their rows handed to JavaScript a value at a time. No ORDER BY inside
 * the aggregates (sorting the packed records cost 150 ms of 200 at 48 000 persons): the person ids
 * come in SQLite's order (BINARY: UTF-8 bytes) from the primary key's index alone, and the Map
 * takes its keys in that order. Three statements in one read transaction (one snapshot), each
 * text parsed before the next is asked for: one statement held the three (7 MB of JSON at 48 000
 * persons, and SQLite's buffers for them) at once, and the unit figures' peak was 17 MB higher.
 */
export function loadAllPersons(db: Db): Map<string, Person> {
  return inTransaction(db, () => {
    const same = interner();
    const byId = new Map<string, Person>();
    const records = db.prepare(`SELECT json_group_array(json_array(${PERSON_COLUMNS})) FROM persons`).pluck().get() as string;
    for (const values of JSON.parse(records) as PersonValues[]) byId.set(values[0], toPerson(values, same));
    const lma = db.prepare('SELECT json_group_array(json_array(person_id, lma_from, lma_to)) FROM person_lma').pluck().get() as string;
    for (const [id, from, to] of JSON.parse(lma) as [string, IsoDate, IsoDate | null][]) {
      const periods = byId.get(id)?.lma;
      if (periods) insertPeriod(periods, { from: same(from), to: same(to) });
    }
    const ids = db.prepare('SELECT json_group_array(person_id) FROM (SELECT person_id FROM persons ORDER BY person_id)').pluck().get() as string;
    const persons = new Map<string, Person>();
    for (const id of JSON.parse(ids) as string[]) {
      const person = byId.get(id)!;
      persons.set(person.personId, person);
    }
    return persons;
  });
}

/** Adds a period where ORDER BY lma_from, lma_to would put it (SQLite: a null end first). Rarely more than one a person. */
function insertPeriod(periods: Person['lma'], period: Person['lma'][number]): void {
  let i = periods.length;
  while (i > 0 && comparePeriods(periods[i - 1]!, period) > 0) i--;
  periods.splice(i, 0, period);
}

function comparePeriods(a: Person['lma'][number], b: Person['lma'][number]): number {
  if (a.from !== b.from) return a.from < b.from ? -1 : 1;
  if (a.to === b.to) return 0;
  if (a.to === null) return -1;
  if (b.to === null) return 1;
  return a.to < b.to ? -1 : 1;
}

/** One person of the register with LMA periods sorted by start; null when not in the register. */
export function getPerson(db: Db, personId: string): Person | null {
  const values = db.prepare(`SELECT ${PERSON_COLUMNS} FROM persons WHERE person_id = ?`).raw().get(personId) as PersonValues | undefined;
  if (!values) return null;
  const person = toPerson(values, interner());
  person.lma = db
    .prepare('SELECT lma_from AS "from", lma_to AS "to" FROM person_lma WHERE person_id = ? ORDER BY lma_from, lma_to')
    .all(personId) as Person['lma'];
  return person;
}

/**
 * Which register file last set each person's record, by person id; `file+assessment` where the
 * record carries an assessment recorded in the web (src/store/assessments.ts). Of every person, or
 * of `onlyIds` (an incremental evaluation's few).
 */
export function personRecordFiles(db: Db, onlyIds?: Iterable<string>): Map<string, number | string> {
  const file = "CASE WHEN assessment_id IS NULL THEN file_id ELSE file_id || '+' || assessment_id END";
  const sql = `SELECT person_id, ${file} FROM persons`;
  if (!onlyIds) {
    // Packed as the register is (loadAllPersons): at 48 000 persons 50 ms instead of 75.
    const packed = db.prepare(`SELECT json_group_array(json_array(person_id, ${file})) FROM persons`).pluck().get() as string;
    return new Map(JSON.parse(packed) as [string, number | string][]);
  }
  const one = db.prepare(`${sql} WHERE person_id = ?`).raw();
  const files = new Map<string, number | string>();
  for (const id of onlyIds) {
    const row = one.get(id) as [string, number | string] | undefined;
    if (row) files.set(row[0], row[1]);
  }
  return files;
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
