// src/store/persons.ts: a register file replaces a person's record and LMA periods whole; the
// register comes back with the periods sorted and the file that last set each record.
import { describe, expect, it } from 'vitest';
import type { Person } from '../../src/domain/types.js';
import { addAssessment, applyPendingAssessments } from '../../src/store/assessments.js';
import { inTransaction } from '../../src/store/db.js';
import { PersonWriter, getPerson, loadAllPersons, personRecordFiles } from '../../src/store/persons.js';
import { person } from '../helpers/builders.js';
import { addFile, memoryDb } from './support.js';

const P1 = '19811218-9876';
const P2 = '19850101-0006';
const P3 = '20100505-0008';

const FULL: Person = {
  personId: P1,
  group: 'asylsökande',
  birthDate: '1981-12-18',
  dossierNumber: '11223344',
  name: 'Anna Andersson',
  lma: [
    { from: '2024-06-01', to: null },
    { from: '2022-01-10', to: '2022-12-31' },
    { from: '2023-03-01', to: '2023-09-30' },
  ],
  receptionDate: '2025-01-01',
  chronic3y: true,
  protectionLink: false,
  underlyingDiagnoses: ['F43', 'F32.1', 'G40'],
  municipality: 'Malmö',
};

const EMPTY: Person = {
  personId: 'DOSS-77',
  group: 'papperslös',
  birthDate: null,
  dossierNumber: null,
  name: null,
  lma: [],
  receptionDate: null,
  chronic3y: null,
  protectionLink: null,
  underlyingDiagnoses: [],
  municipality: null,
};

describe('PersonWriter and loadAllPersons', () => {
  it('round-trips every field, nulls and not-assessed included, with the LMA periods sorted by start', () => {
    const db = memoryDb();
    const file = addFile(db, { kind: 'persons' });
    const writer = new PersonWriter(db, file);
    expect(writer.write(FULL)).toBeNull();
    expect(writer.write(EMPTY)).toBeNull();
    expect(writer.write(person({ personId: P2, chronic3y: false, protectionLink: true, underlyingDiagnoses: ['F43'] }))).toBeNull();

    const persons = loadAllPersons(db);
    expect([...persons.keys()]).toEqual(['19811218-9876', '19850101-0006', 'DOSS-77']);
    expect(persons.get(P1)).toEqual({
      ...FULL,
      lma: [
        { from: '2022-01-10', to: '2022-12-31' },
        { from: '2023-03-01', to: '2023-09-30' },
        { from: '2024-06-01', to: null },
      ],
    });
    expect(persons.get('DOSS-77')).toEqual(EMPTY);
    expect(persons.get(P2)).toMatchObject({ chronic3y: false, protectionLink: true, underlyingDiagnoses: ['F43'] });
    expect(db.prepare('SELECT chronic_3y, protection_link, underlying_diagnoses FROM persons WHERE person_id = ?').get(P1)).toEqual({
      chronic_3y: 1,
      protection_link: 0,
      underlying_diagnoses: 'F43 F32.1 G40',
    });
  });

  it("keeps SQLite's person_id order (UTF-8 bytes, not UTF-16 code units) and its LMA order (start, then end, no end first) whatever order they were written in", () => {
    const db = memoryDb();
    const writer = new PersonWriter(db, addFile(db, { kind: 'persons' }));
    // U+FF21 sorts before U+1F600 in UTF-8; in UTF-16 the surrogate 0xD83D comes first.
    const ids = ['\u{1F600}-1', 'DOSS-2', '\uFF21-3', P3, 'DOSS-10', P1, 'ö-4', P2, 'DOSS-1'];
    for (const id of ids) {
      writer.write(
        person({
          personId: id,
          lma: [
            { from: '2024-06-01', to: '2024-12-31' },
            { from: '2023-01-01', to: null },
            { from: '2024-06-01', to: null },
            { from: '2024-06-01', to: '2024-07-31' },
            { from: '2022-05-01', to: '2022-06-30' },
          ],
        }),
      );
    }
    const persons = loadAllPersons(db);
    expect([...persons.keys()]).toEqual(db.prepare('SELECT person_id FROM persons ORDER BY person_id').pluck().all());
    expect([...persons.keys()].slice(-2)).toEqual(['\uFF21-3', '\u{1F600}-1']);
    for (const id of ids) expect(persons.get(id)).toEqual(getPerson(db, id));
    expect(persons.get(P1)?.lma).toEqual([
      { from: '2022-05-01', to: '2022-06-30' },
      { from: '2023-01-01', to: null },
      { from: '2024-06-01', to: null },
      { from: '2024-06-01', to: '2024-07-31' },
      { from: '2024-06-01', to: '2024-12-31' },
    ]);
  });

  it('a later file replaces the record and its LMA periods whole and returns the dossier number it had', () => {
    const db = memoryDb();
    const first = addFile(db, { kind: 'persons' });
    const second = addFile(db, { kind: 'persons' });
    new PersonWriter(db, first).write(FULL);
    new PersonWriter(db, first).write(person({ personId: P2, dossierNumber: null }));

    const later: Person = { ...EMPTY, personId: P1, group: 'uppehållstillstånd', lma: [{ from: '2025-02-01', to: '2025-02-28' }] };
    const writer = new PersonWriter(db, second);
    expect(writer.write(later)).toBe('11223344');
    // A record without a dossier number gives null, not undefined.
    expect(writer.write(person({ personId: P2, dossierNumber: 'NEW-1' }))).toBeNull();
    expect(writer.write(person({ personId: P2, dossierNumber: 'NEW-2' }))).toBe('NEW-1');

    const persons = loadAllPersons(db);
    // Nothing of the first record is merged in: the later file's empty fields are empty.
    expect(persons.get(P1)).toEqual(later);
    expect(persons.get(P2)?.dossierNumber).toBe('NEW-2');
    expect(db.prepare('SELECT COUNT(*) FROM person_lma').pluck().get()).toBe(1);
    expect(db.prepare('SELECT COUNT(*) FROM persons').pluck().get()).toBe(2);
    expect(personRecordFiles(db)).toEqual(
      new Map([
        [P1, second],
        [P2, second],
      ]),
    );
  });

  it('personRecordFiles names the file that last set each record', () => {
    const db = memoryDb();
    expect(personRecordFiles(db)).toEqual(new Map());
    const a = addFile(db, { kind: 'persons' });
    const b = addFile(db, { kind: 'persons' });
    new PersonWriter(db, a).write(person({ personId: P1 }));
    new PersonWriter(db, a).write(person({ personId: P2 }));
    new PersonWriter(db, b).write(person({ personId: P3 }));
    new PersonWriter(db, b).write(person({ personId: P1 }));
    expect(personRecordFiles(db)).toEqual(
      new Map([
        [P1, b],
        [P2, a],
        [P3, b],
      ]),
    );
  });

  it('personRecordFiles names a record carrying a web assessment file+assessment, the same for every person and for a few', () => {
    const db = memoryDb();
    const a = addFile(db, { kind: 'persons' });
    new PersonWriter(db, a).write(person({ personId: P1 }));
    new PersonWriter(db, a).write(person({ personId: P2 }));
    const assessment = addAssessment(db, {
      personId: P2,
      claimId: 'KV-1',
      chronic3y: true,
      protectionLink: null,
      underlyingDiagnoses: ['F43'],
      recordedBy: 'handläggare',
    });
    applyPendingAssessments(db);
    const expected = new Map<string, number | string>([
      [P1, a],
      [P2, `${a}+${assessment}`],
    ]);
    expect(personRecordFiles(db)).toEqual(expected);
    expect(personRecordFiles(db, [P2, P1, 'NOBODY'])).toEqual(new Map([...expected].reverse()));
  });

  it('a record of a file that is not stored is refused; in a transaction nothing of the file stays', () => {
    const db = memoryDb();
    const file = addFile(db, { kind: 'persons' });
    expect(() => new PersonWriter(db, 999).write(FULL)).toThrow(/FOREIGN KEY/);
    expect(() =>
      inTransaction(db, () => {
        new PersonWriter(db, file).write(person({ personId: P2, lma: [{ from: '2024-01-01', to: null }] }));
        new PersonWriter(db, 999).write(FULL);
      }),
    ).toThrow(/FOREIGN KEY/);
    expect(loadAllPersons(db)).toEqual(new Map());
    expect(db.prepare('SELECT COUNT(*) FROM person_lma').pluck().get()).toBe(0);
  });
});
