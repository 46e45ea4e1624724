// Every line's share of one person's fates (SPEC §5.4, §8): what evaluatePerson says per person,
// split per cost line so the figures can be added up per care unit and quarter. Pure: the
// evaluation's own input and result in, parts per line out. Claim amounts are read from the
// evaluation (frozen claims, their adjustments, claimed or expired), never recomputed, so the
// per-line parts always add up to the person's fates.
//
// How amounts are placed:
// - a line outside the rules' domains, or excluded, carries that fate whole;
// - a claim's amount (its claimed part and its expired part apart) is shared over the claim's
//   specification lines in proportion to their net: first over their units and quarters, then over
//   the lines of each (largest remainder, src/domain/share-out.ts), the same weights a payment is
//   shared by;
// - kostnadskrävande: what a counting line keeps after its quarter's claim is the contact's
//   own_deductible (contact above 100 000 kr) or below_threshold. The quarter claims follow the
//   quarter arithmetic, so the deductible falls on the contact's first quarters, shared within the
//   quarter where the contact passes 100 000 kr;
// - varaktig: lines in no claimed period are below_threshold, except the lost money (the person's
//   `expired` beyond expired claims), which is shared over the unclaimed lines inside the periods
//   that the optimum ignoring deadlines would have applied for and whose deadline has passed; what
//   those lines cannot carry falls on the other unclaimed lines.
//
// Hot: it runs for every person of an evaluation, so it works on line indexes and small arrays.
import { quarterOf } from '../domain/dates.js';
import { shareOut } from '../domain/share-out.js';
import { FATES, FROZEN_STATUSES, type Claim, type Fate, type Ore, type Person } from '../domain/types.js';
import { frozenClaimKey, type PersonEvaluation, type PersonEvaluationInput } from './evaluate-person.js';
import { kostnadskravandeKey } from './computed-claim.js';
import { lineDomain } from './domains.js';
import type { UnitRuleLine } from './rule-line.js';
import { contactThresholdFate, kostnadskravandeCoverage } from './kostnadskravande.js';
import { addTo } from '../domain/collections.js';
import { type Period, candidatePeriods, choosePeriods, contactDiagnosis, varaktigExclusion } from './varaktig.js';

/** A rule line with the care unit it was given at (for the share-out weights). */

export interface AttributionInput extends PersonEvaluationInput {
  lines: readonly UnitRuleLine[];
}

/** The net of a claim's specification lines in one unit and quarter: what its amounts are shared by. */
export interface ClaimWeight {
  unit: string | null;
  quarter: string;
  netOre: Ore;
}

/** The (unit, quarter) of every line of a person: `lineGroup[i]` indexes `groups`. */
export interface LineGroups {
  groups: { unit: string | null; quarter: string }[];
  lineGroup: Int32Array;
}

export interface LineFates {
  /** Flat triples (line index, fate index in FATES, öre): each line's parts, which sum to its net. Empty when a sink took them. */
  parts: number[];
  /**
   * Amounts no line can carry: claims of a person without lines (frozen claims whose lines are
   * gone). They sum to zero.
   */
  residue: { quarter: string; fate: Fate; ore: Ore }[];
  /** Per claim id, the evaluation's claims and the frozen ones: the weights of its amounts. */
  weights: Map<string, ClaimWeight[]>;
}

/** Receives each part: line index, fate index in FATES, öre (never 0). */
export type PartSink = (line: number, fate: number, ore: Ore) => void;

export const FATE_INDEX: Readonly<Record<Fate, number>> = Object.fromEntries(FATES.map((f, i) => [f, i])) as Record<Fate, number>;

const CLAIMED = FATE_INDEX.claimed;
const EXPIRED = FATE_INDEX.expired;
const BELOW = FATE_INDEX.below_threshold;

interface KeyAmounts {
  claimed: Ore;
  expired: Ore;
  claims: Claim[];
  /** Whether lines carried the key's amounts. */
  placed: boolean;
}

export function lineGroupsOf(lines: readonly UnitRuleLine[]): LineGroups {
  const groups: LineGroups['groups'] = [];
  const lineGroup = new Int32Array(lines.length);
  // A person has a handful of (unit, quarter) pairs: a linear search over them, the quarter as a
  // number (year·10 + quarter), beats maps and builds no string per line.
  const units: (string | null)[] = [];
  const codes: number[] = [];
  let last = -1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const date = line.date;
    const month = (date.charCodeAt(5) - 48) * 10 + (date.charCodeAt(6) - 48);
    const code =
      ((date.charCodeAt(0) - 48) * 1000 + (date.charCodeAt(1) - 48) * 100 + (date.charCodeAt(2) - 48) * 10 + (date.charCodeAt(3) - 48)) * 10 +
      (((month - 1) / 3) | 0) +
      1;
    const unit = line.unit;
    let g = -1;
    if (last >= 0 && codes[last] === code && units[last] === unit) g = last;
    else {
      for (let k = 0; k < codes.length; k++) {
        if (codes[k] === code && units[k] === unit) {
          g = k;
          break;
        }
      }
      if (g < 0) {
        g = codes.length;
        codes.push(code);
        units.push(unit);
        groups.push({ unit, quarter: quarterOf(date) });
      }
    }
    lineGroup[i] = last = g;
  }
  return { groups, lineGroup };
}

export function attributeLineFates(
  input: AttributionInput,
  evaluation: PersonEvaluation,
  opts: { sink?: PartSink; groups?: LineGroups } = {},
): LineFates {
  const parts: number[] = [];
  const result: LineFates = { parts, residue: [], weights: new Map() };
  const sink: PartSink = opts.sink ?? ((i, f, ore) => parts.push(i, f, ore));
  const { person } = input;
  // Most persons have no claim at all: each line then carries one fate whole.
  if (!person || withoutClaims(input, evaluation)) placeWithoutClaims(person, input.lines, sink);
  else placeWithClaims(input, person, evaluation, sink, opts.groups, result);
  return result;
}

/** Whether the person's lines each carry one fate whole: no claims, frozen or new, and no lost money. */
export function withoutClaims(input: AttributionInput, evaluation: PersonEvaluation): boolean {
  return !input.person || (input.frozen.length === 0 && evaluation.claims.length === 0 && evaluation.fates.expired === 0);
}

/**
 * For a person without claims (withoutClaims): each line's fate, as its index in FATES. Every
 * counting line is below the threshold (a contact above it would have made a claim); the others
 * carry their domain's fate or their exclusion.
 */
export function wholeLineFates(person: Person | null, lines: readonly UnitRuleLine[]): Uint8Array {
  const fates = new Uint8Array(lines.length);
  const counts = person ? kostnadskravandeCoverage(person) : null;
  let vvLines: number[] | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const domain = lineDomain(person, line.date);
    if (domain === 'kostnadskravande') fates[i] = counts!(line) ? BELOW : FATE_INDEX.not_covered_category;
    else if (domain === 'varaktig') (vvLines ??= []).push(i);
    else fates[i] = FATE_INDEX[domain];
  }
  if (vvLines) {
    for (const i of vvLines) fates[i] = BELOW;
    varaktigCounting(person!, lines, vvLines, (i, fate) => (fates[i] = fate));
  }
  return fates;
}

function placeWithoutClaims(person: Person | null, lines: readonly UnitRuleLine[], sink: PartSink): void {
  const fates = wholeLineFates(person, lines);
  for (let i = 0; i < lines.length; i++) {
    const net = lines[i]!.amountOre - lines[i]!.feeOre;
    if (net !== 0) sink(i, fates[i]!, net);
  }
}

function placeWithClaims(
  input: AttributionInput,
  person: Person,
  evaluation: PersonEvaluation,
  sink: PartSink,
  knownGroups: LineGroups | undefined,
  result: LineFates,
): void {
  const { lines } = input;
  const n = lines.length;
  const emit = (i: number, fate: number, ore: Ore) => {
    if (ore !== 0) sink(i, fate, ore);
  };
  const net = (i: number) => lines[i]!.amountOre - lines[i]!.feeOre;
  const counts = kostnadskravandeCoverage(person);
  const groups = knownGroups ?? lineGroupsOf(lines);
  const quarterOfLine = (i: number) => groups.groups[groups.lineGroup[i]!]!.quarter;

  const kvLines: number[] = [];
  const vvLines: number[] = [];
  for (let i = 0; i < n; i++) {
    const domain = lineDomain(person, lines[i]!.date);
    if (domain === 'kostnadskravande') kvLines.push(i);
    else if (domain === 'varaktig') vvLines.push(i);
    else emit(i, FATE_INDEX[domain], net(i));
  }

  // What each claim key holds: frozen claims count as claimed (as evaluatePerson counts them).
  const keys = new Map<string, KeyAmounts>();
  const keyOf = (c: Claim): KeyAmounts => {
    const k = frozenClaimKey(c);
    let a = keys.get(k);
    if (!a) keys.set(k, (a = { claimed: 0, expired: 0, claims: [], placed: false }));
    return a;
  };
  const frozen = input.frozen.filter((c) => FROZEN_STATUSES.includes(c.status));
  for (const c of frozen) {
    const a = keyOf(c);
    a.claimed += c.claimOre;
    a.claims.push(c);
  }
  let expiredInClaims = 0;
  for (const c of evaluation.claims) {
    const a = keyOf(c);
    if (c.status === 'expired') {
      a.expired += c.claimOre;
      expiredInClaims += c.claimOre;
    } else a.claimed += c.claimOre;
    a.claims.push(c);
  }

  /** Shares a key's amounts over its lines and emits them with `restFate` for what each line keeps. */
  const placeKey = (a: KeyAmounts, indexes: readonly number[], restFate: number) => {
    a.placed = true;
    const nets = indexes.map(net);
    const { weights, members } = keyGroups(groups, indexes, nets);
    for (const c of a.claims) result.weights.set(c.id, weights);
    const claimed = shareTwoLevel(a.claimed, weights, members, nets);
    const expired = shareTwoLevel(a.expired, weights, members, nets);
    indexes.forEach((i, k) => {
      const c = claimed?.[k] ?? 0;
      const e = expired?.[k] ?? 0;
      emit(i, CLAIMED, c);
      emit(i, EXPIRED, e);
      emit(i, restFate, nets[k]! - c - e);
    });
  };

  // Kostnadskrävande (§5.2): the counting lines of each contact, quarter by quarter.
  let countingByContact: Map<string, number[]> | null = null;
  for (const i of kvLines) {
    const line = lines[i]!;
    if (!counts(line)) {
      emit(i, FATE_INDEX.not_covered_category, net(i));
      continue;
    }
    countingByContact ??= new Map();
    addTo(countingByContact, line.contactId, i);
  }
  for (const [contactId, counting] of countingByContact ?? []) {
    let total = 0;
    for (const i of counting) total += net(i);
    const restFate = contactThresholdFate(total).ownDeductibleOre > 0 ? FATE_INDEX.own_deductible : BELOW;
    const byQuarter = new Map<string, number[]>();
    for (const i of counting) {
      const q = quarterOfLine(i);
      addTo(byQuarter, q, i);
    }
    for (const [quarter, indexes] of byQuarter) {
      const a = keys.size === 0 ? undefined : keys.get(kostnadskravandeKey(contactId, quarter));
      if (a) placeKey(a, indexes, restFate);
      else for (const i of indexes) emit(i, restFate, net(i));
    }
  }

  // Varaktig (§5.3): exclusions, then the claimed periods, then the unclaimed lines.
  if (vvLines.length > 0) {
    const counting = varaktigCounting(person, lines, vvLines, emit);
    const periods: { a: KeyAmounts; start: string; end: string; lines: number[] }[] = [];
    for (const a of keys.values()) {
      const c = a.claims[0]!;
      if (c.rule === 'varaktig') periods.push({ a, start: c.periodStart, end: c.periodEnd, lines: [] });
    }
    periods.sort((x, y) => (x.start < y.start ? -1 : x.start > y.start ? 1 : 0));
    const unclaimed: number[] = [];
    for (const i of counting) {
      const date = lines[i]!.date;
      const p = periods.length === 0 ? undefined : periods.find((x) => date >= x.start && date <= x.end);
      if (p) p.lines.push(i);
      else unclaimed.push(i);
    }
    for (const p of periods) if (p.lines.length > 0) placeKey(p.a, p.lines, BELOW);
    const lostOre = evaluation.fates.expired - expiredInClaims;
    const lost = lostOre === 0 ? null : shareLost(lostOre, unclaimed, lostPool(input, frozen, counting, unclaimed), net);
    for (const i of unclaimed) {
      const part = lost?.get(i) ?? 0;
      emit(i, EXPIRED, part);
      emit(i, BELOW, net(i) - part);
    }
  }

  // Keys with no lines (frozen claims whose lines are gone): their amounts cancel out; they go on
  // the person's first line, or stay as residue when the person has no lines.
  for (const a of keys.values()) {
    if (a.placed) continue;
    for (const c of a.claims) result.weights.set(c.id, []);
    if (a.claimed === 0 && a.expired === 0) continue;
    if (n > 0) {
      emit(0, CLAIMED, a.claimed);
      emit(0, EXPIRED, a.expired);
      continue;
    }
    const first = a.claims[0]!;
    const quarter = first.quarter ?? quarterOf(first.periodStart);
    if (a.claimed !== 0) result.residue.push({ quarter, fate: 'claimed', ore: a.claimed });
    if (a.expired !== 0) result.residue.push({ quarter, fate: 'expired', ore: a.expired });
  }
}

/** The counting varaktig-domain lines; the excluded ones are emitted with their exclusion. */
function varaktigCounting(person: Person, lines: readonly UnitRuleLine[], vvLines: readonly number[], emit: PartSink): number[] {
  // The contact diagnosis is read from all of a contact's lines, in any domain.
  const contacts = new Set<string>();
  for (const i of vvLines) contacts.add(lines[i]!.contactId);
  const contactLines = new Map<string, UnitRuleLine[]>();
  for (const line of lines) {
    if (!contacts.has(line.contactId)) continue;
    addTo(contactLines, line.contactId, line);
  }
  // The exclusion depends only on the person, the contact's diagnosis and doctor_ordered: asked once each.
  const exclusions = new Map<string, number>();
  const counting: number[] = [];
  for (const i of vvLines) {
    const line = lines[i]!;
    const key = `${line.doctorOrdered ? 1 : 0}${line.contactId}`;
    let fate = exclusions.get(key);
    if (fate === undefined) {
      const exclusion = varaktigExclusion(person, line, contactDiagnosis(contactLines.get(line.contactId)!));
      exclusions.set(key, (fate = exclusion ? FATE_INDEX[exclusion] : -1));
    }
    if (fate >= 0) emit(i, fate, line.amountOre - line.feeOre);
    else counting.push(i);
  }
  return counting;
}

/** A key's lines by (unit, quarter) in order of first appearance: the weights and each group's positions in `indexes`. */
function keyGroups(groups: LineGroups, indexes: readonly number[], nets: readonly Ore[]): { weights: ClaimWeight[]; members: number[][] } {
  const weights: ClaimWeight[] = [];
  const members: number[][] = [];
  const position = new Map<number, number>();
  indexes.forEach((i, p) => {
    const g = groups.lineGroup[i]!;
    let k = position.get(g);
    if (k === undefined) {
      k = weights.length;
      position.set(g, k);
      weights.push({ unit: groups.groups[g]!.unit, quarter: groups.groups[g]!.quarter, netOre: 0 });
      members.push([]);
    }
    weights[k]!.netOre += nets[p]!;
    members[k]!.push(p);
  });
  return { weights, members };
}

/** An amount over the groups by their net, then over each group's lines by theirs; per position (null: nothing). */
function shareTwoLevel(amount: Ore, weights: readonly ClaimWeight[], members: readonly number[][], nets: readonly Ore[]): Ore[] | null {
  if (amount === 0) return null;
  const out = new Array<Ore>(nets.length).fill(0);
  const groupShares =
    weights.length === 1
      ? [amount]
      : shareOut(
          amount,
          weights.map((w) => w.netOre),
        );
  members.forEach((m, k) => {
    const lineShares =
      m.length === 1
        ? [groupShares[k]!]
        : shareOut(
            groupShares[k]!,
            m.map((p) => nets[p]!),
          );
    m.forEach((p, j) => (out[p] = lineShares[j]!));
  });
  return out;
}

/**
 * The unclaimed lines the lost money belongs to: those inside a period that the optimum ignoring
 * deadlines chooses and whose deadline has passed.
 */
function lostPool(input: AttributionInput, frozen: readonly Claim[], counting: readonly number[], unclaimed: readonly number[]): Set<number> {
  const submitted: Period[] = [];
  for (const c of frozen) {
    if (c.rule === 'varaktig' && !submitted.some((p) => p.start === c.periodStart)) submitted.push({ start: c.periodStart, end: c.periodEnd });
  }
  const lines = input.lines;
  const sorted = [...counting]
    .sort((a, b) => (lines[a]!.date < lines[b]!.date ? -1 : lines[a]!.date > lines[b]!.date ? 1 : lines[a]!.seq - lines[b]!.seq))
    .map((i) => lines[i]!);
  const expiredPeriods = choosePeriods(candidatePeriods(sorted, submitted)).chosen.filter((p) => p.deadline < input.asOf);
  const pool = new Set<number>();
  for (const i of unclaimed) {
    const date = lines[i]!.date;
    if (expiredPeriods.some((p) => date >= p.start && date <= p.end)) pool.add(i);
  }
  return pool;
}

/** The lost money over the pool first (as far as its net goes), the rest over the other unclaimed lines. */
function shareLost(lostOre: Ore, unclaimed: readonly number[], pool: ReadonlySet<number>, net: (i: number) => Ore): Map<number, Ore> {
  const inPool = unclaimed.filter((i) => pool.has(i));
  const outside = unclaimed.filter((i) => !pool.has(i));
  const out = new Map<number, Ore>();
  const place = (amount: Ore, indexes: number[]) => {
    if (amount === 0) return;
    const shares = shareOut(amount, indexes.map(net));
    indexes.forEach((i, k) => out.set(i, (out.get(i) ?? 0) + shares[k]!));
  };
  // No unclaimed line means no lost money (§5.3 caps it at what the lines leave unclaimed).
  if (unclaimed.length === 0) return out;
  if (outside.length === 0) place(lostOre, inPool);
  else if (inPool.length === 0) place(lostOre, outside);
  else {
    const poolNet = inPool.reduce((s, i) => s + net(i), 0);
    const first = poolNet > 0 ? Math.min(lostOre, poolNet) : 0;
    place(first, inPool);
    place(lostOre - first, outside);
  }
  return out;
}
