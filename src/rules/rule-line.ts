// The fields of a cost line the rules read; documents and reports use the full CostLine.
import type { CostLine } from '../domain/types.js';

export type RuleLine = Pick<
  CostLine,
  | 'seq'
  | 'personId'
  | 'contactId'
  | 'date'
  | 'amountOre'
  | 'feeOre'
  | 'costType'
  | 'careCategory'
  | 'diagnosis'
  | 'doctorOrdered'
  | 'contactEnd'
  | 'fileHasContactEnd'
>;

/** A rule line with its care unit: what the unit figures (SPEC §8) read. */
export type UnitRuleLine = RuleLine & Pick<CostLine, 'unit'>;

/** Interpreter costs: counted apart by both rules (and left out of the 60 000 kr test). */
export function isInterpreter(line: Pick<RuleLine, 'costType'>): boolean {
  return line.costType === 'tolk';
}

/** Date, then ingestion order: the order a contact's or a period's lines are summed and listed in. */
export function byDateThenSeq(a: Pick<RuleLine, 'date' | 'seq'>, b: Pick<RuleLine, 'date' | 'seq'>): number {
  return a.date < b.date ? -1 : a.date > b.date ? 1 : a.seq - b.seq;
}
