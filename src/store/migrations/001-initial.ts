// The first schema: source files, cost lines with provenance and dedupe keys, the person register,
// rejected rows, claims and the per-person fates of the last evaluation.
export const m001 = `
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE source_files (
  id              INTEGER PRIMARY KEY,
  sha256          TEXT NOT NULL UNIQUE,
  name            TEXT NOT NULL,
  kind            TEXT NOT NULL CHECK (kind IN ('costs', 'persons')),
  sheet           TEXT,
  ingested_at     TEXT NOT NULL,
  rows            INTEGER NOT NULL,
  accepted        INTEGER NOT NULL,
  rejected        INTEGER NOT NULL,
  duplicates      INTEGER NOT NULL,
  has_contact_end INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE cost_lines (
  seq           INTEGER PRIMARY KEY,
  file_id       INTEGER NOT NULL REFERENCES source_files(id),
  row_no        INTEGER NOT NULL,
  person_id     TEXT NOT NULL,
  contact_id    TEXT NOT NULL,
  date          TEXT NOT NULL,
  amount_ore    INTEGER NOT NULL,
  fee_ore       INTEGER NOT NULL,
  cost_type     TEXT NOT NULL,
  care_category TEXT NOT NULL,
  care_setting  TEXT,
  activity      TEXT,
  quantity      INTEGER NOT NULL,
  diagnosis     TEXT,
  doctor_ordered INTEGER NOT NULL,
  contact_end   TEXT,
  unit          TEXT,
  line_id       TEXT,
  dedupe_key    TEXT NOT NULL
);
-- Named indexes (not an inline UNIQUE): a bulk ingest drops and rebuilds them inside its transaction.
CREATE UNIQUE INDEX cost_lines_dedupe ON cost_lines(dedupe_key);
CREATE INDEX cost_lines_person ON cost_lines(person_id);

CREATE TABLE persons (
  person_id            TEXT PRIMARY KEY,
  grp                  TEXT NOT NULL,
  birth_date           TEXT,
  dossier_number       TEXT,
  name                 TEXT,
  reception_date       TEXT,
  chronic_3y           INTEGER,
  protection_link      INTEGER,
  underlying_diagnoses TEXT NOT NULL DEFAULT '',
  municipality         TEXT,
  file_id              INTEGER NOT NULL REFERENCES source_files(id)
);
CREATE INDEX persons_dossier ON persons(dossier_number);

CREATE TABLE person_lma (
  person_id TEXT NOT NULL REFERENCES persons(person_id) ON DELETE CASCADE,
  lma_from  TEXT NOT NULL,
  lma_to    TEXT
);
CREATE INDEX person_lma_person ON person_lma(person_id);

CREATE TABLE rejected_rows (
  id          INTEGER PRIMARY KEY,
  file_id     INTEGER NOT NULL REFERENCES source_files(id),
  sheet       TEXT,
  row_no      INTEGER NOT NULL,
  column_name TEXT,
  value       TEXT,
  reason      TEXT NOT NULL
);
CREATE INDEX rejected_rows_file ON rejected_rows(file_id);

CREATE TABLE claims (
  id                   TEXT PRIMARY KEY,
  rule                 TEXT NOT NULL,
  person_id            TEXT NOT NULL,
  contact_id           TEXT,
  period_start         TEXT NOT NULL,
  period_end           TEXT NOT NULL,
  care_ore             INTEGER NOT NULL,
  interpreter_ore      INTEGER NOT NULL,
  claim_ore            INTEGER NOT NULL,
  deadline             TEXT NOT NULL,
  deadline_provisional INTEGER NOT NULL,
  status               TEXT NOT NULL,
  quarter              TEXT,
  adjustment_of        TEXT,
  submitted_on         TEXT,
  paid_ore             INTEGER,
  paid_on              TEXT,
  rejected_reason      TEXT
);
CREATE INDEX claims_person ON claims(person_id);

CREATE TABLE person_fates (
  person_key           TEXT PRIMARY KEY,
  claimed              INTEGER NOT NULL,
  own_deductible       INTEGER NOT NULL,
  below_threshold      INTEGER NOT NULL,
  expired              INTEGER NOT NULL,
  unknown_person       INTEGER NOT NULL,
  papperslos           INTEGER NOT NULL,
  outside_registration INTEGER NOT NULL,
  not_covered_category INTEGER NOT NULL,
  not_doctor_ordered   INTEGER NOT NULL,
  not_linked           INTEGER NOT NULL,
  assessment_negative  INTEGER NOT NULL
);

-- Persons whose inputs changed since their last evaluation (incremental evaluation).
CREATE TABLE dirty_persons (
  person_key TEXT PRIMARY KEY
);
`;
