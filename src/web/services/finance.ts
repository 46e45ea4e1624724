// Ekonomi: a payment from Migrationsverket (date, amount, reference) allocated over submitted
// claims so that nothing remains, or a rejection with its reason. Each is recorded as `claims mark`
// records it (recordClaimEvent, with the user as source), all of a payment in one transaction.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isIsoDate } from '../../domain/dates.js';
import { formatKronor, parseMoneyText } from '../../domain/money.js';
import type { IsoDate, Ore } from '../../domain/types.js';
import { eventRefusal, openOre } from '../../finance/claim-events.js';
import { audit } from '../../store/audit.js';
import { claimEventsOf, recordClaimEvent } from '../../store/claim-events.js';
import type { StoredClaim } from '../../store/claims.js';
import { type Db, inTransaction } from '../../store/db.js';
import { getVisibleClaim, listVisibleClaims } from '../../store/web-claims.js';
import { CLAIM_ID } from './claims.js';

export interface OpenClaim {
  claim: StoredClaim;
  openOre: Ore;
}

/** Submitted claims with what is still open of each, by deadline. */
export function openClaims(db: Db): OpenClaim[] {
  return listVisibleClaims(db, { status: 'submitted' }).map((claim) => ({ claim, openOre: openOre(claim.claimOre, claimEventsOf(db, claim.id)) }));
}

export interface PaymentInput {
  date: string;
  reference: string;
  total: string;
  /** Claim ids and the kronor text allocated to each, in the form's order (empty: nothing). */
  allocations: { claimId: string; amount: string }[];
}

export type FinanceResult = { ok: true; message: string } | { ok: false; errors: { field: string; text: string }[] };

export function recordPayment(db: Db, user: string, input: PaymentInput): FinanceResult {
  const errors: { field: string; text: string }[] = [];
  if (!isIsoDate(input.date)) errors.push({ field: 'pay-date', text: 'Ange utbetalningsdatum.' });
  const total = parseMoneyText(input.total);
  if (total === null || total <= 0) errors.push({ field: 'pay-total', text: 'Ange utbetalt belopp i kronor, t.ex. 12 500,00.' });
  const parts: { claimId: string; ore: Ore; index: number }[] = [];
  input.allocations.forEach((a, index) => {
    if (a.amount.trim() === '') return;
    const ore = parseMoneyText(a.amount);
    const claim = CLAIM_ID.test(a.claimId) ? getVisibleClaim(db, a.claimId) : null;
    if (ore === null || ore <= 0) errors.push({ field: `alloc-${index}`, text: `Beloppet för ${a.claimId} går inte att läsa.` });
    else if (!claim || eventRefusal(claim.status, 'payment')) errors.push({ field: `alloc-${index}`, text: `${a.claimId} är inte inskickad.` });
    else parts.push({ claimId: a.claimId, ore, index });
  });
  if (errors.length === 0 && parts.length === 0) errors.push({ field: 'alloc-0', text: 'Fördela beloppet på minst en ansökan.' });
  const allocated = parts.reduce((s, p) => s + p.ore, 0);
  if (errors.length === 0 && allocated !== total) {
    errors.push({
      field: 'pay-total',
      text: `Fördelat ${formatKronor(allocated)} av ${formatKronor(total!)}: kvar att fördela ${formatKronor(total! - allocated)}.`,
    });
  }
  if (errors.length > 0) return { ok: false, errors };
  const reference = input.reference.trim() || null;
  inTransaction(db, () => {
    for (const p of parts) {
      recordClaimEvent(db, { claimId: p.claimId, kind: 'payment', date: input.date as IsoDate, amountOre: p.ore, reference, source: `webb:${user}` });
      audit(db, { user, action: `utbetalning ${formatKronor(p.ore)} ${input.date}`, object: p.claimId, outcome: 'ok' });
    }
  });
  return { ok: true, message: `Utbetalningen på ${formatKronor(total!)} är registrerad på ${parts.length} ansökningar.` };
}

export function recordRejection(db: Db, user: string, input: { claimId: string; reason: string; date: string }): FinanceResult {
  const claim = CLAIM_ID.test(input.claimId) ? getVisibleClaim(db, input.claimId) : null;
  const errors: { field: string; text: string }[] = [];
  if (!claim || eventRefusal(claim.status, 'rejection')) errors.push({ field: 'rej-claim', text: 'Välj en inskickad ansökan.' });
  if (input.reason.trim() === '') errors.push({ field: 'rej-reason', text: 'Skriv Migrationsverkets motivering.' });
  if (!isIsoDate(input.date)) errors.push({ field: 'rej-date', text: 'Ange datum för beslutet.' });
  if (errors.length > 0) return { ok: false, errors };
  recordClaimEvent(db, { claimId: input.claimId, kind: 'rejection', date: input.date, reason: input.reason.trim(), source: `webb:${user}` });
  audit(db, { user, action: `avslag ${input.date}`, object: input.claimId, outcome: 'ok' });
  return { ok: true, message: `Avslaget för ${input.claimId} är registrerat.` };
}

const SUMMARY_TYPES = { pdf: 'application/pdf', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } as const;
export type SummaryKind = keyof typeof SUMMARY_TYPES;

/** The finance summary the last batch wrote (out/finance/summary.*), or null before the first. */
export function financeSummary(db: Db, outDir: string, user: string, kind: SummaryKind): { path: string; type: string } | null {
  const path = join(resolve(outDir), 'finance', `summary.${kind}`);
  if (!existsSync(path)) return null;
  audit(db, { user, action: `ekonomisammanställning hämtad (${kind})`, object: null, outcome: 'ok' });
  return { path, type: SUMMARY_TYPES[kind] };
}

export function hasFinanceSummary(outDir: string): boolean {
  return existsSync(join(resolve(outDir), 'finance', 'summary.pdf'));
}
