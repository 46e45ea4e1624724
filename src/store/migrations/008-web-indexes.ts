// Indexes for the web pages at a million lines (issue 9: pages under 100 ms): the overview's
// totals read claims_totals alone, in its order; the nearest deadlines per status read
// claims_status_deadline; and the papperslösa, whose claims no page shows, are a small partial index.
export const m008 = `
CREATE INDEX claims_totals ON claims(status, quarter, period_start, person_id, claim_ore, paid_ore);
CREATE INDEX claims_status_deadline ON claims(status, deadline, id);
CREATE INDEX persons_papperslos ON persons(person_id) WHERE grp = 'papperslös';
`;
