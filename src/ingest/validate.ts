// From a row's cells to zod input, and from zod issues to rejected cells (SPEC §3: file, sheet,
// row, column, value, Swedish reason). Values of identity and name columns are masked here, so
// nothing downstream sees them in clear.
import type { z } from 'zod';
import { maskIdentity, maskRawIdentity } from '../domain/identity.js';
import type { HeaderMatch } from './headers.js';
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

  constructor(
    match: HeaderMatch,
    private readonly cell: (raw: unknown) => Cell,
  ) {
    this.columns = [...match.index.entries()];
  }

  input(values: readonly unknown[]): Record<string, Cell> | null {
    const input: Record<string, Cell> = {};
    let empty = true;
    for (const [name, i] of this.columns) {
      const c = this.cell(values[i]);
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
