// Assessments recorded in the web (issue 9: handläggare record assessments): the three register
// fields varaktig vård depends on (SPEC §3.2 chronic_3y, protection_link, underlying_diagnoses),
// who recorded them and when. A row is pending until a batch's evaluation step applies it to the
// person's record (under the writer lock, so no evaluation clears its dirty mark half-way);
// persons.assessment_id then names the assessment the record carries.
export const m007 = `
CREATE TABLE assessments (
  id                   INTEGER PRIMARY KEY,
  person_id            TEXT NOT NULL,
  claim_id             TEXT NOT NULL,
  chronic_3y           INTEGER CHECK (chronic_3y IN (0, 1)),
  protection_link      INTEGER CHECK (protection_link IN (0, 1)),
  underlying_diagnoses TEXT NOT NULL DEFAULT '',
  recorded_by          TEXT NOT NULL,
  recorded_at          TEXT NOT NULL,
  applied_at           TEXT
);
CREATE INDEX assessments_person ON assessments(person_id, id);
ALTER TABLE persons ADD COLUMN assessment_id INTEGER REFERENCES assessments(id);
`;
