// Read-only queries for the yearly reports (SPEC §6.4): one year's cost lines (streamed, never all
// in memory), the register, and the claims that were applied for or paid.
import type { Activity, CareCategory, CareSetting, ClaimStatus, CostType, Person, Rule } from '../domain/types.js';
import type { ReportClaim, ReportLine } from '../figures/yearly.js';
import type { Db } from './db.js';
import { loadAllPersons } from './persons.js';

/** Every person in the register with their LMA periods. */
export function reportPersons(db: Db): Person[] {
  return [...loadAllPersons(db).values()];
}

type LineRow = [string, string, string, number, number, string, string, string | null, string | null, number];

/** Calls `fn` for every cost line dated in `year`, in ingestion order. */
export function forEachLineOfYear(db: Db, year: number, fn: (line: ReportLine) => void): number {
  const stmt = db
    .prepare(
      `SELECT person_id, contact_id, date, amount_ore, fee_ore, cost_type, care_category, care_setting, activity, quantity
         FROM cost_lines WHERE date >= ? AND date <= ? ORDER BY seq`,
    )
    .raw();
  let n = 0;
  for (const row of stmt.iterate(`${year}-01-01`, `${year}-12-31`) as IterableIterator<LineRow>) {
    fn({
      personId: row[0],
      contactId: row[1],
      date: row[2],
      amountOre: row[3],
      feeOre: row[4],
      costType: row[5] as CostType,
      careCategory: row[6] as CareCategory,
      careSetting: row[7] as CareSetting | null,
      activity: row[8] as Activity | null,
      quantity: row[9],
    });
    n++;
  }
  return n;
}

interface ClaimRow {
  rule: string;
  person_id: string;
  claim_ore: number;
  status: string;
  period_end: string;
  submitted_on: string | null;
  paid_ore: number | null;
  paid_on: string | null;
}

/** Claims that reached Migrationsverket: submitted, paid or rejected. */
export function reportClaims(db: Db): ReportClaim[] {
  const rows = db
    .prepare(
      `SELECT rule, person_id, claim_ore, status, period_end, submitted_on, paid_ore, paid_on
         FROM claims WHERE status IN ('submitted', 'paid', 'rejected') ORDER BY id`,
    )
    .all() as ClaimRow[];
  return rows.map((r) => ({
    rule: r.rule as Rule,
    personId: r.person_id,
    claimOre: r.claim_ore,
    status: r.status as ClaimStatus,
    periodEnd: r.period_end,
    submittedOn: r.submitted_on,
    paidOre: r.paid_ore,
    paidOn: r.paid_on,
  }));
}
