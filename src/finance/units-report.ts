// The care units' follow-up (SPEC §8): per unit and quarter of care, the costs and what became
// of them (the fates of §5.4: claimed, the region's own part, below threshold, lost to deadlines,
// excluded by reason), and of the claimed part what was paid, rejected or is still open. Pure:
// each person's unit figures and the claims' events in, figures with small-number suppression
// (§4) out. No identities: persons are only counted.
import { EXCLUSION_FATES, FATES, type IsoDate, type Ore } from '../domain/types.js';
import { type Additive, type Figure, figure, protect } from '../figures/suppression.js';
import type { ClaimEvent } from './claim-events.js';
import { type ClaimShareInput, shareEvent } from './unit-shares.js';

/** Every figure a row has, in display order. */
export const UNIT_COLUMNS = [
  'persons',
  'costs',
  'claimed',
  'paid',
  'rejected',
  'open',
  'own_deductible',
  'below_threshold',
  'expired',
  'excluded',
  ...EXCLUSION_FATES,
] as const;
export type UnitColumn = (typeof UNIT_COLUMNS)[number];

/** The money columns (everything but persons), in the order of a person's value vector. */
const VALUE_COLUMNS = UNIT_COLUMNS.slice(1) as Exclude<UnitColumn, 'persons'>[];
const V = Object.fromEntries(VALUE_COLUMNS.map((c, i) => [c, i])) as Record<Exclude<UnitColumn, 'persons'>, number>;
const FATE_AT = FATES.map((f) => V[f as Exclude<UnitColumn, 'persons'>]);

export interface UnitRow {
  unit: string;
  /** null: the unit's total over the quarters. */
  quarter: string | null;
  figures: Record<UnitColumn, Figure>;
}

export interface UnitReport {
  quarters: string[];
  /** Per unit (sorted): its quarters, then its total. */
  rows: UnitRow[];
  total: UnitRow;
  /** The same totals without suppression: for reconciliation with claims.json. */
  exact: Record<Exclude<UnitColumn, 'persons'>, Ore>;
  persons: number;
}

/** A person's stored cell (src/finance/unit-cells.ts): unit, quarter, net, then (fate index, öre) pairs. */
export type EncodedCell = [unit: string | null, quarter: string, net: number, ...fatePairs: number[]];

export interface UnitReportInput {
  /** The quarters to cover (`2025Q1`…), of the quarter of care. */
  quarters: readonly string[];
  defaultUnit: string;
  /** Every person's unit figures (person key, cells as stored). */
  persons: Iterable<[string, readonly EncodedCell[]]>;
  /** Claims with events: their share-out weights and events. */
  claims: readonly ClaimShareInput[];
  events: ReadonlyMap<string, readonly ClaimEvent[]>;
}

const NV = VALUE_COLUMNS.length;

interface Acc {
  values: Float64Array;
  /** Persons with a non-zero figure, per value column. */
  counts: Float64Array;
  persons: number;
}

const newAcc = (): Acc => ({ values: new Float64Array(NV), counts: new Float64Array(NV), persons: 0 });

/** Adds one person's values at `offset` of `values` (flags of non-zero ones in `present`). */
function addPerson(acc: Acc, values: Float64Array, offset: number, present: Uint8Array, presentOffset: number): void {
  acc.persons++;
  for (let i = 0; i < NV; i++) {
    acc.values[i]! += values[offset + i]!;
    if (present[presentOffset + i]) acc.counts[i]! += 1;
  }
}

function figures(acc: Acc): Record<UnitColumn, Figure> {
  const out = { persons: figure(acc.persons, acc.persons) } as Record<UnitColumn, Figure>;
  VALUE_COLUMNS.forEach((c, i) => {
    // A person with care in the cell counts for its costs even when credits bring the net to zero.
    out[c] = figure(acc.values[i]!, c === 'costs' ? acc.persons : acc.counts[i]!);
  });
  return out;
}

export function buildUnitReport(input: UnitReportInput): UnitReport {
  const Q = input.quarters.length;
  const quarterIndex = new Map(input.quarters.map((q, i) => [q, i]));
  // Cells are numbered unit·Q + quarter, units in order of appearance.
  const unitIndex = new Map<string, number>();
  const unitNamesSeen: string[] = [];
  const unitOf = (unit: string | null): number => {
    const name = unit ?? input.defaultUnit;
    let u = unitIndex.get(name);
    if (u === undefined) {
      unitIndex.set(name, (u = unitNamesSeen.length));
      unitNamesSeen.push(name);
    }
    return u;
  };

  // What each person was paid and refused per cell, from their claims' events: [cell, paid, rejected, …].
  const eventValues = new Map<string, number[]>();
  for (const claim of input.claims) {
    const events = input.events.get(claim.id);
    if (!events) continue;
    for (const e of events) {
      if (e.kind === 'submitted' || e.amountOre === 0) continue;
      for (const s of shareEvent(claim, e.amountOre, input.defaultUnit)) {
        const q = quarterIndex.get(s.quarter);
        if (q === undefined || s.ore === 0) continue;
        let list = eventValues.get(claim.personId);
        if (!list) eventValues.set(claim.personId, (list = []));
        list.push(unitOf(s.unit) * Q + q, e.kind === 'payment' ? s.ore : 0, e.kind === 'rejection' ? s.ore : 0);
      }
    }
  }

  const cells = new Map<number, Acc>();
  const units = new Map<number, Acc>();
  const total = newAcc();
  // One person's cells at a time, in scratch arrays reused from person to person.
  let keys = new Int32Array(64);
  let values = new Float64Array(64 * NV);
  let present = new Uint8Array(64 * NV);
  const unitValues = new Float64Array(NV);
  const unitPresent = new Uint8Array(NV);
  const allValues = new Float64Array(NV);
  const allPresent = new Uint8Array(NV);
  let n = 0;
  const slot = (key: number): number => {
    for (let k = 0; k < n; k++) if (keys[k] === key) return k;
    if (n === keys.length) {
      const grow = <T extends Int32Array | Float64Array | Uint8Array>(a: T, size: number): T => {
        const b = new (a.constructor as new (n: number) => T)(size);
        b.set(a);
        return b;
      };
      keys = grow(keys, n * 2);
      values = grow(values, n * 2 * NV);
      present = grow(present, n * 2 * NV);
    }
    keys[n] = key;
    values.fill(0, n * NV, (n + 1) * NV);
    return n++;
  };
  const seen = new Set<string>();
  const addAll = (personKey: string, personCells: readonly EncodedCell[]) => {
    n = 0;
    for (const c of personCells) {
      const q = quarterIndex.get(c[1]);
      if (q === undefined) continue;
      const o = slot(unitOf(c[0]) * Q + q) * NV;
      values[o + V.costs]! += c[2];
      for (let k = 3; k < c.length; k += 2) values[o + FATE_AT[c[k] as number]!]! += c[k + 1] as number;
    }
    const events = eventValues.get(personKey);
    if (events) {
      for (let k = 0; k < events.length; k += 3) {
        const o = slot(events[k]!) * NV;
        values[o + V.paid]! += events[k + 1]!;
        values[o + V.rejected]! += events[k + 2]!;
      }
    }
    if (n === 0) return;
    allValues.fill(0);
    allPresent.fill(0);
    for (let k = 0; k < n; k++) {
      const o = k * NV;
      values[o + V.open] = values[o + V.claimed]! - values[o + V.paid]! - values[o + V.rejected]!;
      let excluded = 0;
      for (const f of EXCLUSION_FATES) excluded += values[o + V[f]]!;
      values[o + V.excluded] = excluded;
      for (let i = 0; i < NV; i++) {
        present[o + i] = values[o + i] !== 0 ? 1 : 0;
        allValues[i]! += values[o + i]!;
        if (present[o + i]) allPresent[i] = 1;
      }
      let acc = cells.get(keys[k]!);
      if (!acc) cells.set(keys[k]!, (acc = newAcc()));
      addPerson(acc, values, o, present, o);
    }
    // The person once per unit, whichever quarters.
    for (let k = 0; k < n; k++) {
      const u = Math.floor(keys[k]! / Q);
      let first = true;
      for (let j = 0; j < k; j++) if (Math.floor(keys[j]! / Q) === u) first = false;
      if (!first) continue;
      unitValues.fill(0);
      unitPresent.fill(0);
      for (let j = k; j < n; j++) {
        if (Math.floor(keys[j]! / Q) !== u) continue;
        for (let i = 0; i < NV; i++) {
          unitValues[i]! += values[j * NV + i]!;
          if (present[j * NV + i]) unitPresent[i] = 1;
        }
      }
      let acc = units.get(u);
      if (!acc) units.set(u, (acc = newAcc()));
      addPerson(acc, unitValues, 0, unitPresent, 0);
    }
    addPerson(total, allValues, 0, allPresent, 0);
  };
  for (const [personKey, personCells] of input.persons) {
    seen.add(personKey);
    addAll(personKey, personCells);
  }
  // Payments of persons with no unit figures in range still count (their lines are elsewhere).
  for (const personKey of eventValues.keys()) if (!seen.has(personKey)) addAll(personKey, []);

  const unitOrder = [...units.keys()].sort((a, b) => unitNamesSeen[a]!.localeCompare(unitNamesSeen[b]!, 'sv'));
  const rows: UnitRow[] = [];
  const groups: Additive[] = [];
  const totalRow: UnitRow = { unit: '', quarter: null, figures: figures(total) };
  const unitTotals: UnitRow[] = [];
  for (const u of unitOrder) {
    const unit = unitNamesSeen[u]!;
    const quarterRows: UnitRow[] = [];
    input.quarters.forEach((quarter, q) => {
      const acc = cells.get(u * Q + q);
      if (acc) quarterRows.push({ unit, quarter, figures: figures(acc) });
    });
    const unitRow: UnitRow = { unit, quarter: null, figures: figures(units.get(u)!) };
    for (const c of VALUE_COLUMNS) groups.push({ parts: quarterRows.map((r) => r.figures[c]), total: unitRow.figures[c] });
    rows.push(...quarterRows, unitRow);
    unitTotals.push(unitRow);
  }
  for (const c of VALUE_COLUMNS) groups.push({ parts: unitTotals.map((r) => r.figures[c]), total: totalRow.figures[c] });
  for (const r of [...rows, totalRow]) {
    const f = r.figures;
    groups.push({ parts: [f.claimed, f.own_deductible, f.below_threshold, f.expired, f.excluded], total: f.costs });
    groups.push({ parts: [f.paid, f.rejected, f.open], total: f.claimed });
    groups.push({ parts: EXCLUSION_FATES.map((e) => f[e]), total: f.excluded });
  }
  protect(groups);

  const exact = {} as UnitReport['exact'];
  VALUE_COLUMNS.forEach((c, i) => (exact[c] = total.values[i]!));
  return { quarters: [...input.quarters], rows, total: totalRow, exact, persons: total.persons };
}

/** The quarters from the one holding `from` to the one holding `to`. */
export function quartersBetween(from: IsoDate, to: IsoDate): string[] {
  const out: string[] = [];
  let y = Number(from.slice(0, 4));
  let q = Math.floor((Number(from.slice(5, 7)) - 1) / 3) + 1;
  const endY = Number(to.slice(0, 4));
  const endQ = Math.floor((Number(to.slice(5, 7)) - 1) / 3) + 1;
  while (y < endY || (y === endY && q <= endQ)) {
    out.push(`${y}Q${q}`);
    q++;
    if (q === 5) {
      q = 1;
      y++;
    }
  }
  return out;
}
