// The web application (issue 9): its users with roles, their sessions (the id is stored only as a
// sha256, so a copy of the database signs no one in), the append-only audit log, each user's
// calendar feed (its secret likewise only as a sha256), and an index
// for the claims lists, which are sorted by deadline.
export const m005 = `
CREATE INDEX claims_deadline ON claims(deadline, id);

CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL UNIQUE,
  role          TEXT NOT NULL CHECK (role IN ('handläggare', 'ekonomi', 'admin')),
  password_hash TEXT NOT NULL,
  disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  created_at    TEXT NOT NULL
);

CREATE TABLE sessions (
  id_hash      TEXT PRIMARY KEY,
  user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at   TEXT NOT NULL,
  last_seen_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE audit_log (
  id      INTEGER PRIMARY KEY,
  at      TEXT NOT NULL,
  user    TEXT,
  action  TEXT NOT NULL,
  object  TEXT,
  outcome TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log(at);

-- One calendar feed per user: a secret URL (calendar clients send no cookies), stored as sha256.
CREATE TABLE calendar_feeds (
  user_id    INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'granskningsloggen ändras inte'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'granskningsloggen ändras inte'); END;
`;
