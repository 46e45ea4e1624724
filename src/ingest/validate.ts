// From a row's cells to zod input, and from zod issues to rejected cells (SPEC §3: file, sheet,
// row, column, value, Swedish reason). Values of identity and name columns are masked here, so
// nothing downstream sees them in clear.
import type { z } from 'zod';
import { maskIdentity, maskRawIdentity } from '../domain/identity.js';
import { COST_COLUMNS, PERSON_COLUMNS, type HeaderMatch } from './headers.js';
import type { RowSource } from './rows.js';
import { type Cell, displayCell, isEmptyCell } from './values.js';

export interface RejectedCell {
  row: number;
  /** The column's header as written in the file; null for a problem of the whole row. */
  column: string | null;
  value: string | null;
  reason: string;
}

/** A rejected-row value as it may be shown: identities and names masked. */
export function displayValue(column: string, cell: Cell): string | null {
  const d = displayCell(cell);
  if (d === null) return null;
  if (column === 'person_id') return maskRawIdentity(d);
  if (column === 'name' || column === 'dossier_number') return maskIdentity(d);
  return d;
}

/** Builds zod input from raw row values; null when every mapped cell is empty (a blank row). */
export class RowMapper {
  private readonly columns: [string, number][];
  private readonly absent: string[];

  constructor(
    match: HeaderMatch,
    private readonly source: Pick<RowSource, 'cellAt'>,
  ) {
    this.columns = [...match.index.entries()];
    const all: readonly string[] = match.kind === 'costs' ? COST_COLUMNS : PERSON_COLUMNS;
    this.absent = all.filter((c) => !match.index.has(c));
  }

  input(row: unknown): Record<string, Cell> | null {
    const input: Record<string, Cell> = {};
    // Columns the file lacks are empty cells (their defaults apply).
    for (const name of this.absent) input[name] = null;
    let empty = true;
    for (const [name, i] of this.columns) {
      const c = this.source.cellAt(row, i);
      input[name] = c;
      if (empty && !isEmptyCell(c)) empty = false;
    }
    return empty ? null : input;
  }
}

export function issuesToCells(row: number, issues: readonly z.core.$ZodIssue[], input: Record<string, Cell>, match: HeaderMatch): RejectedCell[] {
  const out: RejectedCell[] = [];
  for (const issue of issues) {
    const column = issue.path[0];
    if (typeof column !== 'string') {
      out.push({ row, column: null, value: null, reason: issue.message });
      continue;
    }
    out.push({ row, column: match.label.get(column) ?? column, value: displayValue(column, input[column]), reason: issue.message });
  }
  return out;
}
