// The stored lines' count and net total (SPEC §5.4: what the fates must add up to), kept up to date
// by the one writer of cost_lines (CostLineInserter) in the transaction that stores the lines, so a
// run reads them without summing the whole table (150 ms at a million lines, every run).
export const m009 = `
CREATE TABLE line_totals (
  id      INTEGER PRIMARY KEY CHECK (id = 1),
  lines   INTEGER NOT NULL,
  net_ore INTEGER NOT NULL
);
INSERT INTO line_totals (id, lines, net_ore) SELECT 1, COUNT(*), COALESCE(SUM(amount_ore - fee_ore), 0) FROM cost_lines;
`;
