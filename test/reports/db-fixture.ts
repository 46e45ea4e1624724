// A temporary database with one synthetic year (2025) for the yearly-report tests: groups of
// different sizes so that some cells count 1–4 persons (suppressed) and others do not.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb, type Db } from '../../src/store/db.js';

export interface FixturePerson {
  id: string;
  group: 'asylsökande' | 'massflykting' | 'uppehållstillstånd' | 'papperslös';
  birthDate: string | null;
  dossier?: string | null;
  name?: string;
  lmaFrom?: string | null;
  lmaTo?: string | null;
}

export interface FixtureLine {
  person: string;
  contact: string;
  date: string;
  amountOre: number;
  feeOre?: number;
  costType?: string;
  category?: string;
  setting?: string | null;
  activity?: string | null;
  quantity?: number;
}

export interface FixtureClaim {
  id: string;
  rule: 'kostnadskravande' | 'varaktig';
  person: string;
  claimOre: number;
  status: string;
  submittedOn?: string | null;
  paidOre?: number | null;
  paidOn?: string | null;
}

/** Valid personnummer-shaped ids (Luhn does not matter to the reports). */
export function pid(birth: string, n: number): string {
  return `${birth.replace(/-/g, '')}-${String(1000 + n).padStart(4, '0')}`;
}

export function makeDb(persons: FixturePerson[], lines: FixtureLine[], claims: FixtureClaim[] = []): { db: Db; path: string } {
  const dir = mkdtempSync(join(tmpdir(), 'claims-report-'));
  const path = join(dir, 'claims.db');
  const db = openDb(path);
  const file = db
    .prepare(`INSERT INTO source_files (sha256, name, kind, ingested_at, rows, accepted, rejected, duplicates) VALUES (?, ?, ?, ?, 0, 0, 0, 0)`)
    .run('sha-fixture', 'fixture.xlsx', 'persons', '2026-01-10').lastInsertRowid;
  const insertPerson = db.prepare(
    `INSERT INTO persons (person_id, grp, birth_date, dossier_number, name, reception_date, chronic_3y, protection_link, underlying_diagnoses, municipality, file_id)
     VALUES (?, ?, ?, ?, ?, NULL, NULL, NULL, '', NULL, ?)`,
  );
  const insertLma = db.prepare('INSERT INTO person_lma (person_id, lma_from, lma_to) VALUES (?, ?, ?)');
  const insertLine = db.prepare(
    `INSERT INTO cost_lines (file_id, row_no, person_id, contact_id, date, amount_ore, fee_ore, cost_type, care_category, care_setting, activity, quantity, diagnosis, doctor_ordered, contact_end, unit, line_id, dedupe_key)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'F43.1', 1, NULL, 'Enhet', NULL, ?)`,
  );
  const insertClaim = db.prepare(
    `INSERT INTO claims (id, rule, person_id, contact_id, period_start, period_end, care_ore, interpreter_ore, claim_ore, deadline, deadline_provisional, status, quarter, adjustment_of, submitted_on, paid_ore, paid_on)
     VALUES (?, ?, ?, NULL, '2025-01-01', '2025-03-31', 0, 0, ?, '2026-06-30', 0, ?, NULL, NULL, ?, ?, ?)`,
  );
  db.transaction(() => {
    for (const p of persons) {
      insertPerson.run(p.id, p.group, p.birthDate, p.dossier ?? null, p.name ?? `Namn ${p.id}`, file);
      if (p.lmaFrom) insertLma.run(p.id, p.lmaFrom, p.lmaTo ?? null);
    }
    lines.forEach((l, i) =>
      insertLine.run(
        file,
        i + 2,
        l.person,
        l.contact,
        l.date,
        l.amountOre,
        l.feeOre ?? 0,
        l.costType ?? 'vård',
        l.category ?? 'akut',
        l.setting === undefined ? 'primärvård' : l.setting,
        l.activity === undefined ? 'läkarbesök' : l.activity,
        l.quantity ?? 1,
        `k${i}`,
      ),
    );
    for (const c of claims) insertClaim.run(c.id, c.rule, c.person, c.claimOre, c.status, c.submittedOn ?? null, c.paidOre ?? null, c.paidOn ?? null);
  })();
  return { db, path };
}

/**
 * Year 2025: 12 adult and 3 child asylum seekers, 6 adult massflyktingar, 5 newly arrived,
 * 7 papperslösa (5 in primärvård, 2 in slutenvård somatik), and lines of an unknown person.
 */
export function standardYear(): { persons: FixturePerson[]; lines: FixtureLine[]; claims: FixtureClaim[] } {
  const persons: FixturePerson[] = [];
  const lines: FixtureLine[] = [];
  for (let i = 0; i < 12; i++) {
    const id = pid('1980-05-10', i);
    persons.push({ id, group: 'asylsökande', birthDate: '1980-05-10', dossier: `1-${100 + i}`, lmaFrom: '2024-01-01' });
    lines.push({
      person: id,
      contact: `A${i}`,
      date: '2025-02-03',
      amountOre: 2_000_00,
      feeOre: 100_00,
      setting: 'primärvård',
      activity: 'läkarbesök',
      quantity: 2,
    });
    lines.push({
      person: id,
      contact: `B${i}`,
      date: '2025-04-03',
      amountOre: 5_000_00,
      setting: 'öppen_specialistvård',
      activity: 'läkarbesök',
      category: 'kan_ej_anstå',
    });
    if (i < 6)
      lines.push({
        person: id,
        contact: `C${i}`,
        date: '2025-06-01',
        amountOre: 30_000_00,
        setting: 'slutenvård_somatik',
        activity: 'vårddag',
        quantity: 4,
      });
  }
  for (let i = 0; i < 3; i++) {
    const id = pid('2015-03-01', i);
    persons.push({ id, group: 'asylsökande', birthDate: '2015-03-01', dossier: `2-${100 + i}`, lmaFrom: '2024-06-01' });
    lines.push({
      person: id,
      contact: `D${i}`,
      date: '2025-03-03',
      amountOre: 1_500_00,
      setting: 'bup',
      activity: 'vårddag',
      quantity: 3,
      category: 'övrig',
    });
  }
  for (let i = 0; i < 6; i++) {
    const id = pid('1975-08-20', i);
    persons.push({ id, group: 'massflykting', birthDate: '1975-08-20', lmaFrom: '2024-03-01' });
    lines.push({
      person: id,
      contact: `M${i}`,
      date: '2025-09-09',
      amountOre: 1_000_00,
      setting: 'tandvård',
      activity: 'tandvårdsbesök',
      category: 'tandvård_akut',
    });
  }
  for (let i = 0; i < 5; i++) {
    const id = pid('1990-01-15', i);
    persons.push({ id, group: 'uppehållstillstånd', birthDate: '1990-01-15' });
    lines.push({
      person: id,
      contact: `U${i}`,
      date: '2025-10-10',
      amountOre: 8_000_00,
      setting: 'öppen_specialistvård',
      activity: 'läkarbesök',
      category: 'övrig',
    });
  }
  for (let i = 0; i < 7; i++) {
    const id = pid('1988-12-12', i);
    persons.push({ id, group: 'papperslös', birthDate: '1988-12-12', name: `Hemlig Papperslös ${i}`, dossier: `PL-${i}`, lmaFrom: '2024-01-01' });
    if (i < 5) lines.push({ person: id, contact: `P${i}`, date: '2025-05-05', amountOre: 700_00, setting: 'primärvård', category: 'kan_ej_anstå' });
    else
      lines.push({
        person: id,
        contact: `P${i}`,
        date: '2025-05-06',
        amountOre: 40_000_00,
        setting: 'slutenvård_somatik',
        activity: 'vårddag',
        category: 'förlossning',
      });
  }
  lines.push({ person: 'OKÄND-1', contact: 'X', date: '2025-01-01', amountOre: 999_00 });
  // Another year: must not count.
  lines.push({ person: pid('1980-05-10', 0), contact: 'Z', date: '2024-12-31', amountOre: 123_456_00 });
  const claims: FixtureClaim[] = [
    ...[0, 1, 2, 3, 4, 5].map((i) => ({
      id: `k${i}`,
      rule: 'kostnadskravande' as const,
      person: pid('1980-05-10', i),
      claimOre: 20_000_00,
      status: i < 3 ? 'paid' : 'submitted',
      submittedOn: '2025-08-01',
      paidOre: i < 3 ? 19_000_00 : null,
      paidOn: i < 3 ? '2025-10-01' : null,
    })),
    { id: 'v0', rule: 'varaktig', person: pid('1990-01-15', 0), claimOre: 70_000_00, status: 'submitted', submittedOn: '2025-11-01' },
    {
      id: 'old',
      rule: 'kostnadskravande',
      person: pid('1980-05-10', 7),
      claimOre: 1_00,
      status: 'paid',
      submittedOn: '2024-05-01',
      paidOre: 1_00,
      paidOn: '2024-06-01',
    },
    { id: 'r0', rule: 'kostnadskravande', person: pid('1980-05-10', 8), claimOre: 555_00, status: 'ready' },
  ];
  return { persons, lines, claims };
}
