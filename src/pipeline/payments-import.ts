// `claims payments import FILE` (SPEC §8): each row of Migrationsverket's payment list recorded as
// `claims mark` would (a payment, and with a rejection reason the rejection of what is still
// open), through the same store function, so the same payment from a list imported again or
// marked by hand counts once. Bad rows are explained (file, sheet, row, column, Swedish reason);
// the good rows are recorded in one transaction.
import { basename } from 'node:path';
import type { Config } from '../config.js';
import type { IsoDate } from '../domain/types.js';
import { eventRefusal } from '../finance/claim-events.js';
import { type PaymentProblem, type PaymentRow, readPaymentList } from '../ingest/payments.js';
import { claimIdsForCaseNumber, recordClaimEvent } from '../store/claim-events.js';
import { getClaim, type StoredClaim } from '../store/claims.js';
import type { Db } from '../store/db.js';

export interface PaymentImportResult {
  file: string;
  sheet: string | null;
  rows: number;
  payments: number;
  rejections: number;
  /** Events in the list that were recorded before (by an earlier import or `claims mark`). */
  alreadyRecorded: number;
  problems: PaymentProblem[];
}

export const IMPORT_REASON = {
  unknownClaim: (id: string) => `ingen ansökan med id ${id}`,
  unknownCase: 'ärendenumret finns inte registrerat (ange det med claims mark ID --submitted DATUM --case NUMMER, eller ange ansökans id i listan)',
  ambiguousCase: 'ärendenumret hör till flera ansökningar: ange ansökans id i listan',
  disagree: 'ansökans id och ärendenumret hör till olika ansökningar',
  beforeSubmitted: (d: IsoDate) => `datumet ligger före dagen ansökan skickades in (${d})`,
} as const;

/** The row's claim, or the problem that stops it. */
function claimOf(db: Db, row: PaymentRow, columns: { claim: string; caseNumber: string; date: string }): StoredClaim | PaymentProblem {
  const problem = (column: string | null, value: string | null, reason: string): PaymentProblem => ({ row: row.row, column, value, reason });
  let byCase: string | null = null;
  if (row.caseNumber !== null) {
    const ids = claimIdsForCaseNumber(db, row.caseNumber);
    if (ids.length > 1) return problem(columns.caseNumber, row.caseNumber, IMPORT_REASON.ambiguousCase);
    if (ids.length === 1) byCase = ids[0]!;
    else if (row.claimId === null) return problem(columns.caseNumber, row.caseNumber, IMPORT_REASON.unknownCase);
  }
  const id = row.claimId ?? byCase!;
  if (row.claimId !== null && byCase !== null && byCase !== row.claimId) return problem(columns.caseNumber, row.caseNumber, IMPORT_REASON.disagree);
  const claim = getClaim(db, id);
  if (!claim) return problem(columns.claim, id, IMPORT_REASON.unknownClaim(id));
  const refusal = eventRefusal(claim.status, 'payment');
  if (refusal) return problem(columns.claim, id, refusal);
  if (claim.submittedOn !== null && row.date < claim.submittedOn)
    return problem(columns.date, row.date, IMPORT_REASON.beforeSubmitted(claim.submittedOn));
  return claim;
}

export async function importPayments(db: Db, path: string, opts: { asOf: IsoDate; config: Config }): Promise<PaymentImportResult> {
  const list = await readPaymentList(path, opts);
  const file = basename(path);
  const result: PaymentImportResult = {
    file,
    sheet: list.sheet,
    rows: list.rowCount,
    payments: 0,
    rejections: 0,
    alreadyRecorded: 0,
    problems: [...list.problems],
  };
  const columns = {
    claim: list.labels.claim_id ?? 'ansökans id',
    caseNumber: list.labels.case_number ?? 'ärendenummer',
    date: list.labels.date ?? 'datum',
  };
  // Identical rows of one list are separate payments: each gets its own occurrence number.
  const seen = new Map<string, number>();
  db.transaction(() => {
    for (const row of list.rows) {
      const claim = claimOf(db, row, columns);
      if (!('id' in claim)) {
        result.problems.push(claim);
        continue;
      }
      const signature = [claim.id, row.date, row.amountOre ?? '', row.reference ?? '', row.reason ?? ''].join('\u0000');
      const occurrence = (seen.get(signature) ?? 0) + 1;
      seen.set(signature, occurrence);
      const common = { claimId: claim.id, date: row.date, source: `${file}:${list.sheet ?? ''}:${row.row}`, occurrence, caseNumber: row.caseNumber };
      if (row.amountOre !== null && row.amountOre !== 0) {
        const r = recordClaimEvent(db, { ...common, kind: 'payment', amountOre: row.amountOre, reference: row.reference });
        if (r.recorded) result.payments++;
        else result.alreadyRecorded++;
      }
      if (row.reason !== null) {
        const r = recordClaimEvent(db, { ...common, kind: 'rejection', reason: row.reason, reference: row.reference });
        if (r.recorded) result.rejections++;
        else result.alreadyRecorded++;
      }
    }
  })();
  result.problems.sort((a, b) => a.row - b.row);
  return result;
}
