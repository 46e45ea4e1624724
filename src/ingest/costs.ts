// Cost export rows → validated lines in batches for a CostSink (SPEC §3.1). Runs on the main thread
// while the sink inserts (in a worker for large files).
import type { BatchValue, CostSink } from './cost-sink.js';
import type { FoundHeader, RowSource } from './rows.js';
import { type RowContext, costRowSchema } from './schemas.js';
import { RowMapper, issuesToCells } from './validate.js';

export const BATCH_LINES = 2000;

export interface CostRowCounts {
  rows: number;
  rejected: number;
}

export async function readCostRows(
  found: FoundHeader,
  source: RowSource,
  sink: CostSink,
  ctx: Omit<RowContext, 'date1904'>,
  onRows: (rows: number) => void,
): Promise<CostRowCounts> {
  const match = found.match;
  const schema = costRowSchema({ ...ctx, date1904: source.date1904 });
  const mapper = new RowMapper(match, source.cell);
  let lines: BatchValue[] = [];
  let rejected: BatchValue[] = [];
  let rows = 0;
  let rejectedRows = 0;

  for (let next = await found.rows.next(); !next.done; next = await found.rows.next()) {
    const { number, values } = next.value;
    const input = mapper.input(values);
    if (!input) continue;
    rows++;
    const parsed = schema.safeParse(input);
    if (parsed.success) {
      const d = parsed.data;
      lines.push(
        number,
        d.person_id,
        d.contact_id,
        d.date,
        d.amount,
        d.patient_fee,
        d.cost_type,
        d.care_category,
        d.care_setting,
        d.activity,
        d.quantity,
        d.diagnosis,
        d.doctor_ordered ? 1 : 0,
        d.contact_end,
        d.unit,
        d.line_id,
      );
    } else {
      rejectedRows++;
      for (const c of issuesToCells(number, parsed.error.issues, input, match)) rejected.push(c.row, c.column, c.value, c.reason);
    }
    if (rows % BATCH_LINES === 0) {
      await sink.add(lines, rejected);
      lines = [];
      rejected = [];
      if (rows % (BATCH_LINES * 5) === 0) onRows(rows);
    }
  }
  if (lines.length > 0 || rejected.length > 0) await sink.add(lines, rejected);
  onRows(rows);
  return { rows, rejected: rejectedRows };
}
