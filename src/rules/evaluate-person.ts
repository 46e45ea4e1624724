// One person's evaluation: every line to its domain (§5.1), the two rules (§5.2, §5.3), frozen
// claims kept and corrected by adjustments (§5.5), and every krona given a fate (§5.4). Pure.
import { FROZEN_STATUSES, emptyFates, netOre, type Claim, type Fates, type IsoDate, type Person } from '../domain/types.js';
import type { ClaimIdFactory } from './claim-id.js';
import { type ComputedClaim, kostnadskravandeKey, varaktigKey } from './computed-claim.js';
import { lineDomain } from './domains.js';
import { evaluateKostnadskravande } from './kostnadskravande.js';
import type { RuleLine } from './rule-line.js';
import { addTo } from '../domain/collections.js';
import { type Period, evaluateVaraktig } from './varaktig.js';

export interface PersonEvaluationInput {
  /** The register person's id, or for lines of nobody in the register, the lines' person id. */
  personKey: string;
  person: Person | null;
  /** Every line of the person, in ingestion order. */
  lines: readonly RuleLine[];
  /** The person's claims marked submitted, paid or rejected: never changed. */
  frozen: readonly Claim[];
  asOf: IsoDate;
  claimId: ClaimIdFactory;
}

export interface PersonEvaluation {
  /** New and adjustment claims; frozen claims are not repeated here. */
  claims: Claim[];
  fates: Fates;
}

export function frozenClaimKey(claim: Pick<Claim, 'rule' | 'contactId' | 'quarter' | 'periodStart'>): string {
  return claim.rule === 'kostnadskravande' ? kostnadskravandeKey(claim.contactId!, claim.quarter!) : varaktigKey(claim.periodStart);
}

export function evaluatePerson(input: PersonEvaluationInput): PersonEvaluation {
  const { person, lines, asOf } = input;
  const fates = emptyFates();
  const contactLines = new Map<string, RuleLine[]>();
  const kostnadskravandeLines: RuleLine[] = [];
  const varaktigLines: RuleLine[] = [];
  for (const line of lines) {
    addTo(contactLines, line.contactId, line);
    const domain = lineDomain(person, line.date);
    if (domain === 'kostnadskravande') kostnadskravandeLines.push(line);
    else if (domain === 'varaktig') varaktigLines.push(line);
    else fates[domain] += netOre(line);
  }
  if (!person) return { claims: [], fates };

  const frozen = input.frozen.filter((c) => FROZEN_STATUSES.includes(c.status));
  const submittedPeriods: Period[] = [];
  for (const c of frozen) {
    if (c.rule === 'varaktig' && !submittedPeriods.some((p) => p.start === c.periodStart)) {
      submittedPeriods.push({ start: c.periodStart, end: c.periodEnd });
    }
  }

  const k = evaluateKostnadskravande(person, kostnadskravandeLines, contactLines, asOf);
  fates.own_deductible += k.ownDeductibleOre;
  fates.below_threshold += k.belowThresholdOre;
  fates.not_covered_category += k.notCoveredOre;
  const v = evaluateVaraktig(person, varaktigLines, contactLines, submittedPeriods, asOf);
  for (const [fate, ore] of Object.entries(v.fates) as [keyof Fates, number][]) fates[fate] += ore;

  const claims = settleAgainstFrozen(input.personKey, [...k.claims, ...v.claims], frozen, asOf, input.claimId);
  for (const c of frozen) fates.claimed += c.claimOre;
  for (const c of claims) {
    if (c.status === 'expired') fates.expired += c.claimOre;
    else fates.claimed += c.claimOre;
  }
  return { claims, fates };
}

/** Computed claims become claims; where a frozen claim exists for the same key, only the difference does. */
function settleAgainstFrozen(
  personKey: string,
  computed: readonly ComputedClaim[],
  frozen: readonly Claim[],
  asOf: IsoDate,
  claimId: ClaimIdFactory,
): Claim[] {
  const frozenByKey = new Map<string, Claim[]>();
  for (const c of frozen) {
    const key = frozenClaimKey(c);
    addTo(frozenByKey, key, c);
  }
  const claims: Claim[] = [];
  const computedKeys = new Set<string>();
  for (const c of computed) {
    computedKeys.add(c.key);
    const earlier = frozenByKey.get(c.key);
    if (!earlier) {
      claims.push(toClaim(personKey, c, claimId(personKey, c.key), null));
      continue;
    }
    const difference = c.claimOre - sumClaimed(earlier);
    if (difference !== 0) claims.push(adjustment(personKey, c, earlier, difference, claimId));
  }
  // Frozen claims whose contact-quarter or period no longer yields anything: adjust down to zero.
  for (const [key, earlier] of frozenByKey) {
    if (computedKeys.has(key)) continue;
    const difference = -sumClaimed(earlier);
    if (difference === 0) continue;
    const original = originalOf(earlier);
    const gone: ComputedClaim = {
      key,
      rule: original.rule,
      contactId: original.contactId,
      quarter: original.quarter,
      periodStart: original.periodStart,
      periodEnd: original.periodEnd,
      careOre: 0,
      interpreterOre: 0,
      claimOre: 0,
      deadline: original.deadline,
      deadlineProvisional: original.deadlineProvisional,
      status: original.deadline < asOf ? 'expired' : 'ready',
    };
    claims.push(adjustment(personKey, gone, earlier, difference, claimId));
  }
  return claims;
}

function sumClaimed(claims: readonly Claim[]): number {
  return claims.reduce((sum, c) => sum + c.claimOre, 0);
}

/** The first claim made for a key (the one adjustments refer to). */
function originalOf(claims: readonly Claim[]): Claim {
  const originals = claims.filter((c) => c.adjustmentOf === null);
  const pool = originals.length > 0 ? originals : claims;
  return [...pool].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))[0]!;
}

function adjustment(personKey: string, computed: ComputedClaim, earlier: readonly Claim[], difference: number, claimId: ClaimIdFactory): Claim {
  const id = claimId(personKey, `${computed.key}|adjustment|${earlier.length}`);
  return { ...toClaim(personKey, computed, id, originalOf(earlier).id), claimOre: difference };
}

function toClaim(personId: string, c: ComputedClaim, id: string, adjustmentOf: string | null): Claim {
  const { key: _key, ...claim } = c;
  return { id, personId, ...claim, adjustmentOf };
}
