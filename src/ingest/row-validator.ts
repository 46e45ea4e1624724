// One row's cells → its values in column order, or why it is rejected (SPEC §3: file, sheet, row,
// column, value, Swedish reason). A valid row runs the column parsers directly, with no object per
// row; a row with any bad cell goes through the kind's zod schema, which names every issue. Both
// are made of the same parsers (src/ingest/schemas.ts), and a test checks they agree. Identity and
// name values are masked here, so nothing downstream sees them in clear.
import { maskIdentity, maskRawIdentity } from '../domain/identity.js';
import { type RowKind } from './schemas.js';
import { type Cell, Invalid, displayCell } from './values.js';

export interface RejectedCell {
  row: number;
  /** The column's header as written in the file; null for a problem of the whole row. */
  column: string | null;
  value: string | null;
  reason: string;
}

/** Free text of a payment list: never echoed in a problem (it may say anything about anyone). */
const NEVER_SHOWN: ReadonlySet<string> = new Set(['reference', 'rejection_reason']);

/** A rejected-row value as it may be shown: identities and names masked, free text never. */
export function displayValue(column: string, cell: Cell): string | null {
  if (NEVER_SHOWN.has(column)) return null;
  const d = displayCell(cell);
  if (d === null) return null;
  if (column === 'person_id') return maskRawIdentity(d);
  if (column === 'name' || column === 'dossier_number') return maskIdentity(d);
  return d;
}

export class RowValidator<C extends string> {
  /** The kind's columns: the order `validate` takes cells and gives values in. */
  readonly columns: readonly C[];
  private readonly parsers: ((cell: Cell) => unknown)[];
  private readonly at: Readonly<Record<string, number>>;
  /** The row being checked, for `valueOf` (one getter for every row: no closure per row). */
  private current: readonly unknown[] = [];
  private readonly valueOf = (column: C): unknown => this.current[this.at[column]!];

  /** @param labels the header text of each column the file has, as written there */
  constructor(
    private readonly kind: RowKind<C>,
    private readonly labels: ReadonlyMap<string, string>,
  ) {
    this.columns = kind.columns;
    this.parsers = kind.columns.map((c) => kind.parsers[c]);
    this.at = Object.fromEntries(kind.columns.map((c, i) => [c, i]));
  }

  /**
   * The row's values in the kind's column order (`cells` in that order too, null for a column the
   * file lacks), or null when the row is rejected: its bad cells are then added to `rejected`.
   */
  validate(row: number, cells: readonly Cell[], rejected: RejectedCell[]): unknown[] | null {
    const values: unknown[] = [];
    for (let i = 0; i < this.parsers.length; i++) {
      const v = this.parsers[i]!(cells[i]);
      if (v instanceof Invalid) return this.reject(row, cells, rejected);
      values.push(v);
    }
    this.current = values;
    return this.kind.crossIssues(this.valueOf).length === 0 ? values : this.reject(row, cells, rejected);
  }

  /** The schema's issues for a failing row, as rejected cells. */
  private reject(row: number, cells: readonly Cell[], rejected: RejectedCell[]): null {
    const input: Record<string, Cell> = {};
    this.kind.columns.forEach((c, i) => (input[c] = cells[i]));
    const parsed = this.kind.schema.safeParse(input);
    if (parsed.success) {
      // Cannot happen (the schema is made of the same parsers); keep the row out all the same.
      rejected.push({ row, column: null, value: null, reason: 'raden kunde inte valideras' });
      return null;
    }
    for (const issue of parsed.error.issues) {
      const column = issue.path[0];
      if (typeof column !== 'string') {
        rejected.push({ row, column: null, value: null, reason: issue.message });
        continue;
      }
      rejected.push({ row, column: this.labels.get(column) ?? column, value: displayValue(column, input[column]), reason: issue.message });
    }
    return null;
  }
}
