// What an application shows about one claim: its specification lines and the threshold
// arithmetic, recomputed with the same rules that made the claim (so the form and claims.json agree).
import { quarterOf } from '../domain/dates.js';
import type { Claim, CostLine, IsoDate, Person } from '../domain/types.js';
import type { KostnadskravandeDetail, VaraktigDetail } from '../documents/application-input.js';
import { lineDomain } from './domains.js';
import { contactEnding, countsForKostnadskravande, quarterArithmetic } from './kostnadskravande.js';
import { isInterpreter } from './rule-line.js';
import { KOSTNADSKRAVANDE_THRESHOLD_ORE, VARAKTIG_THRESHOLD_ORE } from './thresholds.js';
import { contactDiagnosis, varaktigExclusion } from './varaktig.js';

export interface ClaimDetail {
  lines: CostLine[];
  kostnadskravande: KostnadskravandeDetail | null;
  varaktig: VaraktigDetail | null;
}

function byDateThenSeq(a: CostLine, b: CostLine): number {
  return a.date < b.date ? -1 : a.date > b.date ? 1 : a.seq - b.seq;
}

/** @param personLines every line of the claim's person, in ingestion order */
export function claimDetail(claim: Claim, person: Person, personLines: readonly CostLine[], asOf: IsoDate): ClaimDetail {
  return claim.rule === 'kostnadskravande'
    ? kostnadskravandeDetail(claim, person, personLines, asOf)
    : varaktigDetail(claim, person, personLines);
}

function kostnadskravandeDetail(claim: Claim, person: Person, personLines: readonly CostLine[], asOf: IsoDate): ClaimDetail {
  const contactLines = personLines.filter((l) => l.contactId === claim.contactId);
  const counting = contactLines
    .filter((l) => lineDomain(person, l.date) === 'kostnadskravande' && countsForKostnadskravande(person, l))
    .sort(byDateThenSeq);
  const quarters = quarterArithmetic(counting);
  const q = quarters.find((x) => x.quarter === claim.quarter);
  const ending = contactEnding(contactLines, asOf);
  const T = KOSTNADSKRAVANDE_THRESHOLD_ORE;
  const sumBefore = q?.sumBeforeOre ?? 0;
  const quarterSum = q?.quarterSumOre ?? 0;
  const deductedBefore = Math.min(T, Math.max(0, sumBefore));
  const deduction = Math.min(T, Math.max(0, sumBefore + quarterSum)) - deductedBefore;
  return {
    lines: counting.filter((l) => quarterOf(l.date) === claim.quarter),
    kostnadskravande: {
      contactFirstDate: ending.firstLineDate,
      contactLastDate: ending.lastLineDate,
      contactEnd: ending.ended,
      units: [...new Set(contactLines.map((l) => l.unit).filter((u): u is string => !!u))].sort(),
      sumBeforeQuarterOre: sumBefore,
      quarterSumOre: quarterSum,
      deductedBeforeOre: deductedBefore,
      deductionOre: deduction,
      multiQuarter: quarters.length > 1,
    },
    varaktig: null,
  };
}

function varaktigDetail(claim: Claim, person: Person, personLines: readonly CostLine[]): ClaimDetail {
  const byContact = new Map<string, CostLine[]>();
  for (const l of personLines) {
    const list = byContact.get(l.contactId);
    if (list) list.push(l);
    else byContact.set(l.contactId, [l]);
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
  let careOre = 0;
  let interpreterOre = 0;
  for (const l of lines) {
    if (isInterpreter(l)) interpreterOre += l.amountOre - l.feeOre;
    else careOre += l.amountOre - l.feeOre;
  }
  return { lines, kostnadskravande: null, varaktig: { careOre, interpreterOre, thresholdOre: VARAKTIG_THRESHOLD_ORE } };
}
