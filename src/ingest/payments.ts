// A payment list from Migrationsverket (SPEC §8): xlsx or csv, found and read like a cost export
// (header row among the first 11 rows, aliases, Swedish dates and amounts), each row validated by
// zod. Rows out, or for a bad row the problems with sheet, row and column and a Swedish reason.
// Free-text cells (reference, rejection reason) are never echoed in a problem.
import { z } from 'zod';
import type { Config } from '../config.js';
import type { IsoDate, Ore } from '../domain/types.js';
import { type PaymentColumn, PAYMENT_COLUMNS, matchPaymentHeader, noPaymentHeaderMessage, paymentAliasTable } from './headers.js';
import { UnreadableFileError, sniffFile } from './readers/sniff.js';
import { findHeaderBy, nextRow, openRowSource } from './rows.js';
import { type Cell, Invalid, MISSING, displayCell, isEmptyCell, parseDate, parseMoney, parseText } from './values.js';

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

export interface PaymentProblem {
  row: number;
  /** The column's header as written in the file; null for the row as a whole. */
  column: string | null;
  value: string | null;
  reason: string;
}

export interface PaymentList {
  sheet: string | null;
  /** Each column's header as written in the file. */
  labels: Partial<Record<PaymentColumn, string>>;
  rows: PaymentRow[];
  problems: PaymentProblem[];
  /** Non-empty rows read. */
  rowCount: number;
}

export const PAYMENT_REASON = {
  noClaim: 'varken ansökans id eller Migrationsverkets ärendenummer är ifyllt',
  noAmount: 'belopp saknas (en rad utan belopp behöver en avslagsorsak)',
  zeroAmount: 'beloppet är 0 och ingen avslagsorsak är angiven',
  before2000: 'datumet är före 2000-01-01',
} as const;

/** Columns whose value may be shown in a problem (the free-text ones never are). */
const SHOWN: ReadonlySet<PaymentColumn> = new Set(['claim_id', 'case_number', 'date', 'amount']);

function field<T>(parse: (cell: Cell) => T | Invalid) {
  return z.any().transform((cell: Cell, ctx): T => {
    const r = parse(cell);
    if (r instanceof Invalid) {
      ctx.issues.push({ code: 'custom', message: r.reason, input: cell });
      return z.NEVER;
    }
    return r;
  });
}

/** The zod schema of a payment row; `asOf` bounds the date (a payment is not in the future). */
export function paymentRowSchema(asOf: IsoDate, date1904: boolean) {
  const tooLate = new Invalid(`datumet ligger efter ${asOf}`);
  const before = new Invalid(PAYMENT_REASON.before2000);
  const date = (cell: Cell): IsoDate | Invalid => {
    const d = parseDate(cell, date1904);
    if (d === null) return MISSING;
    if (d instanceof Invalid) return d;
    return d < '2000-01-01' ? before : d > asOf ? tooLate : d;
  };
  const upper = (cell: Cell) => {
    const t = parseText(cell);
    return typeof t === 'string' ? t.toUpperCase() : t;
  };
  return z
    .object({
      claim_id: field(upper),
      case_number: field(upper),
      date: field(date),
      amount: field(parseMoney),
      reference: field(parseText),
      rejection_reason: field(parseText),
    })
    .superRefine(
      (r, ctx) => {
        if (r.claim_id === null && r.case_number === null) ctx.addIssue({ code: 'custom', path: ['claim_id'], message: PAYMENT_REASON.noClaim, input: null });
        if (r.rejection_reason === null && r.amount === null) ctx.addIssue({ code: 'custom', path: ['amount'], message: PAYMENT_REASON.noAmount, input: null });
        if (r.rejection_reason === null && r.amount === 0) ctx.addIssue({ code: 'custom', path: ['amount'], message: PAYMENT_REASON.zeroAmount, input: 0 });
      },
      { when: () => true },
    );
}

/** Reads and validates the list; a file that cannot be read, or has no header row, throws UnreadableFileError. */
export async function readPaymentList(path: string, opts: { asOf: IsoDate; config: Pick<Config, 'headerAliases'> }): Promise<PaymentList> {
  const sniffed = await sniffFile(path);
  const source = await openRowSource(path, sniffed.format, sniffed.zip);
  try {
    const aliases = paymentAliasTable(opts.config);
    const found = await findHeaderBy(source, (cells) => matchPaymentHeader(cells, aliases));
    if (!found) throw new UnreadableFileError(noPaymentHeaderMessage());
    const schema = paymentRowSchema(opts.asOf, source.date1904);
    const columns = PAYMENT_COLUMNS.map((c) => [c, found.match.index.get(c)] as const);
    const label = (c: string) => found.match.label.get(c as PaymentColumn) ?? c;
    const labels: Partial<Record<PaymentColumn, string>> = Object.fromEntries(found.match.label);
    const list: PaymentList = { sheet: found.sheet, labels, rows: [], problems: [], rowCount: 0 };
    for (let next = await nextRow(found.rows, source.format); !next.done; next = await nextRow(found.rows, source.format)) {
      const input: Record<string, Cell> = {};
      let empty = true;
      for (const [c, i] of columns) {
        const cell = i === undefined ? null : source.cellAt(next.value, i);
        input[c] = cell;
        if (!isEmptyCell(cell)) empty = false;
      }
      if (empty) continue;
      list.rowCount++;
      const row = source.rowNumber(next.value);
      const parsed = schema.safeParse(input);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          const column = typeof issue.path[0] === 'string' ? issue.path[0] : null;
          const shown = column !== null && SHOWN.has(column as PaymentColumn) ? displayCell(input[column]) : null;
          list.problems.push({ row, column: column === null ? null : label(column), value: shown, reason: issue.message });
        }
        continue;
      }
      const d = parsed.data;
      list.rows.push({
        row,
        claimId: d.claim_id,
        caseNumber: d.case_number,
        date: d.date,
        amountOre: d.amount,
        reference: d.reference,
        reason: d.rejection_reason,
      });
    }
    return list;
  } finally {
    source.close();
  }
}
