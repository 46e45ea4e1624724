// Validates raw cost-export rows into line tuples (cost-writer.ts LINE_FIELDS) and rejected cells.
// A valid row runs the schema's column parsers directly (no object per row); a row with any bad
// cell goes through the zod schema, which reports every issue. Runs on whichever thread has time:
// the main thread for csv, the writer thread for xlsx (where exceljs keeps the main thread busy).
import type { CostColumn } from './headers.js';
import { type RowContext, costCrossIssue, costParsers, costRowSchema } from './schemas.js';
import { displayValue } from './validate.js';
import { type Cell, Invalid } from './values.js';

export type BatchValue = string | number | null;

/** What a validator needs to know about a file: its mapped columns in raw-row order, their labels. */
export interface CostValidatorSpec {
  /** The canonical columns present in the file, in the order raw rows carry their cells. */
  columns: CostColumn[];
  /** Header text per canonical column, as written in the file. */
  labels: Partial<Record<CostColumn, string>>;
  asOf: string;
  date1904: boolean;
}

/** Line tuple order after row_no (see LINE_FIELDS): the canonical column feeding each field. */
const LINE_COLUMNS: readonly CostColumn[] = [
  'person_id',
  'contact_id',
  'date',
  'amount',
  'patient_fee',
  'cost_type',
  'care_category',
  'care_setting',
  'activity',
  'quantity',
  'diagnosis',
  'doctor_ordered',
  'contact_end',
  'unit',
  'line_id',
];
const DOCTOR_FIELD = LINE_COLUMNS.indexOf('doctor_ordered');
const AMOUNT_FIELD = LINE_COLUMNS.indexOf('amount');
const FEE_FIELD = LINE_COLUMNS.indexOf('patient_fee');

export class CostValidator {
  /** Raw row width: row number + one cell per mapped column. */
  readonly width: number;
  private readonly parsers: ((cell: Cell) => unknown)[];
  /** For each line field, the offset of its cell in a raw row (after the row number), or -1. */
  private readonly offsets: number[];
  private readonly schema: ReturnType<typeof costRowSchema>;

  constructor(private readonly spec: CostValidatorSpec) {
    const ctx: RowContext = { asOf: spec.asOf, date1904: spec.date1904 };
    const parsers = costParsers(ctx);
    this.parsers = LINE_COLUMNS.map((c) => parsers[c] as (cell: Cell) => unknown);
    this.offsets = LINE_COLUMNS.map((c) => spec.columns.indexOf(c));
    this.width = spec.columns.length + 1;
    this.schema = costRowSchema(ctx);
  }

  /**
   * Validates raw rows (row number then one cell per mapped column, for each row) into `lines`
   * (LINE_WIDTH values per line) and `rejected` (row, column, value, reason per bad cell).
   * Returns the number of rejected rows.
   */
  validate(raw: readonly Cell[], lines: BatchValue[], rejected: BatchValue[]): number {
    let rejectedRows = 0;
    const { parsers, offsets } = this;
    const n = parsers.length;
    for (let base = 0; base < raw.length; base += this.width) {
      const start = lines.length;
      lines.push(raw[base] as number);
      let ok = true;
      for (let f = 0; f < n; f++) {
        const o = offsets[f]!;
        const v = parsers[f]!(o < 0 ? null : raw[base + 1 + o]);
        if (v instanceof Invalid) {
          ok = false;
          break;
        }
        lines.push(f === DOCTOR_FIELD ? (v ? 1 : 0) : (v as BatchValue));
      }
      if (ok && costCrossIssue(lines[start + 1 + AMOUNT_FIELD], lines[start + 1 + FEE_FIELD]) === null) continue;
      lines.length = start;
      rejectedRows++;
      this.reject(raw, base, rejected);
    }
    return rejectedRows;
  }

  /** The schema's issues for a failing row, as rejected cells. */
  private reject(raw: readonly Cell[], base: number, rejected: BatchValue[]): void {
    const input: Record<string, Cell> = {};
    for (const c of LINE_COLUMNS) input[c] = null;
    this.spec.columns.forEach((c, i) => (input[c] = raw[base + 1 + i]));
    const parsed = this.schema.safeParse(input);
    const row = raw[base] as number;
    if (parsed.success) {
      // Cannot happen (the schema is made of the same parsers); keep the row out all the same.
      rejected.push(row, null, null, 'raden kunde inte valideras');
      return;
    }
    for (const issue of parsed.error.issues) {
      const column = issue.path[0];
      if (typeof column !== 'string') {
        rejected.push(row, null, null, issue.message);
        continue;
      }
      const label = this.spec.labels[column as CostColumn] ?? column;
      rejected.push(row, label, displayValue(column, input[column]), issue.message);
    }
  }
}
