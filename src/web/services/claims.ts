// What the claim pages and the claims API show, made from the store: the list with deadline marks,
// one claim with its lines, threshold arithmetic and history, the overview figures, and marking
// claims submitted (recorded as `claims mark --submitted` records it, with the user as source).
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { addDays, daysBetween } from '../../domain/dates.js';
import { maskIdentity } from '../../domain/identity.js';
import { normaliseDossier } from '../../domain/person-of-line.js';
import type { ClaimStatus, CostLine, IsoDate, Rule } from '../../domain/types.js';
import type { ClaimEvent } from '../../finance/claim-events.js';
import { eventRefusal } from '../../finance/claim-events.js';
import { applicationPath, publicClaim } from '../../pipeline/claims-json.js';
import { type ClaimDetail, claimDetail } from '../../rules/claim-detail.js';
import { KOSTNADSKRAVANDE_THRESHOLD_ORE, VARAKTIG_THRESHOLD_ORE } from '../../rules/thresholds.js';
import { audit } from '../../store/audit.js';
import { type AssessmentView, assessmentView } from './assessments.js';
import { claimEventsOf, recordClaimEvent } from '../../store/claim-events.js';
import type { StoredClaim } from '../../store/claims.js';
import { readCostLinesOf } from '../../store/cost-lines.js';
import type { Db } from '../../store/db.js';
import {
  type ClaimFilter,
  adjustmentsOf,
  expiredInYear,
  getVisibleClaim,
  listVisibleClaims,
  personOfClaim,
  claimTotals,
} from '../../store/web-claims.js';

/** The pattern of a claim id (src/rules/claim-id.ts): anything else is refused before the store. */
export const CLAIM_ID = /^(KV|VV)-[0-9A-F]{16}$/;

export const STATUS_TEXT: Record<ClaimStatus, string> = {
  ready: 'Klar att skicka',
  waiting: 'Väntar',
  needs_assessment: 'Behöver bedömning',
  expired: 'Frist passerad',
  submitted: 'Inskickad',
  paid: 'Utbetald',
  rejected: 'Avslagen',
};

export const RULE_TEXT: Record<Rule, string> = { kostnadskravande: 'Kostnadskrävande vård', varaktig: 'Varaktig vård' };

/** Days before a deadline from which it is marked as near. */
export const NEAR_DAYS = 30;
const OPEN: readonly ClaimStatus[] = ['ready', 'waiting', 'needs_assessment'];

export type DeadlineMark = 'overdue' | 'near' | null;

export function deadlineMark(claim: Pick<StoredClaim, 'deadline' | 'status'>, today: IsoDate): DeadlineMark {
  if (!OPEN.includes(claim.status)) return null;
  const left = daysBetween(today, claim.deadline);
  return left < 0 ? 'overdue' : left <= NEAR_DAYS ? 'near' : null;
}

export interface ClaimRow {
  claim: StoredClaim;
  maskedPerson: string;
  daysLeft: number;
  mark: DeadlineMark;
}

export function claimRow(claim: StoredClaim, today: IsoDate): ClaimRow {
  return { claim, maskedPerson: maskIdentity(claim.personId), daysLeft: daysBetween(today, claim.deadline), mark: deadlineMark(claim, today) };
}

/** The most claims a list page shows; the filters narrow it down. */
export const LIST_LIMIT = 200;

/** The claims of the filter by deadline, at most LIST_LIMIT; `more` when there are others. */
export function claimRows(db: Db, filter: ClaimFilter & { withinDays?: number }, today: IsoDate): { rows: ClaimRow[]; more: boolean } {
  const deadlineBy = filter.withinDays === undefined ? undefined : addDays(today, filter.withinDays);
  const claims = listVisibleClaims(db, { ...filter, deadlineBy, limit: LIST_LIMIT + 1 });
  return { rows: claims.slice(0, LIST_LIMIT).map((c) => claimRow(c, today)), more: claims.length > LIST_LIMIT };
}

/** The document of a claim: the path is made from the stored claim's id, never from the request. */
export function documentFile(db: Db, outDir: string, id: string): { claim: StoredClaim; path: string } | null {
  if (!CLAIM_ID.test(id)) return null;
  const claim = getVisibleClaim(db, id);
  if (!claim) return null;
  const path = join(resolve(outDir), applicationPath(claim));
  return existsSync(path) ? { claim, path } : null;
}

/** The claims.json objects of the visible claims. */
export function apiClaims(db: Db, outDir: string): ReturnType<typeof publicClaim>[] {
  const root = resolve(outDir);
  return listVisibleClaims(db, { limit: Number.MAX_SAFE_INTEGER }).map((c) => publicClaim(c, existsSync(join(root, applicationPath(c)))));
}

export interface ClaimPage {
  row: ClaimRow;
  detail: ClaimDetail | null;
  events: ClaimEvent[];
  adjustments: StoredClaim[];
  hasDocument: boolean;
  /** Varaktig claims: the person's assessment and its history (recorded from the claim page). */
  assessment: AssessmentView | null;
  thresholds: { kostnadskravandeOre: number; varaktigOre: number };
}

function linesOf(db: Db, claim: StoredClaim, personDossier: string | null): CostLine[] {
  const ids = [claim.personId, ...(personDossier ? [normaliseDossier(personDossier)] : [])];
  return readCostLinesOf(db, ids);
}

export function claimPage(db: Db, outDir: string, id: string, today: IsoDate): ClaimPage | null {
  if (!CLAIM_ID.test(id)) return null;
  const claim = getVisibleClaim(db, id);
  if (!claim) return null;
  const person = personOfClaim(db, claim);
  const detail = person ? claimDetail(claim, person, linesOf(db, claim, person.dossierNumber), today) : null;
  return {
    row: claimRow(claim, today),
    detail,
    events: claimEventsOf(db, id),
    adjustments: adjustmentsOf(db, id),
    hasDocument: existsSync(join(resolve(outDir), applicationPath(claim))),
    assessment: assessmentView(db, claim, person),
    thresholds: { kostnadskravandeOre: KOSTNADSKRAVANDE_THRESHOLD_ORE, varaktigOre: VARAKTIG_THRESHOLD_ORE },
  };
}

export interface MarkOutcome {
  marked: string[];
  refused: { id: string; reason: string }[];
}

/** Marks each claim submitted on `date`; a claim that cannot take it is refused with the reason. */
export function markSubmitted(db: Db, user: string, ids: readonly string[], date: IsoDate): MarkOutcome {
  const out: MarkOutcome = { marked: [], refused: [] };
  for (const id of ids) {
    const claim = CLAIM_ID.test(id) ? getVisibleClaim(db, id) : null;
    const refusal = claim ? eventRefusal(claim.status, 'submitted') : 'ansökan finns inte';
    if (refusal) {
      out.refused.push({ id, reason: refusal });
      audit(db, { user, action: 'markerad inskickad', object: id, outcome: 'refused' });
      continue;
    }
    recordClaimEvent(db, { claimId: id, kind: 'submitted', date, source: `webb:${user}` });
    audit(db, { user, action: `markerad inskickad ${date}`, object: id, outcome: 'ok' });
    out.marked.push(id);
  }
  return out;
}

export interface Overview {
  figures: { key: string; label: string; ore: number; count: number | null }[];
  quarters: { quarter: string; byStatus: Partial<Record<ClaimStatus, number>>; totalOre: number }[];
  nearest: ClaimRow[];
  year: number;
}

export function overview(db: Db, today: IsoDate): Overview {
  const { byStatus, byQuarter: quarterTotals } = claimTotals(db);
  const totals = new Map(byStatus.map((t) => [t.status, t]));
  const t = (s: ClaimStatus) => totals.get(s)!;
  const year = Number(today.slice(0, 4));
  const sent = (['submitted', 'paid', 'rejected'] as const).map(t);
  const figures = [
    {
      key: 'claimed',
      label: 'Ansökt hos Migrationsverket',
      ore: sent.reduce((s, x) => s + x.claimOre, 0),
      count: sent.reduce((s, x) => s + x.count, 0),
    },
    { key: 'ready', label: 'Klart att skicka', ore: t('ready').claimOre, count: t('ready').count },
    { key: 'waiting', label: 'Väntar', ore: t('waiting').claimOre, count: t('waiting').count },
    { key: 'needs_assessment', label: 'Behöver bedömning', ore: t('needs_assessment').claimOre, count: t('needs_assessment').count },
    { key: 'paid', label: 'Utbetalt', ore: sent.reduce((s, x) => s + x.paidOre, 0), count: t('paid').count },
    { key: 'rejected', label: 'Avslaget', ore: t('rejected').claimOre, count: t('rejected').count },
    { key: 'expired', label: `Förlorat på passerade frister ${year}`, ore: expiredInYear(db, year), count: null },
  ];
  const byQuarter = new Map<string, Overview['quarters'][number]>();
  for (const q of quarterTotals) {
    const entry = byQuarter.get(q.quarter) ?? { quarter: q.quarter, byStatus: {}, totalOre: 0 };
    entry.byStatus[q.status] = q.claimOre;
    entry.totalOre += q.claimOre;
    byQuarter.set(q.quarter, entry);
  }
  const nearest = OPEN.flatMap((status) => listVisibleClaims(db, { status, limit: 10 }))
    .sort((a, b) => (a.deadline < b.deadline ? -1 : a.deadline > b.deadline ? 1 : a.id < b.id ? -1 : 1))
    .slice(0, 10)
    .map((c) => claimRow(c, today));
  return { figures, quarters: [...byQuarter.values()].slice(-8), nearest, year };
}
