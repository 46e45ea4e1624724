// What an application PDF is drawn from (SPEC §6.2). Built by the pipeline from the store and the
// rules; the drawing code only reads it.
import type { Config } from '../config.js';
import type { Claim, CostLine, IsoDate, Ore, Person } from '../domain/types.js';

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
  /** Of the 100 000 kr deductible: what earlier quarters already used, and what this quarter uses. */
  deductedBeforeOre: Ore;
  deductionOre: Ore;
  /** Whether the contact's lines span more than one quarter (applied for quarter by quarter). */
  multiQuarter: boolean;
}

export interface VaraktigDetail {
  /** Care (not interpreter) and interpreter sums of the period; the 60 000 kr test uses care only. */
  careOre: Ore;
  interpreterOre: Ore;
  thresholdOre: Ore;
}

export interface ApplicationInput {
  claim: Claim;
  person: Person;
  region: Config['region'];
  asOf: IsoDate;
  /** The specification table: the claim's counting lines, sorted by date then ingestion order. */
  lines: CostLine[];
  kostnadskravande: KostnadskravandeDetail | null;
  varaktig: VaraktigDetail | null;
  /** For an adjustment claim: what the frozen claim it corrects applied for. */
  previouslyClaimedOre: Ore | null;
}
