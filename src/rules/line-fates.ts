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
import { quarterOf } from '../domain/dates.js';
import { shareOut } from '../domain/share-out.js';
import { FATES, FROZEN_STATUSES, type Claim, type CostLine, type Fate, type Ore } from '../domain/types.js';
import { frozenClaimKey, type PersonEvaluation, type PersonEvaluationInput } from './evaluate-person.js';
import { kostnadskravandeKey } from './computed-claim.js';
import { lineDomain } from './domains.js';
import { countsForKostnadskravande } from './kostnadskravande.js';
import type { RuleLine } from './rule-line.js';
import { KOSTNADSKRAVANDE_THRESHOLD_ORE } from './thresholds.js';
import { type Period, candidatePeriods, choosePeriods, contactDiagnosis, varaktigExclusion } from './varaktig.js';

/** A rule line with the care unit it was given at (for the share-out weights). */
export type AttributionLine = RuleLine & Pick<CostLine, 'unit'>;

export interface AttributionInput extends PersonEvaluationInput {
  lines: readonly AttributionLine[];
}

/** The net of a claim's specification lines in one unit and quarter: what its amounts are shared by. */
export interface ClaimWeight {
  unit: string | null;
  quarter: string;
  netOre: Ore;
}

export interface LineFates {
  /** Flat triples (line index, fate index in FATES, öre): each line's parts, which sum to its net. */
  parts: number[];
  /**
   * Amounts no line can carry: claims of a person without lines (frozen claims whose lines are
   * gone). They sum to zero.
   */
  residue: { quarter: string; fate: Fate; ore: Ore }[];
  /** Per claim id, the evaluation's claims and the frozen ones: the weights of its amounts. */
  weights: Map<string, ClaimWeight[]>;
}

export const FATE_INDEX: Readonly<Record<Fate, number>> = Object.fromEntries(FATES.map((f, i) => [f, i])) as Record<Fate, number>;

const CLAIMED = FATE_INDEX.claimed;
const EXPIRED = FATE_INDEX.expired;

interface KeyAmounts {
  claimed: Ore;
  expired: Ore;
  claims: Claim[];
  /** Indexes of the key's specification lines, sorted by date and ingestion order. */
  lines: number[] | null;
}

function byDateThenSeq(lines: readonly RuleLine[]): (a: number, b: number) => number {
  return (a, b) => {
    const x = lines[a]!;
    const y = lines[b]!;
    return x.date < y.date ? -1 : x.date > y.date ? 1 : x.seq - y.seq;
  };
}

export function attributeLineFates(input: AttributionInput, evaluation: PersonEvaluation): LineFates {
  const { person, lines, asOf } = input;
  const parts: number[] = [];
  const result: LineFates = { parts, residue: [], weights: new Map() };
  const net = (i: number) => lines[i]!.amountOre - lines[i]!.feeOre;
  const emit = (i: number, fate: number, ore: Ore) => {
    if (ore !== 0) parts.push(i, fate, ore);
  };

  const contactLines = new Map<string, AttributionLine[]>();
  const kvLines: number[] = [];
  const vvLines: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    let list = contactLines.get(line.contactId);
    if (!list) contactLines.set(line.contactId, (list = []));
    list.push(line);
    const domain = lineDomain(person, line.date);
    if (domain === 'kostnadskravande') kvLines.push(i);
    else if (domain === 'varaktig') vvLines.push(i);
    else emit(i, FATE_INDEX[domain], net(i));
  }
  if (!person) return result;

  // What each claim key holds: frozen claims count as claimed (as evaluatePerson counts them).
  const keys = new Map<string, KeyAmounts>();
  const keyOf = (c: Claim): KeyAmounts => {
    const k = frozenClaimKey(c);
    let a = keys.get(k);
    if (!a) keys.set(k, (a = { claimed: 0, expired: 0, claims: [], lines: null }));
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

  /** Shares a key's amounts over its lines; returns each line's claimed and expired part. */
  const shareKey = (a: KeyAmounts, indexes: number[]): { claimed: Ore[]; expired: Ore[] } => {
    const groups = groupByUnitQuarter(lines, indexes);
    a.lines = indexes;
    const weights = groups.map((g) => ({ unit: g.unit, quarter: g.quarter, netOre: g.netOre }));
    for (const c of a.claims) result.weights.set(c.id, weights);
    return { claimed: shareTwoLevel(a.claimed, groups, indexes.length), expired: shareTwoLevel(a.expired, groups, indexes.length) };
  };

  // Kostnadskrävande (§5.2): the counting lines of each contact, quarter by quarter.
  const countingByContact = new Map<string, number[]>();
  for (const i of kvLines) {
    if (!countsForKostnadskravande(person, lines[i]!)) {
      emit(i, FATE_INDEX.not_covered_category, net(i));
      continue;
    }
    const id = lines[i]!.contactId;
    let list = countingByContact.get(id);
    if (!list) countingByContact.set(id, (list = []));
    list.push(i);
  }
  for (const [contactId, counting] of countingByContact) {
    counting.sort(byDateThenSeq(lines));
    let total = 0;
    for (const i of counting) total += net(i);
    const restFate = total > KOSTNADSKRAVANDE_THRESHOLD_ORE ? FATE_INDEX.own_deductible : FATE_INDEX.below_threshold;
    for (let start = 0; start < counting.length; ) {
      const quarter = quarterOf(lines[counting[start]!]!.date);
      let end = start + 1;
      while (end < counting.length && quarterOf(lines[counting[end]!]!.date) === quarter) end++;
      const indexes = counting.slice(start, end);
      const a = keys.get(kostnadskravandeKey(contactId, quarter));
      if (!a) {
        for (const i of indexes) emit(i, restFate, net(i));
      } else {
        const shares = shareKey(a, indexes);
        indexes.forEach((i, k) => {
          emit(i, CLAIMED, shares.claimed[k]!);
          emit(i, EXPIRED, shares.expired[k]!);
          emit(i, restFate, net(i) - shares.claimed[k]! - shares.expired[k]!);
        });
      }
      start = end;
    }
  }

  // Varaktig (§5.3): exclusions, then the claimed periods, then the unclaimed lines.
  const diagnoses = new Map<string, string | null>();
  const counting: number[] = [];
  for (const i of vvLines) {
    const line = lines[i]!;
    let diagnosis = diagnoses.get(line.contactId);
    if (diagnosis === undefined) diagnoses.set(line.contactId, (diagnosis = contactDiagnosis(contactLines.get(line.contactId)!)));
    const exclusion = varaktigExclusion(person, line, diagnosis);
    if (exclusion) emit(i, FATE_INDEX[exclusion], net(i));
    else counting.push(i);
  }
  counting.sort(byDateThenSeq(lines));
  const periods = [...keys.values()]
    .filter((a) => a.claims[0]!.rule === 'varaktig')
    .map((a) => ({ a, start: a.claims[0]!.periodStart, end: a.claims[0]!.periodEnd }))
    .sort((x, y) => (x.start < y.start ? -1 : x.start > y.start ? 1 : 0));
  const inPeriod = new Map<KeyAmounts, number[]>();
  const unclaimed: number[] = [];
  for (const i of counting) {
    const date = lines[i]!.date;
    const p = periods.find((x) => date >= x.start && date <= x.end);
    if (!p) {
      unclaimed.push(i);
      continue;
    }
    let list = inPeriod.get(p.a);
    if (!list) inPeriod.set(p.a, (list = []));
    list.push(i);
  }
  for (const [a, indexes] of inPeriod) {
    const shares = shareKey(a, indexes);
    indexes.forEach((i, k) => {
      emit(i, CLAIMED, shares.claimed[k]!);
      emit(i, EXPIRED, shares.expired[k]!);
      emit(i, FATE_INDEX.below_threshold, net(i) - shares.claimed[k]! - shares.expired[k]!);
    });
  }
  const lostOre = evaluation.fates.expired - expiredInClaims;
  const lost = lostOre === 0 ? new Map<number, Ore>() : shareLost(lostOre, unclaimed, lostPool(input, frozen, counting, unclaimed), net);
  for (const i of unclaimed) {
    const part = lost.get(i) ?? 0;
    emit(i, EXPIRED, part);
    emit(i, FATE_INDEX.below_threshold, net(i) - part);
  }

  // Keys with no lines (frozen claims whose lines are gone): their amounts cancel out; they go on
  // the person's first line, or stay as residue when the person has no lines.
  for (const a of keys.values()) {
    if (a.lines !== null) continue;
    for (const c of a.claims) result.weights.set(c.id, []);
    if (a.claimed === 0 && a.expired === 0) continue;
    if (lines.length > 0) {
      emit(0, CLAIMED, a.claimed);
      emit(0, EXPIRED, a.expired);
      continue;
    }
    const first = a.claims[0]!;
    const quarter = first.quarter ?? quarterOf(first.periodStart);
    if (a.claimed !== 0) result.residue.push({ quarter, fate: 'claimed', ore: a.claimed });
    if (a.expired !== 0) result.residue.push({ quarter, fate: 'expired', ore: a.expired });
  }
  return result;
}

interface Group {
  unit: string | null;
  quarter: string;
  netOre: Ore;
  /** Positions in the key's line list. */
  members: number[];
  nets: Ore[];
}

/** The key's lines by unit and quarter, in order of first appearance. */
function groupByUnitQuarter(lines: readonly AttributionLine[], indexes: readonly number[]): Group[] {
  const groups: Group[] = [];
  const byKey = new Map<string, Group>();
  indexes.forEach((i, position) => {
    const line = lines[i]!;
    const quarter = quarterOf(line.date);
    const key = `${line.unit ?? '\u0000'}\u0001${quarter}`;
    let g = byKey.get(key);
    if (!g) {
      g = { unit: line.unit, quarter, netOre: 0, members: [], nets: [] };
      byKey.set(key, g);
      groups.push(g);
    }
    const n = line.amountOre - line.feeOre;
    g.netOre += n;
    g.members.push(position);
    g.nets.push(n);
  });
  return groups;
}

/** An amount over the groups by their net, then over each group's lines by theirs. */
function shareTwoLevel(amount: Ore, groups: readonly Group[], count: number): Ore[] {
  const out = new Array<Ore>(count).fill(0);
  if (amount === 0) return out;
  const groupShares = shareOut(amount, groups.map((g) => g.netOre));
  groups.forEach((g, k) => {
    const lineShares = shareOut(groupShares[k]!, g.nets);
    g.members.forEach((position, m) => (out[position] = lineShares[m]!));
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
  const sorted = counting.map((i) => input.lines[i]!);
  const expiredPeriods = choosePeriods(candidatePeriods(sorted, submitted)).chosen.filter((p) => p.deadline < input.asOf);
  const pool = new Set<number>();
  for (const i of unclaimed) {
    const date = input.lines[i]!.date;
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
    const shares = shareOut(amount, indexes.map((i) => net(i)));
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
