// SPEC §5.2, förordning (1996:1357) 7 § and 7 a §: kostnadskrävande vård for people registered
// with Migrationsverket. Pure: lines in, claims and fates out.
import { birthdayOfAge } from '../domain/age.js';
import { maxDate, quarterEnd, quarterOf } from '../domain/dates.js';
import { type IsoDate, type Ore, type Person, netOre } from '../domain/types.js';
import { type ComputedClaim, kostnadskravandeKey } from './computed-claim.js';
import { kostnadskravandeDeadline } from './deadlines.js';
import { type RuleLine, byDateThenSeq, isInterpreter } from './rule-line.js';
import { addTo } from '../domain/collections.js';
import { CHILD_AGE_LIMIT_YEARS, KOSTNADSKRAVANDE_THRESHOLD_ORE } from './thresholds.js';

/**
 * Which of the person's lines count (SPEC §5.2): children are covered for all care, adults only for
 * the categories of 2 § (every category but `övrig`). The 18th birthday is worked out once.
 */
export function kostnadskravandeCoverage(person: Pick<Person, 'birthDate'>): (line: Pick<RuleLine, 'date' | 'careCategory'>) => boolean {
  const adultFrom = person.birthDate === null ? null : birthdayOfAge(person.birthDate, CHILD_AGE_LIMIT_YEARS);
  return (line) => line.careCategory !== 'övrig' || (adultFrom !== null && line.date < adultFrom);
}

export interface ContactEnding {
  /** The date the contact ended, or null while it is ongoing. */
  ended: IsoDate | null;
  firstLineDate: IsoDate;
  lastLineDate: IsoDate;
}

/** When a contact ended, from all its lines in any domain (SPEC §5.2 "Contact end"). */
export function contactEnding(contactLines: readonly RuleLine[], asOf: IsoDate): ContactEnding {
  let latestEnd: IsoDate | null = null;
  let first = contactLines[0]!.date;
  let last = first;
  let fileHadEndColumn = false;
  for (const line of contactLines) {
    if (line.contactEnd !== null && (latestEnd === null || line.contactEnd > latestEnd)) latestEnd = line.contactEnd;
    if (line.date < first) first = line.date;
    if (line.date > last) last = line.date;
    fileHadEndColumn ||= line.fileHasContactEnd;
  }
  let ended: IsoDate | null;
  if (latestEnd !== null) ended = latestEnd > asOf ? null : latestEnd;
  else ended = fileHadEndColumn ? null : last;
  return { ended, firstLineDate: first, lastLineDate: last };
}

/** The deadline, provisional for an ongoing contact: as if it ended as early as it can. */
export function contactDeadline(ending: ContactEnding, asOf: IsoDate): { deadline: IsoDate; provisional: boolean } {
  if (ending.ended !== null) return { deadline: kostnadskravandeDeadline(ending.ended), provisional: false };
  return { deadline: kostnadskravandeDeadline(maxDate(asOf, ending.lastLineDate)), provisional: true };
}

export interface QuarterDeduction {
  /** What earlier quarters of the contact deducted together: min(C(q−1), T). */
  deductedBeforeOre: Ore;
  /** What this quarter deducts: min(C(q), T) − min(C(q−1), T); negative when credits give back an earlier deduction. */
  deductionOre: Ore;
  /** max(0, C(q) − T) − max(0, C(q−1) − T): what the quarter claims (negative: a correction). */
  claimOre: Ore;
}

/**
 * The quarter formula of SPEC §5.2 with T = 100 000 kr, C(q−1) the contact's counting sum before the
 * quarter and C(q) after it. The claim and what the application prints about the deduction come from
 * here alone, so quarterSum − deduction = claim for every sequence of charges and credits.
 */
export function quarterDeduction(sumBeforeOre: Ore, quarterSumOre: Ore): QuarterDeduction {
  const T = KOSTNADSKRAVANDE_THRESHOLD_ORE;
  const sumAfterOre = sumBeforeOre + quarterSumOre;
  const claimOre = Math.max(0, sumAfterOre - T) - Math.max(0, sumBeforeOre - T);
  return { deductedBeforeOre: Math.min(sumBeforeOre, T), deductionOre: quarterSumOre - claimOre, claimOre };
}

/**
 * The contact's final counting sum decides (SPEC §5.2): above T, the first T are the region's own
 * (the quarter claims then add up to the rest); at or under T, the whole sum is below the threshold.
 */
export function contactThresholdFate(totalOre: Ore): { ownDeductibleOre: Ore; belowThresholdOre: Ore } {
  const T = KOSTNADSKRAVANDE_THRESHOLD_ORE;
  return totalOre > T ? { ownDeductibleOre: T, belowThresholdOre: 0 } : { ownDeductibleOre: 0, belowThresholdOre: totalOre };
}

export interface QuarterArithmetic extends QuarterDeduction {
  quarter: string;
  /** C(q−1): the contact's counting sum before this quarter. */
  sumBeforeOre: Ore;
  /** C(q) − C(q−1). */
  quarterSumOre: Ore;
  careOre: Ore;
  interpreterOre: Ore;
  firstDate: IsoDate;
  lastDate: IsoDate;
}

/** The quarter-by-quarter arithmetic of one contact's counting lines (sorted by date). */
export function quarterArithmetic(countingLines: readonly RuleLine[]): QuarterArithmetic[] {
  const quarters: QuarterArithmetic[] = [];
  let cumulative = 0;
  let current: QuarterArithmetic | null = null;
  for (const line of countingLines) {
    const q = quarterOf(line.date);
    if (current === null || current.quarter !== q) {
      current = {
        quarter: q,
        sumBeforeOre: cumulative,
        quarterSumOre: 0,
        careOre: 0,
        interpreterOre: 0,
        firstDate: line.date,
        lastDate: line.date,
        deductedBeforeOre: 0,
        deductionOre: 0,
        claimOre: 0,
      };
      quarters.push(current);
    }
    const net = netOre(line);
    current.quarterSumOre += net;
    if (isInterpreter(line)) current.interpreterOre += net;
    else current.careOre += net;
    current.lastDate = line.date;
    cumulative += net;
  }
  for (const q of quarters) {
    const d = quarterDeduction(q.sumBeforeOre, q.quarterSumOre);
    q.deductedBeforeOre = d.deductedBeforeOre;
    q.deductionOre = d.deductionOre;
    q.claimOre = d.claimOre;
  }
  return quarters;
}

export interface KostnadskravandeResult {
  claims: ComputedClaim[];
  ownDeductibleOre: Ore;
  belowThresholdOre: Ore;
  notCoveredOre: Ore;
}

/**
 * Evaluates the person's lines in the kostnadskrävande domain.
 * @param domainLines lines dated inside an LMA period, in ingestion order
 * @param contactLines every line of the person by contact id, any domain (for the contact's end)
 */
export function evaluateKostnadskravande(
  person: Pick<Person, 'birthDate'>,
  domainLines: readonly RuleLine[],
  contactLines: ReadonlyMap<string, readonly RuleLine[]>,
  asOf: IsoDate,
): KostnadskravandeResult {
  const result: KostnadskravandeResult = { claims: [], ownDeductibleOre: 0, belowThresholdOre: 0, notCoveredOre: 0 };
  const countingByContact = new Map<string, RuleLine[]>();
  const counts = kostnadskravandeCoverage(person);
  for (const line of domainLines) {
    if (!counts(line)) {
      result.notCoveredOre += netOre(line);
      continue;
    }
    addTo(countingByContact, line.contactId, line);
  }

  for (const [contactId, counting] of countingByContact) {
    if (counting.length > 1) counting.sort(byDateThenSeq);
    const quarters = quarterArithmetic(counting);
    const fate = contactThresholdFate(quarters.reduce((sum, q) => sum + q.quarterSumOre, 0));
    result.ownDeductibleOre += fate.ownDeductibleOre;
    result.belowThresholdOre += fate.belowThresholdOre;

    const ending = contactEnding(contactLines.get(contactId) ?? counting, asOf);
    const { deadline, provisional } = contactDeadline(ending, asOf);
    for (const q of quarters) {
      if (q.claimOre === 0) continue;
      const status = deadline < asOf ? 'expired' : ending.ended === null && quarterEnd(q.quarter) >= asOf ? 'waiting' : 'ready';
      result.claims.push({
        key: kostnadskravandeKey(contactId, q.quarter),
        rule: 'kostnadskravande',
        contactId,
        quarter: q.quarter,
        periodStart: q.firstDate,
        periodEnd: q.lastDate,
        careOre: q.careOre,
        interpreterOre: q.interpreterOre,
        claimOre: q.claimOre,
        deadline,
        deadlineProvisional: provisional,
        status,
      });
    }
  }
  return result;
}
