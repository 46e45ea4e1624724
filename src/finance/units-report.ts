// The care units' follow-up (SPEC §8): per unit and quarter of care, the costs and what became
// of them (the fates of §5.4: claimed, the region's own part, below threshold, lost to deadlines,
// excluded by reason), and of the claimed part what was paid, rejected or is still open. Pure:
// each person's unit figures and the claims' events in, figures with small-number suppression
// (§4) out. No identities: persons are only counted.
import { FATES, type Fate, type IsoDate, type Ore } from '../domain/types.js';
import { type Additive, type Figure, figure, protect } from '../reports/suppression.js';
import type { ClaimEvent } from './claim-events.js';
import { type ClaimShareInput, shareEvent } from './unit-shares.js';
import type { UnitCell } from './unit-cells.js';

export const EXCLUSIONS = [
  'unknown_person',
  'papperslos',
  'outside_registration',
  'not_covered_category',
  'not_doctor_ordered',
  'not_linked',
  'assessment_negative',
] as const satisfies readonly Fate[];

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
  ...EXCLUSIONS,
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

export interface UnitReportInput {
  /** The quarters to cover (`2025Q1`…), of the quarter of care. */
  quarters: readonly string[];
  defaultUnit: string;
  /** Every person's unit figures (person key, cells). */
  persons: Iterable<[string, UnitCell[]]>;
  /** Claims with events: their share-out weights and events. */
  claims: readonly ClaimShareInput[];
  events: ReadonlyMap<string, readonly ClaimEvent[]>;
}

type Values = Float64Array;

/** Per person: for each (unit, quarter) the value vector. */
function personValues(cells: readonly UnitCell[], defaultUnit: string, inRange: (q: string) => boolean, events: Map<string, Values> | undefined): Map<string, Values> {
  const out = new Map<string, Values>();
  const at = (unit: string, quarter: string) => {
    const key = `${unit}\u0001${quarter}`;
    let v = out.get(key);
    if (!v) out.set(key, (v = new Float64Array(VALUE_COLUMNS.length)));
    return v;
  };
  for (const c of cells) {
    if (!inRange(c.quarter)) continue;
    const v = at(c.unit ?? defaultUnit, c.quarter);
    v[V.costs]! += c.netOre;
    c.fates.forEach((ore, f) => (v[FATE_AT[f]!]! += ore));
  }
  if (events) for (const [key, e] of events) {
    const v = out.get(key) ?? at(...(key.split('\u0001') as [string, string]));
    v[V.paid]! += e[V.paid]!;
    v[V.rejected]! += e[V.rejected]!;
  }
  for (const v of out.values()) {
    v[V.open] = v[V.claimed]! - v[V.paid]! - v[V.rejected]!;
    let excluded = 0;
    for (const f of EXCLUSIONS) excluded += v[V[f]]!;
    v[V.excluded] = excluded;
  }
  return out;
}

interface Acc {
  values: Values;
  /** Persons with a non-zero figure, per value column. */
  counts: Float64Array;
  persons: number;
}

const newAcc = (): Acc => ({ values: new Float64Array(VALUE_COLUMNS.length), counts: new Float64Array(VALUE_COLUMNS.length), persons: 0 });

function addPerson(acc: Acc, values: Values, present: Uint8Array): void {
  acc.persons++;
  for (let i = 0; i < values.length; i++) {
    acc.values[i]! += values[i]!;
    if (present[i]) acc.counts[i]! += 1;
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
  const quarterSet = new Set(input.quarters);
  const inRange = (q: string) => quarterSet.has(q);

  // What each person was paid and refused per (unit, quarter), from their claims' events.
  const eventValues = new Map<string, Map<string, Values>>();
  for (const claim of input.claims) {
    const events = input.events.get(claim.id);
    if (!events) continue;
    for (const e of events) {
      if (e.kind === 'submitted' || e.amountOre === 0) continue;
      for (const s of shareEvent(claim, e.amountOre, input.defaultUnit)) {
        if (!inRange(s.quarter)) continue;
        let perPerson = eventValues.get(claim.personId);
        if (!perPerson) eventValues.set(claim.personId, (perPerson = new Map()));
        const key = `${s.unit}\u0001${s.quarter}`;
        let v = perPerson.get(key);
        if (!v) perPerson.set(key, (v = new Float64Array(VALUE_COLUMNS.length)));
        v[e.kind === 'payment' ? V.paid : V.rejected]! += s.ore;
      }
    }
  }

  const cells = new Map<string, Acc>();
  const units = new Map<string, Acc>();
  const total = newAcc();
  const seen = new Set<string>();
  const present = new Uint8Array(VALUE_COLUMNS.length);
  const addAll = (personKey: string, personCells: readonly UnitCell[]) => {
    const values = personValues(personCells, input.defaultUnit, inRange, eventValues.get(personKey));
    if (values.size === 0) return;
    const perUnit = new Map<string, { values: Values; present: Uint8Array }>();
    const all = new Float64Array(VALUE_COLUMNS.length);
    const allPresent = new Uint8Array(VALUE_COLUMNS.length);
    for (const [key, v] of values) {
      let acc = cells.get(key);
      if (!acc) cells.set(key, (acc = newAcc()));
      for (let i = 0; i < v.length; i++) present[i] = v[i] !== 0 ? 1 : 0;
      addPerson(acc, v, present);
      const unit = key.slice(0, key.indexOf('\u0001'));
      let u = perUnit.get(unit);
      if (!u) perUnit.set(unit, (u = { values: new Float64Array(VALUE_COLUMNS.length), present: new Uint8Array(VALUE_COLUMNS.length) }));
      for (let i = 0; i < v.length; i++) {
        u.values[i]! += v[i]!;
        all[i]! += v[i]!;
        if (v[i] !== 0) u.present[i] = allPresent[i] = 1;
      }
    }
    for (const [unit, u] of perUnit) {
      let acc = units.get(unit);
      if (!acc) units.set(unit, (acc = newAcc()));
      addPerson(acc, u.values, u.present);
    }
    addPerson(total, all, allPresent);
  };
  for (const [personKey, personCells] of input.persons) {
    seen.add(personKey);
    addAll(personKey, personCells);
  }
  // Payments of persons with no unit figures in range still count (their lines are elsewhere).
  for (const personKey of eventValues.keys()) if (!seen.has(personKey)) addAll(personKey, []);

  const unitNames = [...units.keys()].sort((a, b) => a.localeCompare(b, 'sv'));
  const rows: UnitRow[] = [];
  const groups: Additive[] = [];
  const totalRow: UnitRow = { unit: '', quarter: null, figures: figures(total) };
  const unitTotals: UnitRow[] = [];
  for (const unit of unitNames) {
    const quarterRows: UnitRow[] = [];
    for (const quarter of input.quarters) {
      const acc = cells.get(`${unit}\u0001${quarter}`);
      if (acc) quarterRows.push({ unit, quarter, figures: figures(acc) });
    }
    const unitRow: UnitRow = { unit, quarter: null, figures: figures(units.get(unit)!) };
    for (const c of VALUE_COLUMNS) groups.push({ parts: quarterRows.map((r) => r.figures[c]), total: unitRow.figures[c] });
    rows.push(...quarterRows, unitRow);
    unitTotals.push(unitRow);
  }
  for (const c of VALUE_COLUMNS) groups.push({ parts: unitTotals.map((r) => r.figures[c]), total: totalRow.figures[c] });
  for (const r of [...rows, totalRow]) {
    const f = r.figures;
    groups.push({ parts: [f.claimed, f.own_deductible, f.below_threshold, f.expired, f.excluded], total: f.costs });
    groups.push({ parts: [f.paid, f.rejected, f.open], total: f.claimed });
    groups.push({ parts: EXCLUSIONS.map((e) => f[e]), total: f.excluded });
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
