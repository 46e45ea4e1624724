// Bookkeeping of the claims (SPEC §8): one balanced voucher per event. Pure: the event, its
// claim and the accounts in, the voucher's rows out.
// - submitted: the receivable from Migrationsverket against state-compensation income, per unit;
// - payment: bank against the receivable; what is paid beyond the open receivable is income;
// - rejection: the receivable reversed against income, per unit;
// - expected schablon per quarter: the schablon receivable against schablon income.
// Per unit rows are the claim's share-out (src/finance/unit-shares.ts), so they sum exactly.
import type { Config } from '../config.js';
import type { IsoDate, Ore, Rule } from '../domain/types.js';
import { type ClaimEvent, openOre } from './claim-events.js';
import { type ClaimShareInput, shareByUnit } from './unit-shares.js';

export type Accounts = NonNullable<Config['finance']['sie']['accounts']>;

export interface VoucherRow {
  account: string;
  /** The care unit the row is booked on, or null (the bank). */
  unit: string | null;
  amountOre: Ore;
}

export interface VoucherDraft {
  /** What was exported: never exported twice. */
  eventKey: string;
  date: IsoDate;
  text: string;
  rows: VoucherRow[];
  /** Sort order among drafts of one day: the kind, then the event's number. */
  order: number;
  seq: number;
}

export interface ClaimForVoucher extends ClaimShareInput {
  rule: Rule;
  claimOre: Ore;
}

const RULE_TEXT: Record<Rule, string> = { kostnadskravande: 'kostnadskrävande vård', varaktig: 'varaktig vård' };
const KIND_ORDER = { submitted: 1, payment: 2, rejection: 3 } as const;

function perUnit(claim: ClaimForVoucher, amountOre: Ore, account: string, sign: 1 | -1, defaultUnit: string): VoucherRow[] {
  if (amountOre === 0) return [];
  return shareByUnit(claim, amountOre, defaultUnit)
    .filter((s) => s.ore !== 0)
    .map((s) => ({ account, unit: s.unit, amountOre: sign * s.ore }));
}

/** The part of a payment that settles the open receivable (same sign as what is open, at most all of it). */
export function settledPart(paymentOre: Ore, openBefore: Ore): Ore {
  if (paymentOre > 0 && openBefore > 0) return Math.min(paymentOre, openBefore);
  if (paymentOre < 0 && openBefore < 0) return Math.max(paymentOre, openBefore);
  return 0;
}

/**
 * The voucher of one claim event; null when it books nothing (an amount of zero).
 * @param earlier the claim's events before this one, in the order they happened
 */
export function claimEventVoucher(
  claim: ClaimForVoucher,
  event: ClaimEvent,
  earlier: readonly ClaimEvent[],
  accounts: Accounts,
  defaultUnit: string,
): VoucherDraft | null {
  if (event.amountOre === 0) return null;
  const income = accounts.income[claim.rule].number;
  const receivable = accounts.receivable.number;
  const base = { eventKey: `event|${event.id}`, date: event.date, order: KIND_ORDER[event.kind], seq: event.id };
  let rows: VoucherRow[];
  let text: string;
  switch (event.kind) {
    case 'submitted':
      text = `Ansökan ${claim.id} inskickad, ${RULE_TEXT[claim.rule]}`;
      rows = [...perUnit(claim, event.amountOre, receivable, 1, defaultUnit), ...perUnit(claim, event.amountOre, income, -1, defaultUnit)];
      break;
    case 'payment': {
      const settled = settledPart(event.amountOre, openOre(claim.claimOre, earlier));
      text = `Utbetalning ${claim.id}${event.reference ? `, ${event.reference}` : ''}`;
      rows = [
        { account: accounts.bank.number, unit: null, amountOre: event.amountOre },
        ...perUnit(claim, settled, receivable, -1, defaultUnit),
        ...perUnit(claim, event.amountOre - settled, income, -1, defaultUnit),
      ];
      break;
    }
    case 'rejection':
      text = `Avslag ${claim.id}`;
      rows = [...perUnit(claim, event.amountOre, income, 1, defaultUnit), ...perUnit(claim, event.amountOre, receivable, -1, defaultUnit)];
      break;
  }
  return { ...base, text, rows };
}

/** The expected schablon of a quarter, booked on its last day on the default unit. */
export function schablonVoucher(quarter: string, lastDay: IsoDate, totalOre: Ore, accounts: Accounts, defaultUnit: string): VoucherDraft | null {
  if (totalOre === 0) return null;
  return {
    eventKey: `schablon|${quarter}`,
    date: lastDay,
    order: 4,
    seq: 0,
    text: `Förväntad schablonersättning ${quarter}`,
    rows: [
      { account: accounts.schablonReceivable.number, unit: defaultUnit, amountOre: totalOre },
      { account: accounts.schablonIncome.number, unit: defaultUnit, amountOre: -totalOre },
    ],
  };
}

/** Drafts in the order they are numbered: by date, then kind, then the order events were recorded. */
export function compareDrafts(a: VoucherDraft, b: VoucherDraft): number {
  if (a.date !== b.date) return a.date < b.date ? -1 : 1;
  return a.order - b.order || a.seq - b.seq;
}
