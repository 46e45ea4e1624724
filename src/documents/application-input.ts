// What an application PDF is drawn from (SPEC §6.2). Built by the pipeline from the store and the
// rules; the drawing code only reads it.
import type { Config } from '../config.js';
import type { Claim, CostLine, IsoDate, Ore, Person } from '../domain/types.js';
import type { KostnadskravandeDetail, VaraktigDetail } from '../rules/claim-detail.js';

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
