// SPEC §5.3, förordning (2010:1122) 33 §: varaktig vård for people received in a municipality.
// Pure: lines in, chosen twelve-month periods and fates out.
import { memoised } from '../domain/collections.js';
import { twelveMonthPeriodEnd } from '../domain/dates.js';
import { type Fate, type IsoDate, type Ore, type Person, netOre } from '../domain/types.js';
import { type ComputedClaim, varaktigKey } from './computed-claim.js';
import { varaktigDeadline } from './deadlines.js';
import { type RuleLine, byDateThenSeq, isInterpreter } from './rule-line.js';
import { VARAKTIG_THRESHOLD_ORE } from './thresholds.js';

type AssessmentFields = Pick<Person, 'chronic3y' | 'protectionLink' | 'underlyingDiagnoses'>;

/** ICD-10 codes compare case-insensitively without the dot (F43 matches F43.1 and F431). Asked for every varaktig line: kept per code. */
export const normaliseIcd = memoised((code: string): string => code.toUpperCase().replace(/\./g, ''));

/** Period ends repeat for the same start dates across persons: each is computed once. */
const periodEndOf = memoised(twelveMonthPeriodEnd);

/** The contact's diagnosis: the first non-empty one among its lines in ingestion order. */
export function contactDiagnosis(contactLines: readonly RuleLine[]): string | null {
  let first: RuleLine | null = null;
  for (const line of contactLines) {
    if (line.diagnosis && (first === null || line.seq < first.seq)) first = line;
  }
  return first?.diagnosis ?? null;
}

/** Why a varaktig-domain line does not count, or null when it counts. */
export function varaktigExclusion(
  person: AssessmentFields,
  line: RuleLine,
  diagnosisOfContact: string | null,
): Extract<Fate, 'assessment_negative' | 'not_doctor_ordered' | 'not_linked'> | null {
  if (person.chronic3y === false || person.protectionLink === false) return 'assessment_negative';
  if (!line.doctorOrdered) return 'not_doctor_ordered';
  if (person.underlyingDiagnoses.length > 0 && diagnosisOfContact !== null) {
    const code = normaliseIcd(diagnosisOfContact);
    if (!person.underlyingDiagnoses.some((u) => code.startsWith(normaliseIcd(u)))) return 'not_linked';
  }
  return null;
}

export interface PeriodSums {
  /** Counting care costs of the period, interpreter excluded. */
  careOre: Ore;
  /** Counting interpreter costs of the period. */
  interpreterOre: Ore;
}

/**
 * The 60 000 kr test of 33 §: a twelve-month period qualifies when its care costs, interpreter
 * excluded, reach the level; a qualifying period claims care and interpreter costs together (the
 * level is no deductible). The rules, the application form and its check all ask this function.
 */
export function varaktigPeriodClaim(sums: PeriodSums): { qualifies: boolean; claimOre: Ore } {
  const qualifies = sums.careOre >= VARAKTIG_THRESHOLD_ORE;
  return { qualifies, claimOre: qualifies ? sums.careOre + sums.interpreterOre : 0 };
}

export interface Period {
  start: IsoDate;
  end: IsoDate;
}

export interface Candidate extends Period, PeriodSums {
  claimOre: Ore;
  deadline: IsoDate;
}

function insideAny(periods: readonly Period[], date: IsoDate): boolean {
  for (const p of periods) if (date >= p.start && date <= p.end) return true;
  return false;
}

function overlaps(a: Period, b: Period): boolean {
  return a.start <= b.end && b.start <= a.end;
}

function periodSums(sorted: readonly RuleLine[], period: Period): PeriodSums {
  let careOre = 0;
  let interpreterOre = 0;
  for (const line of sorted) {
    if (line.date < period.start || line.date > period.end) continue;
    if (isInterpreter(line)) interpreterOre += netOre(line);
    else careOre += netOre(line);
  }
  return { careOre, interpreterOre };
}

/**
 * Qualifying twelve-month periods, one per distinct line date (sliding window, O(n)).
 * A period qualifies when its care sum (interpreter excluded) reaches the threshold and its claim is positive.
 */
export function candidatePeriods(sorted: readonly RuleLine[], blocked: readonly Period[]): Candidate[] {
  const candidates: Candidate[] = [];
  let j = 0;
  let careOre = 0;
  let interpreterOre = 0;
  for (let i = 0; i < sorted.length; i++) {
    const start = sorted[i]!.date;
    if (i > 0 && sorted[i - 1]!.date === start) continue;
    const end = periodEndOf(start);
    while (j < sorted.length && sorted[j]!.date <= end) {
      const line = sorted[j]!;
      if (isInterpreter(line)) interpreterOre += netOre(line);
      else careOre += netOre(line);
      j++;
    }
    const { qualifies, claimOre } = varaktigPeriodClaim({ careOre, interpreterOre });
    const period = { start, end };
    if (qualifies && claimOre > 0 && !blocked.some((b) => overlaps(b, period))) {
      candidates.push({ start, end, careOre, interpreterOre, claimOre, deadline: varaktigDeadline(end) });
    }
    // Leave the window ready for the next start date: remove this date's lines.
    for (let k = i; k < sorted.length && sorted[k]!.date === start; k++) {
      const line = sorted[k]!;
      if (isInterpreter(line)) interpreterOre -= netOre(line);
      else careOre -= netOre(line);
    }
  }
  return candidates;
}

/**
 * Weighted interval scheduling over candidates sorted by start: the non-overlapping set with the
 * largest total; on a tie, the set whose first differing period starts earlier. O(n log n).
 */
export function choosePeriods(candidates: readonly Candidate[]): { chosen: Candidate[]; totalOre: Ore } {
  const n = candidates.length;
  // Most persons have no qualifying period: no tables to build.
  if (n === 0) return { chosen: [], totalOre: 0 };
  const next = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    // First candidate starting after this one ends (binary search; starts are ascending).
    let lo = i + 1;
    let hi = n;
    const end = candidates[i]!.end;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (candidates[mid]!.start > end) hi = mid;
      else lo = mid + 1;
    }
    next[i] = lo;
  }
  const best = new Float64Array(n + 1);
  const take = new Uint8Array(n);
  for (let i = n - 1; i >= 0; i--) {
    const withThis = candidates[i]!.claimOre + best[next[i]!]!;
    const without = best[i + 1]!;
    // On a tie taking this one wins: every alternative's first period starts later.
    if (withThis >= without) {
      best[i] = withThis;
      take[i] = 1;
    } else best[i] = without;
  }
  const chosen: Candidate[] = [];
  for (let i = 0; i < n;) {
    if (take[i]) {
      chosen.push(candidates[i]!);
      i = next[i]!;
    } else i++;
  }
  return { chosen, totalOre: best[0] ?? 0 };
}

export interface VaraktigResult {
  claims: ComputedClaim[];
  /** Exclusions, below_threshold and expired (lost money) in öre. Claimed amounts come from the claims. */
  fates: Partial<Record<Fate, Ore>>;
}

export function varaktigStatus(person: AssessmentFields, period: Period, deadline: IsoDate, asOf: IsoDate): ComputedClaim['status'] {
  if (deadline < asOf) return 'expired';
  if (period.end >= asOf) return 'waiting';
  if (person.chronic3y === null || person.protectionLink === null || person.underlyingDiagnoses.length === 0) {
    return 'needs_assessment';
  }
  return 'ready';
}

function toClaim(person: AssessmentFields, c: Omit<Candidate, 'deadline'>, asOf: IsoDate): ComputedClaim {
  const deadline = varaktigDeadline(c.end);
  return {
    key: varaktigKey(c.start),
    rule: 'varaktig',
    contactId: null,
    quarter: null,
    periodStart: c.start,
    periodEnd: c.end,
    careOre: c.careOre,
    interpreterOre: c.interpreterOre,
    claimOre: c.claimOre,
    deadline,
    deadlineProvisional: false,
    status: varaktigStatus(person, c, deadline, asOf),
  };
}

/**
 * @param domainLines lines dated on or after reception and outside LMA, in ingestion order
 * @param contactLines every line of the person by contact id, any domain (for the contact diagnosis)
 * @param submitted periods of frozen varaktig claims: recomputed (for adjustments), never overlapped
 */
export function evaluateVaraktig(
  person: AssessmentFields,
  domainLines: readonly RuleLine[],
  contactLines: ReadonlyMap<string, readonly RuleLine[]>,
  submitted: readonly Period[],
  asOf: IsoDate,
): VaraktigResult {
  const fates: Partial<Record<Fate, Ore>> = {};
  const add = (fate: Fate, ore: Ore) => {
    fates[fate] = (fates[fate] ?? 0) + ore;
  };
  const diagnoses = new Map<string, string | null>();
  const counting: RuleLine[] = [];
  for (const line of domainLines) {
    let diagnosis = diagnoses.get(line.contactId);
    if (diagnosis === undefined) {
      diagnosis = contactDiagnosis(contactLines.get(line.contactId) ?? [line]);
      diagnoses.set(line.contactId, diagnosis);
    }
    const exclusion = varaktigExclusion(person, line, diagnosis);
    if (exclusion) add(exclusion, netOre(line));
    else counting.push(line);
  }
  counting.sort(byDateThenSeq);

  const claims: ComputedClaim[] = [];
  // Submitted periods never change; their lines are recomputed so an adjustment can follow (§5.5).
  for (const period of submitted) {
    const sums = periodSums(counting, period);
    const { qualifies, claimOre } = varaktigPeriodClaim(sums);
    if (!qualifies) add('below_threshold', sums.careOre + sums.interpreterOre);
    claims.push(toClaim(person, { ...period, ...sums, claimOre }, asOf));
  }

  const candidates = candidatePeriods(counting, submitted);
  const claimable = choosePeriods(candidates.filter((c) => c.deadline >= asOf));
  const ignoringDeadlines = choosePeriods(candidates);
  for (const c of claimable.chosen) claims.push(toClaim(person, c, asOf));

  const covered = [...submitted, ...claimable.chosen];
  let unclaimedOre = 0;
  for (const line of counting) if (!insideAny(covered, line.date)) unclaimedOre += netOre(line);
  const lostOre = Math.max(0, Math.min(unclaimedOre, ignoringDeadlines.totalOre - claimable.totalOre));
  add('expired', lostOre);
  add('below_threshold', unclaimedOre - lostOre);
  return { claims, fates };
}
