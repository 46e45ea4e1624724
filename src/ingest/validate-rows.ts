// The rows after the header, whatever the kind: each row's cells of the kind's columns (null for a
// column the file lacks), validated, to the kind's sink; blank rows skipped. The same step for a
// cost export and a person register: only the validator's kind and the sink differ.
import type { RejectedCell } from '../store/rejected-rows.js';
import type { FileCounts } from '../store/source-files.js';
import type { RowValidator } from './row-validator.js';
import type { FoundHeader } from './headers.js';
import type { RowSource } from './readers/source.js';
import { type Cell, isEmptyCell } from './values.js';

/** What takes a file's validated rows as they come. */
export interface RowConsumer {
  /** A valid row. `cells` is the reader's buffer: valid during the call only. */
  row(row: number, values: unknown[], cells: readonly Cell[]): void;
  /** A rejected row, with its bad cells. */
  rejectedRow(cells: readonly RejectedCell[]): void;
  /** Called after each batch the reader read: a sink may hand on what it holds. */
  flush(): Promise<void>;
}

/** Where an ingested file's rows go: a cost export's to dedupe → store, a register's to its agreement check. */
export interface RowSink extends RowConsumer {
  /** Stores what is left and commits the file. */
  finish(): Promise<FileCounts & { fileId: number }>;
  /** Leaves nothing of the file behind. */
  abort(): Promise<void>;
}

const PROGRESS_EVERY = 5000;

export async function validateRows<C extends string>(
  found: Pick<FoundHeader<{ index: ReadonlyMap<string, number> }>, 'match' | 'rows'>,
  source: RowSource,
  validator: RowValidator<C>,
  sink: RowConsumer,
  onRows: (rows: number) => void,
): Promise<void> {
  const indexes = validator.columns.map((c) => found.match.index.get(c) ?? -1);
  const cells: Cell[] = new Array<Cell>(indexes.length);
  const rejected: RejectedCell[] = [];
  let rows = 0;
  for (let next = await found.rows.next(); !next.done; next = await found.rows.next()) {
    for (const row of next.value) {
      let empty = true;
      for (let i = 0; i < indexes.length; i++) {
        const c = indexes[i]! < 0 ? null : source.cellAt(row, indexes[i]!);
        cells[i] = c;
        if (empty && !isEmptyCell(c)) empty = false;
      }
      if (empty) continue;
      rows++;
      const number = source.rowNumber(row);
      const values = validator.validate(number, cells, rejected);
      if (values) sink.row(number, values, cells);
      else {
        sink.rejectedRow(rejected);
        rejected.length = 0;
      }
      if (rows % PROGRESS_EVERY === 0) onRows(rows);
    }
    await sink.flush();
  }
  onRows(rows);
}
