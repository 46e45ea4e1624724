// The yearly figures for SKR and Socialstyrelsen (SPEC §6.4), aggregated from one year's cost
// lines, the person register, the frozen claims and the expected schablon. Pure: the lines can be
// streamed in one at a time (`YearAccumulator.add`), nothing here reads a database or draws.
import { isYoungerThan } from '../domain/age.js';
import type { CareCategory, CareSetting, ClaimStatus, CostLine, Group, IsoDate, Ore, Person, Rule } from '../domain/types.js';
import { CARE_CATEGORIES, CARE_SETTINGS, RULES, netOre } from '../domain/types.js';
import type { SchablonBand, SchablonQuarter } from '../rules/schablon.js';
import { SCHABLON_BANDS } from '../rules/schablon.js';
import { figure, protect, ZERO, type Additive, type Figure } from './suppression.js';

export const AGE_BANDS = ['0-17', '18+'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];
/** A band or both together. */
export type BandOrAll = AgeBand | 'all';
export const BAND_COLUMNS: readonly BandOrAll[] = ['0-17', '18+', 'all'];

/** SKR's tables cover asylum seekers and people under temporary protection. */
export const SKR_GROUPS = ['asylsökande', 'massflykting'] as const satisfies readonly Group[];
/** Socialstyrelsen's cover every group, papperslösa included. */
export const SOS_GROUPS = ['asylsökande', 'massflykting', 'uppehållstillstånd', 'papperslös'] as const satisfies readonly Group[];

/** Socialstyrelsen's care categories: every category of SPEC §3.1, in the same order. */
export const SOS_CATEGORIES: readonly CareCategory[] = CARE_CATEGORIES;

export type SettingKey = CareSetting | 'none';
export const SETTING_KEYS: readonly SettingKey[] = [...CARE_SETTINGS, 'none'];

/** The SKR activity measures (counts of visits or bed days). */
export const SKR_MEASURES = [
  'visitsPrimary',
  'visitsSpecialist',
  'bedDaysSomatic',
  'bedDaysPsychiatric',
  'bedDaysBup',
  'dentalVisits',
  'healthExams',
] as const;
export type SkrMeasure = (typeof SKR_MEASURES)[number];

/** One cost line as the reports need it. */
export type ReportLine = Pick<
  CostLine,
  'personId' | 'contactId' | 'date' | 'amountOre' | 'feeOre' | 'costType' | 'careCategory' | 'careSetting' | 'activity' | 'quantity'
>;

/** A claim as the reports need it: applied for, and what was paid. */
export interface ReportClaim {
  rule: Rule;
  personId: string;
  claimOre: Ore;
  status: ClaimStatus;
  periodEnd: IsoDate;
  submittedOn: IsoDate | null;
  paidOre: Ore | null;
  paidOn: IsoDate | null;
}

/** Which SKR activity measure a line counts towards (its quantity), if any. */
export function skrMeasure(line: Pick<ReportLine, 'activity' | 'careSetting'>): SkrMeasure | null {
  const { activity, careSetting } = line;
  if (activity === 'läkarbesök') {
    if (careSetting === 'primärvård') return 'visitsPrimary';
    if (careSetting === 'öppen_specialistvård') return 'visitsSpecialist';
    return null;
  }
  if (activity === 'vårddag') {
    if (careSetting === 'slutenvård_somatik') return 'bedDaysSomatic';
    if (careSetting === 'slutenvård_psykiatri') return 'bedDaysPsychiatric';
    if (careSetting === 'bup') return 'bedDaysBup';
    return null;
  }
  if (activity === 'tandvårdsbesök') return 'dentalVisits';
  if (activity === 'hälsoundersökning' || (activity === null && careSetting === 'hälsoundersökning')) return 'healthExams';
  return null;
}

/** Age band on the date of care: under 18 → 0–17. No birth date: adult (SPEC §4). */
export function ageBand(birthDate: IsoDate | null, onDate: IsoDate): AgeBand {
  return birthDate !== null && isYoungerThan(birthDate, 18, onDate) ? '0-17' : '18+';
}

/** A value with the persons it is built from, while lines are being added. */
class Tally {
  value = 0;
  readonly persons = new Set<string>();
  add(value: number, person: string): void {
    this.value += value;
    this.persons.add(person);
  }
  figure(): Figure {
    return figure(this.value, this.persons.size);
  }
}

class Tallies {
  private readonly map = new Map<string, Tally>();
  add(key: string, value: number, person: string): void {
    let t = this.map.get(key);
    if (!t) {
      t = new Tally();
      this.map.set(key, t);
    }
    t.add(value, person);
  }
  figure(key: string): Figure {
    const t = this.map.get(key);
    return t ? t.figure() : { ...ZERO };
  }
  distinct(key: string): number {
    return this.map.get(key)?.persons.size ?? 0;
  }
}

export type BandFigures = Record<BandOrAll, Figure>;

export interface SkrGroupFigures {
  group: (typeof SKR_GROUPS)[number];
  /** Persons with any care in the year. */
  persons: BandFigures;
  measures: Record<SkrMeasure, BandFigures>;
  costBySetting: Record<SettingKey, BandFigures>;
  costTotal: BandFigures;
}

export interface CompensationFigures {
  rule: Rule | 'all';
  claims: number;
  applied: Figure;
  received: Figure;
}

export interface SchablonFigures {
  quarter: string;
  lastDay: IsoDate;
  persons: Record<SchablonBand | 'all', Figure>;
  amount: Record<SchablonBand | 'all', Figure>;
  paymentDate: IsoDate;
}

export interface PapperslosFigures {
  costBySetting: Record<SettingKey, Figure>;
  total: Figure;
}

export interface SosCell {
  persons: Figure;
  contacts: Figure;
  cost: Figure;
}

export interface SosGroupFigures {
  group: (typeof SOS_GROUPS)[number];
  categories: Record<(typeof SOS_CATEGORIES)[number] | 'all', Record<BandOrAll, SosCell>>;
}

export interface YearFigures {
  year: number;
  skr: SkrGroupFigures[];
  compensation: CompensationFigures[];
  schablon: SchablonFigures[];
  papperslos: PapperslosFigures;
  sos: SosGroupFigures[];
  /** Costs per care setting for the charts (SKR: asylsökande and massflyktingar; SoS: every group). */
  chartSkr: Record<SettingKey, Figure>;
  chartSos: Record<SettingKey, Figure>;
  /** Lines whose person is not in the register: counted nowhere but here. */
  unknownPersonLines: number;
}

function bandKeys(band: AgeBand): BandOrAll[] {
  return [band, 'all'];
}

/** Finds the register person of a line: by identity, else by dossier number (SPEC §3.2). */
export function personResolver(persons: readonly Person[]): (linePersonId: string) => Person | null {
  const byId = new Map<string, Person>();
  const byDossier = new Map<string, Person>();
  for (const p of persons) {
    byId.set(p.personId, p);
    const dossier = p.dossierNumber?.trim().toUpperCase();
    if (dossier && !byDossier.has(dossier)) byDossier.set(dossier, p);
  }
  return (id) => byId.get(id) ?? byDossier.get(id.trim().toUpperCase()) ?? null;
}

export class YearAccumulator {
  private readonly skr = new Tallies();
  private readonly sos = new Tallies();
  private readonly contacts = new Tallies();
  private readonly pap = new Tallies();
  private readonly chart = new Tallies();
  private readonly resolve: (id: string) => Person | null;
  unknownPersonLines = 0;

  constructor(
    readonly year: number,
    private readonly persons: readonly Person[],
  ) {
    this.resolve = personResolver(persons);
  }

  add(line: ReportLine): void {
    if (Number(line.date.slice(0, 4)) !== this.year) return;
    const person = this.resolve(line.personId);
    if (!person) {
      this.unknownPersonLines++;
      return;
    }
    const who = person.personId;
    const net = netOre(line);
    const band = ageBand(person.birthDate, line.date);
    const setting: SettingKey = line.careSetting ?? 'none';
    const group = person.group;
    // Socialstyrelsen: every group.
    for (const b of bandKeys(band)) {
      for (const cat of [line.careCategory, 'all'] as const) {
        const key = `${group}|${b}|${cat}`;
        this.sos.add(key, net, who);
        this.contacts.add(key, 0, `${who}\u0000${line.contactId}`);
      }
    }
    this.chart.add(`sos|${setting}`, net, who);
    if (group === 'papperslös') {
      this.pap.add(setting, net, who);
      this.pap.add('total', net, who);
      return;
    }
    if (group !== 'asylsökande' && group !== 'massflykting') return;
    this.chart.add(`skr|${setting}`, net, who);
    const measure = skrMeasure(line);
    for (const b of bandKeys(band)) {
      this.skr.add(`${group}|${b}|persons`, 0, who);
      this.skr.add(`${group}|${b}|cost|${setting}`, net, who);
      this.skr.add(`${group}|${b}|cost|total`, net, who);
      if (measure) this.skr.add(`${group}|${b}|${measure}`, line.quantity, who);
    }
  }

  finish(claims: readonly ReportClaim[], schablon: readonly SchablonQuarter[]): YearFigures {
    const bandFigures = (key: (b: BandOrAll) => string, tallies: Tallies): BandFigures => ({
      '0-17': tallies.figure(key('0-17')),
      '18+': tallies.figure(key('18+')),
      all: tallies.figure(key('all')),
    });
    const bandRow = (f: BandFigures): Additive => ({ parts: [f['0-17'], f['18+']], total: f.all });

    const skrGroups: Additive[] = [];
    const skr: SkrGroupFigures[] = SKR_GROUPS.map((group) => {
      const persons = bandFigures((b) => `${group}|${b}|persons`, this.skr);
      for (const b of BAND_COLUMNS) persons[b].value = this.skr.distinct(`${group}|${b}|persons`);
      const measures = Object.fromEntries(SKR_MEASURES.map((m) => [m, bandFigures((b) => `${group}|${b}|${m}`, this.skr)])) as Record<
        SkrMeasure,
        BandFigures
      >;
      const costBySetting = Object.fromEntries(SETTING_KEYS.map((s) => [s, bandFigures((b) => `${group}|${b}|cost|${s}`, this.skr)])) as Record<
        SettingKey,
        BandFigures
      >;
      const costTotal = bandFigures((b) => `${group}|${b}|cost|total`, this.skr);
      skrGroups.push(bandRow(persons), bandRow(costTotal));
      for (const m of SKR_MEASURES) skrGroups.push(bandRow(measures[m]));
      for (const s of SETTING_KEYS) skrGroups.push(bandRow(costBySetting[s]));
      for (const b of BAND_COLUMNS) skrGroups.push({ parts: SETTING_KEYS.map((s) => costBySetting[s][b]), total: costTotal[b] });
      return { group, persons, measures, costBySetting, costTotal };
    });
    // A chart bar is the sum of the groups' figures for its setting in the SKR tables.
    const chartFor = (prefix: string): Record<SettingKey, Figure> =>
      Object.fromEntries(SETTING_KEYS.map((s) => [s, this.chart.figure(`${prefix}|${s}`)])) as Record<SettingKey, Figure>;
    const chartSkr = chartFor('skr');
    for (const s of SETTING_KEYS) skrGroups.push({ parts: skr.map((g) => g.costBySetting[s].all), total: chartSkr[s] });
    protect(skrGroups);

    const sos: SosGroupFigures[] = SOS_GROUPS.map((group) => {
      const categories = {} as SosGroupFigures['categories'];
      const groups: Additive[] = [];
      const linked: Figure[][] = [];
      for (const cat of [...SOS_CATEGORIES, 'all'] as const) {
        const cells = {} as Record<BandOrAll, SosCell>;
        for (const b of BAND_COLUMNS) {
          const key = `${group}|${b}|${cat}`;
          const persons = this.sos.distinct(key);
          cells[b] = {
            persons: figure(persons, persons),
            contacts: figure(this.contacts.distinct(key), persons),
            cost: figure(this.sos.figure(key).value, persons),
          };
          // Persons, contacts and cost of one cell describe the same persons: hidden together.
          linked.push([cells[b].persons, cells[b].contacts, cells[b].cost]);
        }
        for (const m of ['persons', 'contacts', 'cost'] as const) groups.push({ parts: [cells['0-17'][m], cells['18+'][m]], total: cells.all[m] });
        categories[cat] = cells;
      }
      for (const b of BAND_COLUMNS) groups.push({ parts: SOS_CATEGORIES.map((c) => categories[c][b].cost), total: categories.all[b].cost });
      protect(groups, linked);
      return { group, categories };
    });

    const papCosts = Object.fromEntries(SETTING_KEYS.map((s) => [s, this.pap.figure(s)])) as Record<SettingKey, Figure>;
    const papTotal = this.pap.figure('total');
    protect([{ parts: SETTING_KEYS.map((s) => papCosts[s]), total: papTotal }]);

    return {
      year: this.year,
      skr,
      compensation: compensationFigures(this.year, claims, this.persons),
      schablon: schablonFigures(schablon),
      papperslos: { costBySetting: papCosts, total: papTotal },
      sos,
      chartSkr,
      chartSos: chartFor('sos'),
      unknownPersonLines: this.unknownPersonLines,
    };
  }
}

function yearOf(d: IsoDate | null): number | null {
  return d === null ? null : Number(d.slice(0, 4));
}

/**
 * Applied for: claims submitted (status submitted, paid or rejected) in the year, by their
 * submission date (period end when none was recorded). Received: what was paid in the year.
 */
export function compensationFigures(year: number, claims: readonly ReportClaim[], persons: readonly Person[]): CompensationFigures[] {
  const papperslos = new Set(persons.filter((p) => p.group === 'papperslös').map((p) => p.personId));
  const applied = new Tallies();
  const received = new Tallies();
  const counts = new Map<string, number>();
  for (const c of claims) {
    if (papperslos.has(c.personId)) continue;
    if (c.status !== 'submitted' && c.status !== 'paid' && c.status !== 'rejected') continue;
    if (yearOf(c.submittedOn ?? c.periodEnd) === year) {
      for (const k of [c.rule, 'all']) {
        applied.add(k, c.claimOre, c.personId);
        counts.set(k, (counts.get(k) ?? 0) + 1);
      }
    }
    if (c.status === 'paid' && c.paidOre !== null && yearOf(c.paidOn ?? c.submittedOn ?? c.periodEnd) === year) {
      for (const k of [c.rule, 'all']) received.add(k, c.paidOre, c.personId);
    }
  }
  const rows: CompensationFigures[] = [...RULES, 'all' as const].map((rule) => ({
    rule,
    claims: counts.get(rule) ?? 0,
    applied: applied.figure(rule),
    received: received.figure(rule),
  }));
  const all = rows[rows.length - 1]!;
  protect([
    { parts: rows.slice(0, -1).map((r) => r.applied), total: all.applied },
    { parts: rows.slice(0, -1).map((r) => r.received), total: all.received },
  ]);
  return rows;
}

export function schablonFigures(schablon: readonly SchablonQuarter[]): SchablonFigures[] {
  return schablon.map((q) => {
    const persons = {} as SchablonFigures['persons'];
    const amount = {} as SchablonFigures['amount'];
    for (const band of SCHABLON_BANDS) {
      persons[band] = figure(q.persons[band], q.persons[band]);
      amount[band] = figure(q.amountOre[band], q.persons[band]);
    }
    persons.all = figure(q.totalPersons, q.totalPersons);
    amount.all = figure(q.totalOre, q.totalPersons);
    protect([{ parts: SCHABLON_BANDS.map((b) => persons[b]), total: persons.all }]);
    // Amounts are persons × a fixed rate: they are hidden exactly where the counts are.
    for (const band of [...SCHABLON_BANDS, 'all'] as const) amount[band] = { ...persons[band], value: amount[band].value };
    return { quarter: q.quarter, lastDay: q.lastDay, persons, amount, paymentDate: q.paymentDate };
  });
}

/** The four quarters of a year. */
export function quartersOf(year: number): string[] {
  return [1, 2, 3, 4].map((n) => `${year}Q${n}`);
}
