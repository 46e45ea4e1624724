// Synthetic inputs for the document tests: a region, persons, cost lines and claims that add up.
import { defaultConfig, type Config } from '../../src/config.js';
import type { ApplicationInput } from '../../src/documents/application-input.js';
import type { Claim, CostLine, CostType, IsoDate, Person } from '../../src/domain/types.js';
import { netOre } from '../../src/domain/types.js';

export const AS_OF: IsoDate = '2026-11-25';

export function region(): Config['region'] {
  const r = defaultConfig().region;
  return {
    ...r,
    name: 'Region Östergötland',
    organisationNumber: '232100-0040',
    address: { street: 'Box 1024', postalCode: '581 91', city: 'Linköping' },
    contact: { name: 'Åsa Ekström', phone: '010-103 00 00', email: 'asylvard@regionostergotland.se' },
    place: 'Linköping',
  };
}

export function person(over: Partial<Person> = {}): Person {
  return {
    personId: '19850101-1234',
    group: 'asylsökande',
    birthDate: '1985-01-01',
    dossierNumber: '1-234567',
    name: 'Zoë Bäckström-Öberg',
    lma: [{ from: '2024-01-01', to: null }],
    receptionDate: null,
    chronic3y: null,
    protectionLink: null,
    underlyingDiagnoses: [],
    municipality: null,
    ...over,
  };
}

let seq = 0;
export function line(over: Partial<CostLine> & { date: IsoDate; amountOre: number }): CostLine {
  seq++;
  return {
    seq,
    personId: '19850101-1234',
    contactId: 'K-1001',
    feeOre: 0,
    costType: 'vård',
    careCategory: 'akut',
    careSetting: 'slutenvård_somatik',
    activity: 'vårddag',
    quantity: 1,
    diagnosis: 'F43.1',
    doctorOrdered: true,
    contactEnd: null,
    fileHasContactEnd: false,
    unit: 'Universitetssjukhuset i Linköping, Kirurgkliniken avdelning 12',
    lineId: `L${seq}`,
    ...over,
  };
}

export function claim(over: Partial<Claim> = {}): Claim {
  return {
    id: 'c0ffee12ab34cd56',
    rule: 'kostnadskravande',
    personId: '19850101-1234',
    contactId: 'K-1001',
    periodStart: '2025-01-10',
    periodEnd: '2025-03-28',
    careOre: 0,
    interpreterOre: 0,
    claimOre: 0,
    deadline: '2026-06-30',
    deadlineProvisional: false,
    status: 'ready',
    quarter: '2025Q1',
    adjustmentOf: null,
    ...over,
  };
}

/** A kostnadskrävande single-quarter claim over `n` lines in three months (total 142 500 kr, fees 300 kr). */
export function kostnadskravandeInput(n = 12, over: { claim?: Partial<Claim>; person?: Partial<Person> } = {}): ApplicationInput {
  const lines: CostLine[] = [];
  const months = ['2025-01', '2025-02', '2025-03'];
  for (let i = 0; i < n; i++) {
    const costType: CostType = i % 5 === 4 ? 'tolk' : 'vård';
    const day = String(10 + (i % 18)).padStart(2, '0');
    lines.push(line({ date: `${months[i % 3]}-${day}`, amountOre: 0, costType, careSetting: costType === 'tolk' ? null : 'slutenvård_somatik' }));
  }
  // Spread 142 800 kr gross over the lines, 300 kr in fees on the first: net 142 500 kr.
  const gross = 142_800_00;
  lines.forEach((l, i) => {
    l.amountOre = Math.floor(gross / n) + (i === 0 ? gross % n : 0);
  });
  lines[0]!.feeOre = 300_00;
  const net = lines.reduce((s, l) => s + netOre(l), 0);
  const interpreter = lines.filter((l) => l.costType === 'tolk').reduce((s, l) => s + netOre(l), 0);
  const c = claim({ careOre: net - interpreter, interpreterOre: interpreter, claimOre: net - 100_000_00, ...over.claim });
  return {
    claim: c,
    person: person(over.person),
    region: region(),
    asOf: AS_OF,
    lines,
    kostnadskravande: {
      contactFirstDate: '2025-01-10',
      contactLastDate: '2025-03-28',
      contactEnd: '2025-03-28',
      units: ['Universitetssjukhuset i Linköping, Kirurgkliniken avdelning 12'],
      sumBeforeQuarterOre: 0,
      quarterSumOre: net,
      deductedBeforeOre: 0,
      deductionOre: 100_000_00,
      multiQuarter: false,
    },
    varaktig: null,
    previouslyClaimedOre: null,
  };
}

/** A varaktig twelve-month claim: care 64 000 kr, interpreter 3 500 kr. */
export function varaktigInput(over: { claim?: Partial<Claim>; person?: Partial<Person> } = {}): ApplicationInput {
  const pid = '19900215-2385';
  const lines: CostLine[] = [];
  for (let m = 0; m < 12; m++) {
    const month = String(((m + 2) % 12) + 1).padStart(2, '0');
    const year = m + 2 < 12 ? 2024 : 2025;
    lines.push(
      line({
        personId: pid,
        contactId: `V-${m}`,
        date: `${year}-${month}-05`,
        amountOre: 5_333_33,
        careSetting: 'öppen_specialistvård',
        activity: 'läkarbesök',
        careCategory: 'övrig',
        unit: 'Psykiatriska mottagningen Norrköping',
      }),
    );
  }
  lines[0]!.amountOre += 4; // care total exactly 64 000,00 kr
  lines.push(
    line({ personId: pid, contactId: 'V-0', date: '2024-03-05', amountOre: 3_500_00, costType: 'tolk', careSetting: null, unit: 'Tolkförmedlingen' }),
  );
  const care = lines.filter((l) => l.costType !== 'tolk').reduce((s, l) => s + netOre(l), 0);
  const interp = 3_500_00;
  return {
    claim: claim({
      id: 'aa11bb22cc33dd44',
      rule: 'varaktig',
      personId: pid,
      contactId: null,
      quarter: null,
      periodStart: '2024-03-05',
      periodEnd: '2025-03-04',
      careOre: care,
      interpreterOre: interp,
      claimOre: care + interp,
      deadline: '2026-03-04',
      ...over.claim,
    }),
    person: person({
      personId: pid,
      group: 'uppehållstillstånd',
      birthDate: '1990-02-15',
      dossierNumber: '7-654321',
      name: 'Émile Åkesson',
      lma: [],
      receptionDate: '2023-09-01',
      chronic3y: true,
      protectionLink: true,
      underlyingDiagnoses: ['F43'],
      municipality: 'Norrköping',
      ...over.person,
    }),
    region: region(),
    asOf: AS_OF,
    lines,
    kostnadskravande: null,
    varaktig: { careOre: care, interpreterOre: interp, thresholdOre: 60_000_00, qualifies: true, periodClaimOre: care + interp },
    previouslyClaimedOre: null,
  };
}

/** Persons and claims for the finance summary: statuses of both rules, a formula-like dossier, one papperslös. */
export function financeInput(n = 40): { claims: Claim[]; persons: Map<string, Person> } {
  const persons = new Map<string, Person>();
  const claims: Claim[] = [];
  const statuses = ['ready', 'waiting', 'needs_assessment', 'submitted', 'paid', 'rejected', 'expired'] as const;
  for (let i = 0; i < n; i++) {
    const personId = `1980${String((i % 12) + 1).padStart(2, '0')}${String((i % 27) + 1).padStart(2, '0')}-${String(1000 + i).padStart(4, '0')}`;
    const dossier =
      i === 0
        ? '=HYPERLINK("http://x","klick")'
        : i === 1
          ? '+46701234567'
          : i === 2
            ? '-2+3'
            : i === 3
              ? '@SUM(A1)'
              : i % 4 === 0
                ? null
                : `1-${200000 + i}`;
    persons.set(
      personId,
      person({ personId, dossierNumber: dossier, name: `Namn ${i}`, birthDate: `1980-01-${String((i % 27) + 1).padStart(2, '0')}` }),
    );
    const rule = i % 3 === 0 ? 'varaktig' : 'kostnadskravande';
    claims.push(
      claim({
        id: `id${String(i).padStart(4, '0')}abcdef`,
        rule,
        personId,
        contactId: rule === 'varaktig' ? null : `K-${i}`,
        quarter: rule === 'varaktig' ? null : '2025Q1',
        claimOre: 1_000_00 * (i + 1) + 55,
        status: statuses[i % statuses.length]!,
        deadline: `2026-${String((i % 12) + 1).padStart(2, '0')}-15`,
        deadlineProvisional: i % 5 === 0,
        adjustmentOf: i === 7 ? 'id0003abcdef' : null,
      }),
    );
  }
  const hidden = '19991231-9999';
  persons.set(hidden, person({ personId: hidden, group: 'papperslös', dossierNumber: 'PAPPERSLÖS-DOSSIER', name: 'Dold Person' }));
  claims.push(claim({ id: 'hiddenclaim0001', personId: hidden, claimOre: 123_456_78 }));
  return { claims, persons };
}
