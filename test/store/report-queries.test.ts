// src/store/report-queries.ts: what the yearly reports read: the register, one year's lines in
// ingestion order, and the claims that reached Migrationsverket.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/store/db.js';
import { recordClaimEvent } from '../../src/store/claim-events.js';
import { saveEvaluations } from '../../src/store/claims.js';
import { CostLineInserter } from '../../src/store/cost-lines.js';
import { PersonWriter } from '../../src/store/persons.js';
import { forEachLineOfYear, reportClaims, reportPersons } from '../../src/store/report-queries.js';
import type { ReportLine } from '../../src/figures/yearly.js';
import { claim, person, result } from '../helpers/builders.js';
import { addFile, fileDb, insertAll, toStore } from './support.js';

const P1 = '19811218-9876';
const P2 = '19850101-0006';

let db: Db;

beforeAll(() => {
  ({ db } = fileDb());
  const register = addFile(db, { kind: 'persons' });
  const writer = new PersonWriter(db, register);
  writer.write(person({ personId: P2, group: 'massflykting', lma: [{ from: '2024-03-01', to: null }] }));
  writer.write(
    person({
      personId: P1,
      lma: [
        { from: '2025-01-01', to: null },
        { from: '2023-01-01', to: '2023-12-31' },
      ],
    }),
  );
  const costs = addFile(db);
  insertAll(new CostLineInserter(db, costs, { orIgnore: true }), [
    toStore(2, { person_id: P1, date: '2024-12-31', amount: 1_00 }),
    toStore(3, {
      person_id: P2,
      contact_id: 'K-9',
      date: '2025-12-31',
      amount: 900_00,
      patient_fee: 100_00,
      cost_type: 'tandvård',
      care_category: 'tandvård_akut',
      care_setting: 'tandvård',
      activity: 'tandvårdsbesök',
      quantity: 2,
    }),
    toStore(4, { person_id: P1, date: '2025-01-01', amount: 200_00 }),
    toStore(5, { person_id: P1, date: '2026-01-01', amount: 3_00 }),
    toStore(6, { person_id: P1, contact_id: 'K-2', date: '2025-06-15', amount: -50_00, care_category: 'övrig' }),
  ]);
  saveEvaluations(db, [
    result(P1, [
      claim({ id: 'KV-3', personId: P1, claimOre: 10_00 }),
      claim({ id: 'KV-1', personId: P1, claimOre: 20_00, periodEnd: '2025-06-30' }),
      claim({ id: 'KV-4', personId: P1, status: 'expired' }),
    ]),
    result(P2, [
      claim({ id: 'VV-2', personId: P2, rule: 'varaktig', contactId: null, claimOre: 70_000_00, periodEnd: '2025-10-14' }),
      claim({ id: 'KV-5', personId: P2 }),
    ]),
  ]);
  const mark = (claimId: string, kind: 'submitted' | 'payment' | 'rejection', date: string, more: { amountOre?: number; reason?: string } = {}) =>
    recordClaimEvent(db, { claimId, kind, date, source: 'test', ...more });
  mark('KV-1', 'submitted', '2025-08-01');
  mark('KV-1', 'payment', '2025-10-01', { amountOre: 19_00 });
  mark('VV-2', 'submitted', '2025-11-01');
  mark('KV-3', 'submitted', '2025-04-01');
  mark('KV-3', 'rejection', '2025-12-01', { reason: 'för sent' });
});

describe('report queries', () => {
  it('reportPersons: every register person with the LMA periods sorted by start', () => {
    const persons = reportPersons(db);
    expect(persons.map((p) => [p.personId, p.group])).toEqual([
      [P1, 'asylsökande'],
      [P2, 'massflykting'],
    ]);
    expect(persons[0]!.lma).toEqual([
      { from: '2023-01-01', to: '2023-12-31' },
      { from: '2025-01-01', to: null },
    ]);
  });

  it('forEachLineOfYear: the lines dated in the year, first and last day included, in ingestion order', () => {
    const seen: ReportLine[] = [];
    expect(forEachLineOfYear(db, 2025, (l) => seen.push(l))).toBe(3);
    expect(seen).toEqual([
      {
        personId: P2,
        contactId: 'K-9',
        date: '2025-12-31',
        amountOre: 900_00,
        feeOre: 100_00,
        costType: 'tandvård',
        careCategory: 'tandvård_akut',
        careSetting: 'tandvård',
        activity: 'tandvårdsbesök',
        quantity: 2,
      },
      {
        personId: P1,
        contactId: 'K-1',
        date: '2025-01-01',
        amountOre: 200_00,
        feeOre: 0,
        costType: 'vård',
        careCategory: 'akut',
        careSetting: null,
        activity: null,
        quantity: 1,
      },
      {
        personId: P1,
        contactId: 'K-2',
        date: '2025-06-15',
        amountOre: -50_00,
        feeOre: 0,
        costType: 'vård',
        careCategory: 'övrig',
        careSetting: null,
        activity: null,
        quantity: 1,
      },
    ]);
    const dates: string[] = [];
    expect(forEachLineOfYear(db, 2024, (l) => dates.push(l.date))).toBe(1);
    expect(dates).toEqual(['2024-12-31']);
    expect(forEachLineOfYear(db, 2023, () => expect.unreachable())).toBe(0);
  });

  it('reportClaims: only claims submitted, paid or rejected, by id, with what was recorded', () => {
    expect(reportClaims(db)).toEqual([
      {
        rule: 'kostnadskravande',
        personId: P1,
        claimOre: 20_00,
        status: 'paid',
        periodEnd: '2025-06-30',
        submittedOn: '2025-08-01',
        paidOre: 19_00,
        paidOn: '2025-10-01',
      },
      {
        rule: 'kostnadskravande',
        personId: P1,
        claimOre: 10_00,
        status: 'rejected',
        periodEnd: '2025-03-20',
        submittedOn: '2025-04-01',
        paidOre: null,
        paidOn: null,
      },
      {
        rule: 'varaktig',
        personId: P2,
        claimOre: 70_000_00,
        status: 'submitted',
        periodEnd: '2025-10-14',
        submittedOn: '2025-11-01',
        paidOre: null,
        paidOn: null,
      },
    ]);
  });
});
