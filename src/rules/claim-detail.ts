// What an application shows about one claim: its specification lines and the threshold
// arithmetic, recomputed with the same rule functions that made the claim (quarterDeduction,
// varaktigPeriodClaim), so the form and claims.json agree.
import { quarterOf } from '../domain/dates.js';
import { type Claim, type CostLine, type IsoDate, type Ore, type Person, netOre } from '../domain/types.js';
import { lineDomain } from './domains.js';
import { contactEnding, kostnadskravandeCoverage, quarterArithmetic, quarterDeduction } from './kostnadskravande.js';
import { byDateThenSeq, isInterpreter } from './rule-line.js';
import { VARAKTIG_THRESHOLD_ORE } from './thresholds.js';
import { addTo } from '../domain/collections.js';
import { contactDiagnosis, type PeriodSums, varaktigExclusion, varaktigPeriodClaim } from './varaktig.js';

export interface KostnadskravandeDetail {
  /** First and last line date of the whole care contact (any domain). */
  contactFirstDate: IsoDate;
  contactLastDate: IsoDate;
  /** The contact's end date, or null while it is ongoing. */
  contactEnd: IsoDate | null;
  /** Units (vårdenheter) on the contact's lines, sorted. */
  units: string[];
  /** Counting sum of the contact up to the end of the quarter before this claim's (C(q−1)). */
  sumBeforeQuarterOre: Ore;
  /** Counting sum inside this claim's quarter (C(q) − C(q−1)). */
  quarterSumOre: Ore;
  /** By quarterDeduction: what earlier quarters deducted, and what this one deducts. */
  deductedBeforeOre: Ore;
  deductionOre: Ore;
  /** Whether the contact's lines span more than one quarter (applied for quarter by quarter). */
  multiQuarter: boolean;
}

export interface VaraktigDetail extends PeriodSums {
  thresholdOre: Ore;
  /** The 60 000 kr test and what the period claims by it (before anything claimed earlier). */
  qualifies: boolean;
  periodClaimOre: Ore;
}

export interface ClaimDetail {
  lines: CostLine[];
  kostnadskravande: KostnadskravandeDetail | null;
  varaktig: VaraktigDetail | null;
}

/** @param personLines every line of the claim's person, in ingestion order */
export function claimDetail(claim: Claim, person: Person, personLines: readonly CostLine[], asOf: IsoDate): ClaimDetail {
  return claim.rule === 'kostnadskravande' ? kostnadskravandeDetail(claim, person, personLines, asOf) : varaktigDetail(claim, person, personLines);
}

function kostnadskravandeDetail(claim: Claim, person: Person, personLines: readonly CostLine[], asOf: IsoDate): ClaimDetail {
  const contactLines = personLines.filter((l) => l.contactId === claim.contactId);
  const counts = kostnadskravandeCoverage(person);
  const counting = contactLines.filter((l) => lineDomain(person, l.date) === 'kostnadskravande' && counts(l)).sort(byDateThenSeq);
  const quarters = quarterArithmetic(counting);
  const q = quarters.find((x) => x.quarter === claim.quarter);
  const ending = contactEnding(contactLines, asOf);
  // A frozen claim's quarter that has no counting lines left: nothing before or in it.
  const sumBefore = q?.sumBeforeOre ?? 0;
  const quarterSum = q?.quarterSumOre ?? 0;
  const deduction = quarterDeduction(sumBefore, quarterSum);
  return {
    lines: counting.filter((l) => quarterOf(l.date) === claim.quarter),
    kostnadskravande: {
      contactFirstDate: ending.firstLineDate,
      contactLastDate: ending.lastLineDate,
      contactEnd: ending.ended,
      units: [...new Set(contactLines.map((l) => l.unit).filter((u): u is string => !!u))].sort(),
      sumBeforeQuarterOre: sumBefore,
      quarterSumOre: quarterSum,
      deductedBeforeOre: deduction.deductedBeforeOre,
      deductionOre: deduction.deductionOre,
      multiQuarter: quarters.length > 1,
    },
    varaktig: null,
  };
}

function varaktigDetail(claim: Claim, person: Person, personLines: readonly CostLine[]): ClaimDetail {
  const byContact = new Map<string, CostLine[]>();
  for (const l of personLines) {
    addTo(byContact, l.contactId, l);
  }
  const lines = personLines
    .filter(
      (l) =>
        l.date >= claim.periodStart &&
        l.date <= claim.periodEnd &&
        lineDomain(person, l.date) === 'varaktig' &&
        varaktigExclusion(person, l, contactDiagnosis(byContact.get(l.contactId)!)) === null,
    )
    .sort(byDateThenSeq);
  const sums: PeriodSums = { careOre: 0, interpreterOre: 0 };
  for (const l of lines) {
    if (isInterpreter(l)) sums.interpreterOre += netOre(l);
    else sums.careOre += netOre(l);
  }
  const { qualifies, claimOre } = varaktigPeriodClaim(sums);
  return { lines, kostnadskravande: null, varaktig: { ...sums, thresholdOre: VARAKTIG_THRESHOLD_ORE, qualifies, periodClaimOre: claimOre } };
}
