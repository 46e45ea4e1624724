// SPEC §3.3: a cost line seen before is not added again. Its key is its line_id when it has one;
// else its normalised values (every column but line_id, as stored) with its occurrence number among
// identical lines of its own file, so two identical visits on one day in one file count twice.
import { COST_AT, COST_COLUMNS, type CostValue } from '../domain/columns.js';
import { FingerprintTable, fingerprint } from './fingerprint.js';

const SEP = '\x1f';
const VALUE_POSITIONS = COST_COLUMNS.filter((c) => c !== 'line_id').map((c) => COST_AT[c]);

/** Dedupe keys of one file's lines, in the file's order. */
export class FileDedupeKeys {
  private readonly occurrences = new FingerprintTable();

  key(values: readonly CostValue[]): string {
    const lineId = values[COST_AT.line_id];
    if (lineId !== null) return fingerprint(`L${lineId}`);
    let material = 'V';
    for (const i of VALUE_POSITIONS) {
      const v = values[i];
      material += v === null ? SEP : `${v}${SEP}`;
    }
    const first = fingerprint(material);
    const n = this.occurrences.increment(first);
    return n === 1 ? first : fingerprint(`${material}#${n}`);
  }
}
