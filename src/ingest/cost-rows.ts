// A cost export's rows after its header (SPEC §3.1): each row's cells of the mapped columns,
// validated, in batches to the sink (dedupe → store). Blank rows are skipped.
import { COST_AT, COST_COLUMNS, type CostColumn, type CostValue } from '../domain/columns.js';
import type { CostBatch } from './cost-file-writer.js';
import type { CostSink } from './cost-sink.js';
import type { RowValidator } from './row-validator.js';
import { type FoundHeader, type RowSource, nextBatch } from './rows.js';
import { type Cell, isEmptyCell } from './values.js';

/**
 * Rows per batch. Small: a batch's values stay alive until it is sent, and every young-generation
 * collection in between copies them.
 */
const BATCH_ROWS = 200;
const PROGRESS_EVERY = 5000;
const DOCTOR_ORDERED = COST_AT.doctor_ordered;

function emptyBatch(): CostBatch {
  return { lines: [], rejected: [], rejectedRows: 0 };
}

/** Streams the rows after the header into the sink; returns how many rows were read. */
export async function readCostRows(
  found: FoundHeader,
  source: RowSource,
  validator: RowValidator<CostColumn>,
  sink: CostSink,
  onRows: (rows: number) => void,
): Promise<number> {
  // Each column's index in the file's rows, or -1 for a column the file lacks (its default applies).
  const indexes = COST_COLUMNS.map((c) => found.match.index.get(c) ?? -1);
  const cells: Cell[] = new Array<Cell>(indexes.length);
  let batch = emptyBatch();
  let rows = 0;
  for (let next = await nextBatch(found.rows, source.format); !next.done; next = await nextBatch(found.rows, source.format)) {
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
      const values = validator.validate(number, cells, batch.rejected);
      if (values) {
        // As the database holds it, and the dedupe key reads it.
        values[DOCTOR_ORDERED] = values[DOCTOR_ORDERED] ? 1 : 0;
        batch.lines.push({ row: number, values: values as CostValue[] });
      } else batch.rejectedRows++;
      if (batch.lines.length + batch.rejectedRows === BATCH_ROWS) {
        await sink.add(batch);
        batch = emptyBatch();
      }
      if (rows % PROGRESS_EVERY === 0) onRows(rows);
    }
  }
  if (batch.lines.length + batch.rejectedRows > 0) await sink.add(batch);
  onRows(rows);
  return rows;
}
