// What each batch's evaluation did to the claims (issue 9: the batch page lists the claims the
// batch created or changed, and those it removed). Ids only: the claims table holds the rest.
export const m006 = `
CREATE TABLE batch_claims (
  batch_id TEXT NOT NULL REFERENCES batches(id) ON DELETE CASCADE,
  claim_id TEXT NOT NULL,
  change   TEXT NOT NULL CHECK (change IN ('created', 'changed', 'removed')),
  PRIMARY KEY (batch_id, claim_id)
) WITHOUT ROWID;
`;
