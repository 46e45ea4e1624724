// Small builders for rule and store tests: a line, person or claim with sensible defaults and the
// fields that matter.
import { type Claim, type CostLine, type Fates, type Person, emptyFates } from '../../src/domain/types.js';
import type { PersonResult } from '../../src/store/claims.js';
import { claimIdFactory } from '../../src/rules/claim-id.js';

let nextSeq = 1;

export function line(fields: Partial<CostLine> & Pick<CostLine, 'date'>): CostLine {
  return {
    seq: nextSeq++,
    personId: '19850101-0000',
    contactId: 'K-1',
    amountOre: 0,
    feeOre: 0,
    costType: 'vård',
    careCategory: 'övrig',
    careSetting: null,
    activity: null,
    quantity: 1,
    diagnosis: null,
    doctorOrdered: true,
    contactEnd: null,
    fileHasContactEnd: false,
    unit: null,
    lineId: null,
    ...fields,
  };
}

export function kr(kronor: number): number {
  return Math.round(kronor * 100);
}

export function person(fields: Partial<Person> = {}): Person {
  return {
    personId: '19850101-0000',
    group: 'asylsökande',
    birthDate: '1985-01-01',
    dossierNumber: null,
    name: null,
    lma: [],
    receptionDate: null,
    chronic3y: true,
    protectionLink: true,
    underlyingDiagnoses: ['F43'],
    municipality: null,
    ...fields,
  };
}

export const asylumSeeker = (fields: Partial<Person> = {}) => person({ group: 'asylsökande', lma: [{ from: '2020-01-01', to: null }], ...fields });
export const settled = (fields: Partial<Person> = {}) => person({ group: 'uppehållstillstånd', receptionDate: '2020-01-01', ...fields });

export const testClaimId = claimIdFactory('test-key');

export function claim(fields: Partial<Claim> & Pick<Claim, 'id'>): Claim {
  return {
    rule: 'kostnadskravande',
    personId: '19850101-0006',
    contactId: 'K-1',
    periodStart: '2025-01-10',
    periodEnd: '2025-03-20',
    careOre: 150_000_00,
    interpreterOre: 0,
    claimOre: 50_000_00,
    deadline: '2026-06-30',
    deadlineProvisional: false,
    status: 'ready',
    quarter: '2025Q1',
    adjustmentOf: null,
    ...fields,
  };
}

/** One person's evaluation as the store saves it. */
export function result(personKey: string, claims: Claim[], fates: Partial<Fates> = {}, inputStamp = `stamp-${personKey}`): PersonResult {
  return { personKey, inputStamp, claims, fates: { ...emptyFates(), ...fates } };
}
