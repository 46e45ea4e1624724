// One person's fates per care unit and quarter of care (SPEC §8): the line fates added up per
// (unit, quarter), the form the evaluation stores them in, and the claims' share-out weights.
// Units stay as the lines give them (null: none); the configured default unit is applied when the
// figures are read, so changing it needs no new evaluation.
import { quarterOf } from '../domain/dates.js';
import { FATES, type Fate, type Ore } from '../domain/types.js';
import type { AttributionLine, ClaimWeight, LineFates } from '../rules/line-fates.js';

export interface UnitCell {
  unit: string | null;
  quarter: string;
  /** The net of the person's lines in this unit and quarter. */
  netOre: Ore;
  /** Öre per fate, in FATES order; they sum to netOre. */
  fates: Ore[];
}

export function unitCells(lines: readonly AttributionLine[], split: LineFates): UnitCell[] {
  const cells = new Map<string, UnitCell>();
  const cellOf = (unit: string | null, quarter: string): UnitCell => {
    const key = `${unit ?? '\u0000'}\u0001${quarter}`;
    let cell = cells.get(key);
    if (!cell) cells.set(key, (cell = { unit, quarter, netOre: 0, fates: new Array<Ore>(FATES.length).fill(0) }));
    return cell;
  };
  const lineCell: UnitCell[] = new Array(lines.length);
  lines.forEach((line, i) => {
    const cell = cellOf(line.unit, quarterOf(line.date));
    cell.netOre += line.amountOre - line.feeOre;
    lineCell[i] = cell;
  });
  const parts = split.parts;
  for (let k = 0; k < parts.length; k += 3) lineCell[parts[k]!]!.fates[parts[k + 1]!]! += parts[k + 2]!;
  for (const r of split.residue) cellOf(null, r.quarter).fates[FATES.indexOf(r.fate as Fate)]! += r.ore;
  return [...cells.values()];
}

/** [[unit, quarter, net, …fates]]: compact, one string per person. */
export function encodeCells(cells: readonly UnitCell[]): string {
  return JSON.stringify(cells.map((c) => [c.unit, c.quarter, c.netOre, ...c.fates]));
}

export function decodeCells(text: string): UnitCell[] {
  return (JSON.parse(text) as [string | null, string, number, ...number[]][]).map((r) => ({
    unit: r[0],
    quarter: r[1],
    netOre: r[2],
    fates: r.slice(3) as number[],
  }));
}

export function encodeWeights(weights: readonly ClaimWeight[]): string {
  return JSON.stringify(weights.map((w) => [w.unit, w.quarter, w.netOre]));
}

export function decodeWeights(text: string | null): ClaimWeight[] | null {
  if (text === null) return null;
  return (JSON.parse(text) as [string | null, string, number][]).map(([unit, quarter, netOre]) => ({ unit, quarter, netOre }));
}
