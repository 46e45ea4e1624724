// Service mode (SPEC §7): batches (one upload of one or more files with an as-of date; the row is
// the truth, the queue only carries its id), the files of each batch in the order given, the
// scheduled runs with their results, and the deadline reminders written once each.
// Numbered 004: 003 comes from another branch; at merge this one goes after it.
export const m004 = `
CREATE TABLE batches (
  id             TEXT PRIMARY KEY,
  status         TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
  progress       REAL NOT NULL DEFAULT 0 CHECK (progress >= 0 AND progress <= 1),
  as_of          TEXT NOT NULL,
  out_dir        TEXT,
  submitted_by   TEXT NOT NULL,
  created_at     TEXT NOT NULL,
  started_at     TEXT,
  finished_at    TEXT,
  error          TEXT,
  evaluation     TEXT,
  document_parts INTEGER,
  parts_done     INTEGER NOT NULL DEFAULT 0,
  summary        TEXT
);
CREATE INDEX batches_created ON batches(created_at);

CREATE TABLE batch_files (
  batch_id    TEXT NOT NULL REFERENCES batches(id) ON DELETE CASCADE,
  position    INTEGER NOT NULL,
  name        TEXT NOT NULL,
  sha256      TEXT NOT NULL,
  size        INTEGER NOT NULL,
  seen_before INTEGER,
  result      TEXT,
  PRIMARY KEY (batch_id, position)
);

CREATE TABLE scheduled_runs (
  id          INTEGER PRIMARY KEY,
  job         TEXT NOT NULL,
  run_key     TEXT NOT NULL,
  started_at  TEXT NOT NULL,
  finished_at TEXT,
  status      TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed')),
  result      TEXT
);
CREATE INDEX scheduled_runs_job ON scheduled_runs(job, started_at);

CREATE TABLE reminders (
  claim_id    TEXT NOT NULL,
  days_before INTEGER NOT NULL,
  deadline    TEXT NOT NULL,
  days_left   INTEGER NOT NULL,
  written_on  TEXT NOT NULL,
  mailed_at   TEXT,
  PRIMARY KEY (claim_id, days_before, deadline)
);
CREATE INDEX reminders_written ON reminders(written_on);
`;
