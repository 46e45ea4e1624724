import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COST_COLUMNS, type CostColumn } from '../../src/domain/columns.js';
import { type RejectedCell, RowValidator } from '../../src/ingest/row-validator.js';
import { FEE_REASON, PERSON_REASON, costRowKind, costRowSchema, personRowSchema } from '../../src/ingest/schemas.js';
import type { Cell } from '../../src/ingest/values.js';

const ctx = { asOf: '2026-01-15', date1904: false };
const PNR = '19811218-9876';

function costInput(over: Partial<Record<CostColumn, Cell>> = {}): Record<string, Cell> {
  const base: Record<string, Cell> = Object.fromEntries(COST_COLUMNS.map((c) => [c, null]));
  return { ...base, person_id: '811218-9876', contact_id: 'K-1', date: '2025-03-07', amount: '1 234,50', ...over };
}

function issues(input: Record<string, Cell>) {
  const r = costRowSchema(ctx).safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => [i.path[0], i.message]);
}

describe('cost row schema (SPEC §3.1)', () => {
  it('normalises a valid row and applies the defaults', () => {
    const r = costRowSchema(ctx).safeParse(costInput());
    expect(r.success && r.data).toEqual({
      person_id: PNR,
      contact_id: 'K-1',
      date: '2025-03-07',
      amount: 123450,
      cost_type: 'vård',
      care_category: 'övrig',
      care_setting: null,
      activity: null,
      quantity: 1,
      patient_fee: 0,
      diagnosis: null,
      doctor_ordered: true,
      contact_end: null,
      unit: null,
      line_id: null,
    });
  });

  it('records every bad cell of a row', () => {
    expect(
      issues(costInput({ amount: '12a', care_category: 'akutt', quantity: '-1', diagnosis: 'PTSD', doctor_ordered: 'kanske' })).map(([c]) => c),
    ).toEqual(['amount', 'care_category', 'quantity', 'diagnosis', 'doctor_ordered']);
  });

  it('requires person, contact, date and amount', () => {
    expect(issues(costInput({ person_id: '', contact_id: null, date: ' ', amount: null }))).toEqual([
      ['person_id', 'värde saknas'],
      ['contact_id', 'värde saknas'],
      ['date', 'värde saknas'],
      ['amount', 'värde saknas'],
    ]);
  });

  it('dates and contact ends from 2000-01-01 to one year after the as-of date', () => {
    expect(issues(costInput({ date: '1999-12-31' }))).toEqual([['date', 'datumet är före 2000-01-01']]);
    expect(issues(costInput({ date: '2000-01-01' }))).toEqual([]);
    expect(issues(costInput({ date: '2027-01-15' }))).toEqual([]);
    expect(issues(costInput({ date: '2027-01-16' }))).toEqual([['date', 'datumet ligger mer än ett år efter bedömningsdatumet 2026-01-15']]);
    expect(issues(costInput({ contact_end: '1999-01-01' }))).toEqual([['contact_end', 'datumet är före 2000-01-01']]);
  });

  it('the fee lies in 0…amount, or amount…0 for a credit', () => {
    expect(issues(costInput({ patient_fee: '1 234,50' }))).toEqual([]);
    expect(issues(costInput({ patient_fee: '1 234,51' }))).toEqual([['patient_fee', FEE_REASON.debit]]);
    expect(issues(costInput({ patient_fee: '-1' }))).toEqual([['patient_fee', FEE_REASON.debit]]);
    expect(issues(costInput({ amount: '-500', patient_fee: '-50' }))).toEqual([]);
    expect(issues(costInput({ amount: '-500', patient_fee: '50' }))).toEqual([['patient_fee', FEE_REASON.credit]]);
    expect(issues(costInput({ amount: '-500', patient_fee: '-501' }))).toEqual([['patient_fee', FEE_REASON.credit]]);
  });

  it('a bad personnummer checksum rejects the row', () => {
    expect(issues(costInput({ person_id: '811218-9877' }))).toEqual([['person_id', 'kontrollsiffran stämmer inte (personnummer/samordningsnummer)']]);
  });
});

describe('register row schema (SPEC §3.2)', () => {
  const person = (over: Record<string, Cell>) => {
    const base: Record<string, Cell> = {
      person_id: '811218-9876',
      group: 'asylsökande',
      birth_date: null,
      dossier_number: null,
      name: null,
      lma_from: '2024-01-01',
      lma_to: null,
      reception_date: null,
      chronic_3y: null,
      protection_link: null,
      underlying_diagnoses: null,
      municipality: null,
    };
    const r = personRowSchema(ctx).safeParse({ ...base, ...over });
    return r.success ? r.data : r.error.issues.map((i) => [i.path[0], i.message]);
  };

  it('reads a valid row', () => {
    expect(person({ dossier_number: ' ab123 ', underlying_diagnoses: 'f43.1; E11', chronic_3y: 'Ja', protection_link: 'nej' })).toMatchObject({
      person_id: { id: PNR, birthDate: '1981-12-18' },
      group: 'asylsökande',
      dossier_number: 'AB123',
      underlying_diagnoses: 'F43.1 E11',
      chronic_3y: true,
      protection_link: false,
    });
  });

  it('lma_from is required for asylsökande and massflykting, reception_date for uppehållstillstånd', () => {
    expect(person({ lma_from: null })).toEqual([['lma_from', PERSON_REASON.lmaFromRequired]]);
    expect(person({ group: 'Massflykting', lma_from: null })).toEqual([['lma_from', PERSON_REASON.lmaFromRequired]]);
    expect(person({ group: 'uppehållstillstånd', lma_from: null })).toEqual([['reception_date', PERSON_REASON.receptionRequired]]);
    expect(person({ group: 'papperslös', lma_from: null })).toMatchObject({ group: 'papperslös' });
  });

  it('lma_to not before lma_from; an unknown group word rejects the row', () => {
    expect(person({ lma_to: '2023-12-31' })).toEqual([['lma_to', PERSON_REASON.lmaToBeforeFrom]]);
    expect(person({ group: 'turist' })).toEqual([['group', expect.stringMatching(/^okänt värde för grupp/)]]);
  });

  it('cross-column rules still run when another cell is bad', () => {
    expect(person({ lma_from: null, municipality: { error: '#N/A' } })).toEqual([
      ['municipality', 'cellen innehåller ett fel i kalkylarket'],
      ['lma_from', PERSON_REASON.lmaFromRequired],
    ]);
  });
});

describe('the validator hot path agrees with the schema', () => {
  const pools: Record<CostColumn, Cell[]> = {
    person_id: ['811218-9876', '811218-9877', '99887766', '', null, 198112189876, '19811218+9876'],
    contact_id: ['K-1', '', null, 42, { error: '#N/A' }],
    date: ['2025-03-07', '20250230', '1999-01-01', '2030-01-01', 45723, new Date(Date.UTC(2025, 0, 2)), '', null, 'igår'],
    amount: ['1 234,50', 1234.5, '-500', -500, '12a', 0, '', null, 1234.567],
    cost_type: ['vård', 'Tolk', 'x', '', null],
    care_category: ['akut', 'Kan ej anstå', 'akutt', null],
    care_setting: ['bup', 'Öppen specialistvård', 'nej', null],
    activity: ['vårddag', 'läkarbesök', '?', null],
    quantity: ['2', 3, '-1', 1.5, null],
    patient_fee: ['50', 200, '-50', '5000', '', null, 'x'],
    diagnosis: ['F43.1', 'f431', 'PTSD', null],
    doctor_ordered: ['ja', 'NEJ', 'kanske', true, null],
    contact_end: ['2025-04-01', '1990-01-01', '', null],
    unit: ['Vårdcentralen', '', null, 12],
    line_id: ['TX1', '', null, 1001],
  };

  it('same lines for valid rows, same issues for the others', () => {
    const columns = [...COST_COLUMNS];
    const validator = new RowValidator(costRowKind(ctx), new Map(columns.map((c) => [c, `H:${c}`])));
    const schema = costRowSchema(ctx);
    const row = fc.record(Object.fromEntries(columns.map((c) => [c, fc.constantFrom(...pools[c])])) as Record<CostColumn, fc.Arbitrary<Cell>>);
    fc.assert(
      fc.property(row, (r) => {
        const rejected: RejectedCell[] = [];
        const values = validator.validate(
          7,
          columns.map((c) => r[c]),
          rejected,
        );
        const parsed = schema.safeParse({ ...r });
        if (parsed.success) {
          const d = parsed.data;
          expect(rejected).toEqual([]);
          expect(values).toEqual(columns.map((c) => d[c]));
        } else {
          expect(values).toBeNull();
          expect(rejected.map((c) => [c.row, c.column, c.reason])).toEqual(parsed.error.issues.map((i) => [7, `H:${String(i.path[0])}`, i.message]));
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('masks identities in rejected values', () => {
    const validator = new RowValidator(costRowKind(ctx), new Map([['person_id', 'Personnummer']]));
    const rejected: RejectedCell[] = [];
    const cells: Record<string, Cell> = { person_id: '811218-9877', contact_id: 'K', date: '2025-01-01', amount: '1' };
    validator.validate(
      3,
      COST_COLUMNS.map((c) => cells[c] ?? null),
      rejected,
    );
    expect(rejected).toEqual([
      { row: 3, column: 'Personnummer', value: '811218-****', reason: 'kontrollsiffran stämmer inte (personnummer/samordningsnummer)' },
    ]);
  });
});
