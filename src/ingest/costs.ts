// Cost export rows → the sink (SPEC §3.1): raw cells of the mapped columns, batched. A batch is
// validated on whichever thread has time: sent raw while the worker has caught up (always, for
// xlsx, where exceljs keeps this thread busy), validated here and sent as lines while it is behind.
import type { CostColumn } from './headers.js';
import type { CostSink } from './cost-sink.js';
import { type BatchValue, CostValidator, type CostValidatorSpec } from './cost-validator.js';
import { type FoundHeader, type RowSource, nextRow } from './rows.js';
import { type Cell, isEmptyCell } from './values.js';

/**
 * Rows per batch. Small: a batch's cells stay alive until it is sent, and every young-generation
 * collection in between copies them (1 000-row batches quadrupled the reader's GC time).
 */
export const BATCH_ROWS = 100;
const PROGRESS_EVERY = 5000;

export function validatorSpec(found: FoundHeader, asOf: string, date1904: boolean): CostValidatorSpec {
  const columns = [...found.match.index.keys()] as CostColumn[];
  const labels: CostValidatorSpec['labels'] = {};
  for (const c of columns) labels[c] = found.match.label.get(c);
  return { columns, labels, asOf, date1904 };
}

/** Streams the rows after the header into the sink. */
export async function readCostRows(
  found: FoundHeader,
  source: RowSource,
  sink: CostSink,
  spec: CostValidatorSpec,
  onRows: (rows: number) => void,
): Promise<void> {
  const indexes = spec.columns.map((c) => found.match.index.get(c)!);
  const width = indexes.length + 1;
  const validator = new CostValidator(spec);
  const send = async (raw: Cell[]) => {
    if (sink.idle()) return sink.addRaw(raw);
    const lines: BatchValue[] = [];
    const rejected: BatchValue[] = [];
    validator.validate(raw, lines, rejected);
    return sink.addLines(lines, rejected);
  };
  let raw: Cell[] = [];
  let rows = 0;
  for (let next = await nextRow(found.rows, source.format); !next.done; next = await nextRow(found.rows, source.format)) {
    const row = next.value;
    const start = raw.length;
    raw.push(source.rowNumber(row));
    let empty = true;
    for (const i of indexes) {
      const c = source.cellAt(row, i);
      raw.push(c);
      if (empty && !isEmptyCell(c)) empty = false;
    }
    if (empty) {
      raw.length = start;
      continue;
    }
    rows++;
    if (rows % PROGRESS_EVERY === 0) onRows(rows);
    if (raw.length === BATCH_ROWS * width) {
      await send(raw);
      raw = [];
    }
  }
  if (raw.length > 0) await send(raw);
  onRows(rows);
}
