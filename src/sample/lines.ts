// Sample cost lines: care contacts of plausible kinds per person (primary care, specialist series
// over several quarters, inpatient stays above 100 000 kr, maternity, infection care, dental,
// health examinations, lasting care above 60 000 kr a year for persons with a residence permit),
// with interpreter lines, patient fees and the occasional credit.
import { dayNumber, fromDayNumber, toIso } from '../domain/dates.js';
import { isUnder18 } from '../domain/identity.js';
import type { Activity, CareCategory, CareSetting, CostType, IsoDate } from '../domain/types.js';
import type { SamplePerson } from './persons.js';
import type { Random } from './random.js';

/** A line of a contact before the contact's ids and end are known; `day` is a day number. */
interface Draft {
  day: number;
  amountOre: number;
  feeOre: number;
  costType: CostType;
  category: CareCategory;
  setting: CareSetting;
  activity: Activity;
  quantity: number;
  diagnosis: string;
  unit: string;
}

export interface SampleLine extends Omit<Draft, 'day'> {
  personId: string;
  contactId: string;
  date: IsoDate;
  doctorOrdered: 'ja' | 'nej';
  contactEnd: IsoDate | '';
}

const COMMON_DIAGNOSES = ['J06.9', 'M54.5', 'R51', 'K30', 'L30.9', 'H66.9', 'N39.0', 'R10.4', 'J45.9', 'F41.1'];
const INPATIENT_DIAGNOSES = ['S72.0', 'I21.9', 'J18.9', 'K35.8', 'I63.9', 'K80.2'];
const INFECTION_DIAGNOSES = ['A15.0', 'B20', 'B18.1', 'A53.9'];
const LASTING_VARIANT: Record<string, string> = {
  'F43.1': 'F43.1',
  'F32.2': 'F32.2',
  E11: 'E11.9',
  'N18.5': 'N18.5',
  I50: 'I50.9',
  G40: 'G40.3',
  B20: 'B20',
  C50: 'C50.9',
};

/** A draft line: its day and money, then what it is; one of it and no diagnosis unless said. */
function draft(
  day: number,
  amountOre: number,
  feeOre: number,
  what: Omit<Draft, 'day' | 'amountOre' | 'feeOre' | 'quantity' | 'diagnosis'> & Partial<Pick<Draft, 'quantity' | 'diagnosis'>>,
): Draft {
  return { day, amountOre, feeOre, quantity: 1, diagnosis: '', ...what };
}

const kr = (rng: Random, min: number, max: number): number => rng.int(min, max) * 100 + (rng.chance(0.3) ? rng.int(1, 99) : 0);

type Template = 'primary' | 'specialist' | 'inpatient' | 'dental' | 'maternity' | 'infection' | 'exam' | 'lasting';

export class LineFactory {
  private contactSeq = 0;
  private readonly yearStart: number;
  private readonly yearEnd: number;

  constructor(
    private readonly rng: Random,
    readonly year: number,
    /** Put before every contact id (a second sample's contacts are then new ones). */
    private readonly idPrefix = '',
  ) {
    this.yearStart = dayNumber(toIso(year, 1, 1));
    this.yearEnd = dayNumber(toIso(year, 12, 31));
  }

  private registered(p: SamplePerson): boolean {
    return p.group === 'asylsökande' || p.group === 'massflykting';
  }

  /** The days the person's care mostly falls in: the LMA period, or after reception. */
  private window(p: SamplePerson): [number, number] {
    let from = this.yearStart;
    let to = this.yearEnd;
    const last = p.lma[p.lma.length - 1];
    if (this.registered(p) && last) {
      from = Math.max(from, dayNumber(last.from));
      if (last.to) to = Math.min(to, dayNumber(last.to));
    } else if (p.reception) {
      from = Math.max(from, dayNumber(p.reception));
    }
    if (from > to || this.rng.chance(0.08)) return [this.yearStart, this.yearEnd];
    return [from, to];
  }

  private fee(p: SamplePerson, day: number, adultLma: number, adultOther: number): number {
    if (isUnder18(p.birthDate, fromDayNumber(day))) return 0;
    return (this.registered(p) || p.group === 'papperslös' ? adultLma : adultOther) * 100;
  }

  private lmaCategory(p: SamplePerson, day: number): CareCategory {
    if (!this.registered(p) && p.group !== 'papperslös') return 'övrig';
    if (isUnder18(p.birthDate, fromDayNumber(day))) return this.rng.pick<CareCategory>(['övrig', 'akut', 'kan_ej_anstå']);
    return this.rng.weighted<CareCategory>([
      ['kan_ej_anstå', 40],
      ['akut', 15],
      ['övrig', 45],
    ]);
  }

  private template(p: SamplePerson): Template {
    const adultWoman = p.female && !isUnder18(p.birthDate, toIso(this.year, 6, 30)) && Number(p.birthDate.slice(0, 4)) > this.year - 45;
    if (p.group === 'uppehållstillstånd') {
      return this.rng.weighted<Template>([
        ['primary', 35],
        ['specialist', 15],
        ['lasting', p.chronic !== 'nej' && p.underlying.length > 0 ? 30 : 5],
        ['inpatient', 5],
        ['dental', 10],
      ]);
    }
    return this.rng.weighted<Template>([
      ['primary', 42],
      ['specialist', 14],
      ['inpatient', 8],
      ['dental', 12],
      ['maternity', adultWoman ? 6 : 0],
      ['infection', 5],
      ['exam', 8],
    ]);
  }

  private tolk(day: number, category: CareCategory, setting: CareSetting, unit: string): Draft {
    return draft(day, kr(this.rng, 600, 1800), 0, { costType: 'tolk', category, setting, activity: 'övrigt', unit });
  }

  private drafts(p: SamplePerson, t: Template, start: number): Draft[] {
    const rng = this.rng;
    const out: Draft[] = [];
    switch (t) {
      case 'primary': {
        const category = this.lmaCategory(p, start);
        const unit = rng.pick(['Vårdcentralen Centrum', 'Vårdcentralen Norr', 'Vårdcentralen Gränby']);
        const amountOre = kr(rng, 1200, 2600);
        const visit = {
          costType: 'vård',
          category,
          setting: 'primärvård',
          activity: 'läkarbesök',
          diagnosis: rng.pick(COMMON_DIAGNOSES),
          unit,
        } as const;
        out.push(draft(start, amountOre, this.fee(p, start, 50, 200), visit));
        if (rng.chance(0.45)) out.push(this.tolk(start, category, 'primärvård', unit));
        if (rng.chance(0.2))
          out.push(draft(start, kr(rng, 150, 1500), 0, { costType: 'läkemedel', category, setting: 'primärvård', activity: 'övrigt', unit }));
        break;
      }
      case 'specialist': {
        const category = this.lmaCategory(p, start);
        const unit = rng.pick(['Medicinkliniken', 'Ortopedkliniken', 'Öron-näsa-hals', 'Psykiatriska mottagningen']);
        const diagnosis = rng.pick([...COMMON_DIAGNOSES, ...INPATIENT_DIAGNOSES]);
        let day = start;
        for (let n = rng.int(3, 12); n > 0; n--) {
          const amountOre = kr(rng, 2500, 9000);
          const activity = rng.chance(0.7) ? 'läkarbesök' : 'annat_besök';
          out.push(
            draft(day, amountOre, this.fee(p, day, 50, 300), {
              costType: 'vård',
              category,
              setting: 'öppen_specialistvård',
              activity,
              diagnosis,
              unit,
            }),
          );
          if (rng.chance(0.4)) out.push(this.tolk(day, category, 'öppen_specialistvård', unit));
          day += rng.int(14, 45);
        }
        break;
      }
      case 'inpatient': {
        const child = isUnder18(p.birthDate, fromDayNumber(start));
        const setting: CareSetting = child && rng.chance(0.3) ? 'bup' : rng.chance(0.15) ? 'slutenvård_psykiatri' : 'slutenvård_somatik';
        const unit =
          setting === 'bup'
            ? 'BUP Slutenvård'
            : setting === 'slutenvård_psykiatri'
              ? 'Psykiatriska kliniken avd 3'
              : rng.pick(['Kirurgkliniken avd 70', 'Medicinkliniken avd 30', 'Ortopedkliniken avd 80']);
        const diagnosis = setting === 'slutenvård_somatik' ? rng.pick(INPATIENT_DIAGNOSES) : rng.pick(['F43.1', 'F32.2', 'F20.9']);
        const days = rng.int(2, 25);
        const perDay = kr(rng, 9000, 22000);
        const category: CareCategory = this.registered(p) || p.group === 'papperslös' ? 'akut' : 'övrig';
        const bedDay = { costType: 'vård', category, setting, activity: 'vårddag', diagnosis, unit } as const;
        if (rng.chance(0.6)) {
          for (let d = 0; d < days; d++) out.push(draft(start + d, perDay, this.fee(p, start + d, 0, 100), bedDay));
        } else {
          out.push(draft(start, perDay * days, this.fee(p, start, 0, 100) * days, { ...bedDay, quantity: days }));
        }
        for (let n = rng.int(0, 3); n > 0; n--) out.push(this.tolk(start + rng.int(0, days - 1), category, setting, unit));
        break;
      }
      case 'dental': {
        const category: CareCategory = this.registered(p) && !isUnder18(p.birthDate, fromDayNumber(start)) ? 'tandvård_akut' : 'övrig';
        const visit = { costType: 'tandvård', category, setting: 'tandvård', activity: 'tandvårdsbesök', unit: 'Folktandvården Centrum' } as const;
        let day = start;
        for (let n = rng.int(1, 3); n > 0; n--) {
          out.push(draft(day, kr(rng, 800, 4500), this.fee(p, day, 50, 0), visit));
          day += rng.int(7, 30);
        }
        break;
      }
      case 'maternity': {
        const unit = 'Barnmorskemottagningen';
        const visit = {
          costType: 'vård',
          category: 'mödrahälsovård',
          setting: 'primärvård',
          activity: 'annat_besök',
          diagnosis: 'Z34.0',
          unit,
        } as const;
        const birth = { costType: 'vård', category: 'förlossning', setting: 'slutenvård_somatik', activity: 'vårddag', diagnosis: 'O80' } as const;
        let day = start;
        for (let n = rng.int(5, 9); n > 0; n--) {
          out.push(draft(day, kr(rng, 1200, 2500), 0, visit));
          if (rng.chance(0.5)) out.push(this.tolk(day, 'mödrahälsovård', 'primärvård', unit));
          day += rng.int(14, 35);
        }
        for (let d = 0, n = rng.int(2, 4); d < n; d++) {
          out.push(draft(day + d, kr(rng, 18000, 30000), 0, { ...birth, unit: 'Kvinnokliniken förlossning' }));
        }
        break;
      }
      case 'infection': {
        const diagnosis = rng.pick(INFECTION_DIAGNOSES);
        const where = { category: 'smittskydd', setting: 'öppen_specialistvård', unit: 'Infektionskliniken' } as const;
        let day = start;
        for (let n = rng.int(2, 6); n > 0; n--) {
          out.push(draft(day, kr(rng, 2500, 6000), 0, { ...where, costType: 'vård', activity: 'läkarbesök', diagnosis }));
          if (rng.chance(0.6)) out.push(draft(day, kr(rng, 2000, 15000), 0, { ...where, costType: 'läkemedel', activity: 'övrigt' }));
          day += rng.int(20, 50);
        }
        break;
      }
      case 'exam': {
        const exam = { category: 'övrig', setting: 'hälsoundersökning', unit: 'Hälsoundersökning Migration' } as const;
        out.push(draft(start, kr(rng, 2000, 3500), 0, { ...exam, costType: 'vård', activity: 'hälsoundersökning', diagnosis: 'Z02.7' }));
        if (rng.chance(0.7)) out.push(this.tolk(start, exam.category, exam.setting, exam.unit));
        break;
      }
      case 'lasting': {
        const code = p.underlying[0] ?? 'F43.1';
        const linked = LASTING_VARIANT[code] ?? code;
        const dialysis = code === 'N18.5';
        const unit = dialysis ? 'Njurmedicin dialys' : code.startsWith('F') ? 'Psykiatriska mottagningen' : 'Medicinkliniken';
        const intense = rng.chance(0.7);
        let day = start;
        while (day <= this.yearEnd && out.length < 160) {
          const diagnosis = rng.chance(0.85) ? linked : rng.pick(COMMON_DIAGNOSES);
          const amountOre = dialysis ? kr(rng, 4000, 5500) : kr(rng, 2500, 6500);
          out.push(
            draft(day, amountOre, this.fee(p, day, 0, 200), {
              costType: 'vård',
              category: 'övrig',
              setting: 'öppen_specialistvård',
              activity: 'annat_besök',
              diagnosis,
              unit,
            }),
          );
          if (rng.chance(0.5)) out.push(this.tolk(day, 'övrig', 'öppen_specialistvård', unit));
          day += dialysis ? rng.int(2, 4) : intense ? rng.int(7, 16) : rng.int(25, 40);
        }
        break;
      }
    }
    return out.filter((d) => d.day <= this.yearEnd);
  }

  /** One care contact of the person: its lines in date order (a credit may follow its line). */
  contact(p: SamplePerson): SampleLine[] {
    const rng = this.rng;
    const [from, to] = this.window(p);
    const t = this.template(p);
    const latestStart = t === 'lasting' ? Math.min(to, from + 60) : to;
    const start = rng.int(from, Math.max(from, latestStart));
    const drafts = this.drafts(p, t, start).sort((a, b) => a.day - b.day);
    if (drafts.length === 0) return [];
    if (drafts.length >= 2 && rng.chance(0.015)) {
      const orig = drafts[rng.int(0, drafts.length - 1)]!;
      drafts.push({ ...orig, day: Math.min(this.yearEnd, orig.day + rng.int(0, 20)), amountOre: -orig.amountOre, feeOre: -orig.feeOre });
    }
    const lastDay = drafts.reduce((m, d) => Math.max(m, d.day), 0);
    const ongoing = lastDay > this.yearEnd - 20 || (t === 'lasting' && rng.chance(0.3));
    const contactEnd = ongoing ? '' : fromDayNumber(lastDay);
    const contactId = `${this.idPrefix}K-${String(++this.contactSeq).padStart(7, '0')}`;
    const doctorOrdered = rng.chance(0.02) ? 'nej' : 'ja';
    return drafts.map(({ day, ...d }) => ({ ...d, personId: p.costId, contactId, date: fromDayNumber(day), doctorOrdered, contactEnd }));
  }
}
