// A payment list from Migrationsverket (SPEC §8): xlsx or csv, read the way a cost export is (the
// header row among the first 11 rows, aliases, Swedish dates and amounts), each row through the same
// validator with the payment list's parsers (src/ingest/schemas.ts). Rows out, or for a bad row its
// problems with row and column and a Swedish reason; free-text cells are never echoed.
import { PAYMENT_AT, type PaymentColumn } from '../domain/columns.js';
import type { IsoDate, Ore } from '../domain/types.js';
import type { RejectedCell } from '../store/rejected-rows.js';
import { findHeaderBy, matchPaymentHeader, noPaymentHeaderMessage, paymentAliasTable } from './headers.js';
import { UnreadableFileError } from './readers/errors.js';
import { openInputFile } from './input-file.js';
import type { RowSource } from './readers/source.js';
import { RowValidator } from './row-validator.js';
import { openRowSource } from './rows.js';
import { paymentRowKind } from './schemas.js';
import { type RowConsumer, validateRows } from './validate-rows.js';

export interface PaymentRow {
  row: number;
  claimId: string | null;
  caseNumber: string | null;
  date: IsoDate;
  /** Null: no amount (a rejection row). */
  amountOre: Ore | null;
  reference: string | null;
  reason: string | null;
}

/** A bad cell of a payment list row. */
export type PaymentProblem = RejectedCell;

export interface PaymentList {
  sheet: string | null;
  /** Each column's header as written in the file. */
  labels: Partial<Record<PaymentColumn, string>>;
  rows: PaymentRow[];
  problems: PaymentProblem[];
  /** Non-empty rows read. */
  rowCount: number;
}

/** Collects the list's rows: payment lists are small and recorded after they are read whole. */
class PaymentRows implements RowConsumer {
  readonly rows: PaymentRow[] = [];
  readonly problems: PaymentProblem[] = [];
  count = 0;

  row(row: number, v: unknown[]): void {
    this.count++;
    const at = <T>(c: PaymentColumn) => v[PAYMENT_AT[c]] as T;
    this.rows.push({
      row,
      claimId: at('claim_id'),
      caseNumber: at('case_number'),
      date: at('date'),
      amountOre: at('amount'),
      reference: at('reference'),
      reason: at('rejection_reason'),
    });
  }

  rejectedRow(cells: readonly RejectedCell[]): void {
    this.count++;
    this.problems.push(...cells);
  }

  async flush(): Promise<void> {}
}

/** Reads and validates the list; a file that cannot be read, or has no header row, throws UnreadableFileError. */
export async function readPaymentList(
  path: string,
  opts: { asOf: IsoDate; config: { headerAliases: Readonly<Record<string, readonly string[]>> } },
): Promise<PaymentList> {
  const file = await openInputFile(path);
  let source: RowSource | null = null;
  try {
    source = await openRowSource(file);
    const aliases = paymentAliasTable(opts.config);
    const found = await findHeaderBy(source, (cells) => matchPaymentHeader(cells, aliases));
    if (!found) throw new UnreadableFileError(noPaymentHeaderMessage());
    const collected = new PaymentRows();
    const validator = new RowValidator(paymentRowKind({ asOf: opts.asOf, date1904: source.date1904 }), found.match.label);
    await validateRows(found, source, validator, collected, () => undefined);
    return {
      sheet: found.sheet,
      labels: Object.fromEntries(found.match.label),
      rows: collected.rows,
      problems: collected.problems,
      rowCount: collected.count,
    };
  } finally {
    source?.close();
    await file.close();
  }
}
