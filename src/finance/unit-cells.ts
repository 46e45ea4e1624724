// One person's fates per care unit and quarter of care (SPEC §8): the line fates added up per
// (unit, quarter), the form the evaluation stores them in, and the claims' share-out weights.
// Units stay as the lines give them (null: none); the configured default unit is applied when the
// figures are read, so changing it needs no new evaluation.
import { FATES, type Fate, type Ore } from '../domain/types.js';
import type { PersonEvaluation } from '../rules/evaluate-person.js';
import { type AttributionInput, type ClaimWeight, attributeLineFates, lineGroupsOf, wholeLineFates, withoutClaims } from '../rules/line-fates.js';

export interface UnitCell {
  unit: string | null;
  quarter: string;
  /** The net of the person's lines in this unit and quarter. */
  netOre: Ore;
  /** Öre per fate, in FATES order; they sum to netOre. */
  fates: Ore[];
}

const F = FATES.length;

// Units repeat across persons: each is quoted once (a bounded cache; a region has hundreds).
const quoted = new Map<string, string>();
function quote(unit: string): string {
  let q = quoted.get(unit);
  if (q === undefined) {
    q = JSON.stringify(unit);
    if (quoted.size < 10_000) quoted.set(unit, q);
  }
  return q;
}

/**
 * The person's fates per (unit, quarter), encoded (see encodeCells), and the weights of its
 * claims, from its evaluation. Hot: runs for every person of an evaluation.
 */
export function personUnitFigures(
  input: AttributionInput,
  evaluation: PersonEvaluation,
): { cells: string; weights: Map<string, ClaimWeight[]> | null } {
  const groups = lineGroupsOf(input.lines);
  const g = groups.groups.length;
  // Plain arrays: small integers stay small integers, which turn into text fastest.
  const nets = new Array<Ore>(g).fill(0);
  const fates = new Array<Ore>(g * F).fill(0);
  const { lineGroup } = groups;
  const lines = input.lines;
  if (withoutClaims(input, evaluation)) {
    // Most persons: each line's net goes whole to its fate.
    const fateOf = wholeLineFates(input.person, lines);
    for (let i = 0; i < lines.length; i++) {
      const net = lines[i]!.amountOre - lines[i]!.feeOre;
      const k = lineGroup[i]!;
      nets[k]! += net;
      fates[k * F + fateOf[i]!]! += net;
    }
    return { cells: encodeFlat(groups.groups, nets, fates), weights: null };
  }
  for (let i = 0; i < lines.length; i++) nets[lineGroup[i]!]! += lines[i]!.amountOre - lines[i]!.feeOre;
  const split = attributeLineFates(input, evaluation, { groups, sink: (i, f, ore) => (fates[lineGroup[i]! * F + f]! += ore) });
  if (split.residue.length === 0) return { cells: encodeFlat(groups.groups, nets, fates), weights: split.weights };
  const cells: UnitCell[] = groups.groups.map((x, k) => ({
    unit: x.unit,
    quarter: x.quarter,
    netOre: nets[k]!,
    fates: fates.slice(k * F, k * F + F),
  }));
  for (const r of split.residue) {
    let cell = cells.find((c) => c.unit === null && c.quarter === r.quarter);
    if (!cell) cells.push((cell = { unit: null, quarter: r.quarter, netOre: 0, fates: new Array<Ore>(F).fill(0) }));
    cell.fates[FATES.indexOf(r.fate as Fate)]! += r.ore;
  }
  return { cells: encodeCells(cells), weights: split.weights };
}

function encodeFlat(groups: readonly { unit: string | null; quarter: string }[], nets: readonly Ore[], fates: readonly Ore[]): string {
  let out = '[';
  for (let k = 0; k < groups.length; k++) {
    const x = groups[k]!;
    out += `${k > 0 ? ',[' : '['}${x.unit === null ? 'null' : quote(x.unit)},"${x.quarter}",${nets[k]}`;
    for (let f = 0; f < F; f++) {
      const v = fates[k * F + f]!;
      if (v !== 0) out += `,${f},${v}`;
    }
    out += ']';
  }
  return `${out}]`;
}

/** [[unit, quarter, net, fate index, öre, fate index, öre, …]] (non-zero fates only): one string per person. */
export function encodeCells(cells: readonly UnitCell[]): string {
  let out = '[';
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i]!;
    out += `${i > 0 ? ',[' : '['}${c.unit === null ? 'null' : quote(c.unit)},"${c.quarter}",${c.netOre}`;
    for (let f = 0; f < F; f++) if (c.fates[f] !== 0) out += `,${f},${c.fates[f]}`;
    out += ']';
  }
  return `${out}]`;
}

export function encodeWeights(weights: readonly ClaimWeight[]): string {
  return JSON.stringify(weights.map((w) => [w.unit, w.quarter, w.netOre]));
}

export function decodeWeights(text: string | null): ClaimWeight[] | null {
  if (text === null) return null;
  return (JSON.parse(text) as [string | null, string, number][]).map(([unit, quarter, netOre]) => ({ unit, quarter, netOre }));
}
