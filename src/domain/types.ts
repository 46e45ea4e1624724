// The shared vocabulary: what a cost line, a person and a claim are once parsed (SPEC §3, §5, §6.1).

/** A calendar date in Europe/Stockholm as `YYYY-MM-DD`; compares correctly as a string. */
export type IsoDate = string;

/** Money in integer öre (1 kr = 100 öre). Never a float. */
export type Ore = number;

export const COST_TYPES = ['vård', 'tolk', 'tandvård', 'läkemedel', 'hjälpmedel', 'övrigt'] as const;
export type CostType = (typeof COST_TYPES)[number];

export const CARE_CATEGORIES = [
  'akut',
  'kan_ej_anstå',
  'mödrahälsovård',
  'förlossning',
  'preventivmedel',
  'abort',
  'smittskydd',
  'tandvård_akut',
  'övrig',
] as const;
export type CareCategory = (typeof CARE_CATEGORIES)[number];

export const CARE_SETTINGS = [
  'primärvård',
  'öppen_specialistvård',
  'slutenvård_somatik',
  'slutenvård_psykiatri',
  'bup',
  'tandvård',
  'hälsoundersökning',
] as const;
export type CareSetting = (typeof CARE_SETTINGS)[number];

export const ACTIVITIES = ['läkarbesök', 'annat_besök', 'vårddag', 'tandvårdsbesök', 'hälsoundersökning', 'övrigt'] as const;
export type Activity = (typeof ACTIVITIES)[number];

export const GROUPS = ['asylsökande', 'massflykting', 'uppehållstillstånd', 'papperslös'] as const;
export type Group = (typeof GROUPS)[number];

/** One accepted row of a cost export, normalised (SPEC §3.1). */
export interface CostLine {
  /** Ingestion order: the database row id. Earlier files and rows have smaller numbers. */
  seq: number;
  /** Normalised identity (§4): `YYYYMMDD-NNNN`, or a trimmed upper-cased dossier/reserve number. */
  personId: string;
  contactId: string;
  date: IsoDate;
  amountOre: Ore;
  feeOre: Ore;
  costType: CostType;
  careCategory: CareCategory;
  careSetting: CareSetting | null;
  activity: Activity | null;
  quantity: number;
  /** ICD-10 code upper-cased as written (with or without the dot), or null. */
  diagnosis: string | null;
  doctorOrdered: boolean;
  contactEnd: IsoDate | null;
  /** Whether the line's file had a contact_end column at all (an empty cell then means ongoing, §5.2). */
  fileHasContactEnd: boolean;
  unit: string | null;
  lineId: string | null;
}

export interface LmaPeriod {
  from: IsoDate;
  /** null: still registered. */
  to: IsoDate | null;
}

/** A person as the latest register says (SPEC §3.2). */
export interface Person {
  personId: string;
  group: Group;
  /** From the register, else derived from the personnummer/samordningsnummer, else null (adult). */
  birthDate: IsoDate | null;
  dossierNumber: string | null;
  name: string | null;
  lma: LmaPeriod[];
  receptionDate: IsoDate | null;
  /** null: not assessed. */
  chronic3y: boolean | null;
  protectionLink: boolean | null;
  underlyingDiagnoses: string[];
  municipality: string | null;
}

export const RULES = ['kostnadskravande', 'varaktig'] as const;
export type Rule = (typeof RULES)[number];

export const CLAIM_STATUSES = ['ready', 'waiting', 'needs_assessment', 'expired', 'submitted', 'paid', 'rejected'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];
export const FROZEN_STATUSES: readonly ClaimStatus[] = ['submitted', 'paid', 'rejected'];

/** A claim as claims.json shows it (SPEC §6.1), plus what the store and documents need. */
export interface Claim {
  id: string;
  rule: Rule;
  personId: string;
  /** null for varaktig. */
  contactId: string | null;
  periodStart: IsoDate;
  periodEnd: IsoDate;
  careOre: Ore;
  interpreterOre: Ore;
  claimOre: Ore;
  deadline: IsoDate;
  deadlineProvisional: boolean;
  status: ClaimStatus;
  /** The calendar quarter a kostnadskrävande claim covers (`2025Q2`), null for varaktig. */
  quarter: string | null;
  /** For an adjustment claim (§5.5): the id of the frozen claim it corrects; else null. */
  adjustmentOf: string | null;
}

/** The fates of SPEC §5.4 that say why a krona can never be claimed. */
export const EXCLUSION_FATES = [
  'unknown_person',
  'papperslos',
  'outside_registration',
  'not_covered_category',
  'not_doctor_ordered',
  'not_linked',
  'assessment_negative',
] as const;

/** Every fate of SPEC §5.4, in the contract's order. */
export const FATES = ['claimed', 'own_deductible', 'below_threshold', 'expired', ...EXCLUSION_FATES] as const;
export type Fate = (typeof FATES)[number];
export type Fates = Record<Fate, Ore>;

export function emptyFates(): Fates {
  return {
    claimed: 0,
    own_deductible: 0,
    below_threshold: 0,
    expired: 0,
    unknown_person: 0,
    papperslos: 0,
    outside_registration: 0,
    not_covered_category: 0,
    not_doctor_ordered: 0,
    not_linked: 0,
    assessment_negative: 0,
  };
}

export function netOre(line: Pick<CostLine, 'amountOre' | 'feeOre'>): Ore {
  return line.amountOre - line.feeOre;
}
