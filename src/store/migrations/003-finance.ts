// Finance (SPEC §8): what happened to each claim as dated events with amounts (submitted,
// payments, rejections), the evaluation's fates per person, care unit and quarter, the weights a
// claim's amounts are shared over its units by, and what the SIE exports covered. Events already
// recorded in the claims' columns are carried over; the next evaluation is a full one, so every
// person gets unit figures and every claim its weights.
export const m003 = `
CREATE TABLE claim_events (
  id          INTEGER PRIMARY KEY,
  claim_id    TEXT NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('submitted', 'payment', 'rejection')),
  date        TEXT NOT NULL,
  amount_ore  INTEGER NOT NULL,
  reference   TEXT,
  reason      TEXT,
  case_number TEXT,
  -- 'mark', 'migration', or the payment list's file name and row.
  source      TEXT NOT NULL,
  -- The same event from any source (claims mark, a payment list imported again) has the same key.
  dedupe_key  TEXT NOT NULL UNIQUE,
  recorded_at TEXT NOT NULL
);
CREATE INDEX claim_events_claim ON claim_events(claim_id);
CREATE INDEX claim_events_date ON claim_events(date);
CREATE INDEX claim_events_case ON claim_events(case_number);

INSERT INTO claim_events (claim_id, kind, date, amount_ore, source, dedupe_key, recorded_at)
  SELECT id, 'submitted', submitted_on, claim_ore, 'migration', 'submitted|' || id, datetime('now')
  FROM claims WHERE submitted_on IS NOT NULL;
INSERT INTO claim_events (claim_id, kind, date, amount_ore, source, dedupe_key, recorded_at)
  SELECT id, 'payment', paid_on, paid_ore, 'migration', 'payment|' || id || '|' || paid_on || '|' || paid_ore || '||1', datetime('now')
  FROM claims WHERE paid_ore IS NOT NULL AND paid_on IS NOT NULL;
INSERT INTO claim_events (claim_id, kind, date, amount_ore, reason, source, dedupe_key, recorded_at)
  SELECT id, 'rejection', COALESCE(paid_on, submitted_on),
    CASE WHEN claim_ore >= 0 THEN MAX(0, claim_ore - COALESCE(paid_ore, 0)) ELSE MIN(0, claim_ore - COALESCE(paid_ore, 0)) END,
    rejected_reason, 'migration', 'rejection|' || id || '|' || COALESCE(paid_on, submitted_on) || '|' || rejected_reason || '|1', datetime('now')
  FROM claims WHERE rejected_reason IS NOT NULL AND COALESCE(paid_on, submitted_on) IS NOT NULL;

-- JSON [[unit or null, quarter, net öre], ...]: the claim's specification lines per unit and quarter.
ALTER TABLE claims ADD COLUMN unit_weights TEXT;

-- JSON [[unit or null, quarter, net öre, öre per fate in FATES order], ...] per person key.
CREATE TABLE person_unit_fates (
  person_key TEXT PRIMARY KEY,
  cells      TEXT NOT NULL
);

CREATE TABLE sie_exports (
  id           INTEGER PRIMARY KEY,
  period_from  TEXT NOT NULL,
  period_to    TEXT NOT NULL,
  generated_on TEXT NOT NULL,
  again        INTEGER NOT NULL,
  file         TEXT NOT NULL,
  vouchers     INTEGER NOT NULL,
  created_at   TEXT NOT NULL
);

-- One voucher per exported event, with its number and text exactly as first written.
CREATE TABLE sie_vouchers (
  event_key  TEXT PRIMARY KEY,
  export_id  INTEGER NOT NULL REFERENCES sie_exports(id),
  series     TEXT NOT NULL,
  number     INTEGER NOT NULL,
  date       TEXT NOT NULL,
  body       TEXT NOT NULL,
  -- What the file's header must declare for this voucher: JSON [[account, name]] and [[dimension, object, name]].
  accounts   TEXT NOT NULL,
  objects    TEXT NOT NULL,
  UNIQUE (series, number)
);
CREATE INDEX sie_vouchers_date ON sie_vouchers(date);

DELETE FROM meta WHERE key = 'evaluation';
`;
