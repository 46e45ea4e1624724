// src/store/claims.ts: what an evaluation saves per person (replacing or adding), frozen claims that
// no evaluation touches, `claims mark`'s update, the SPEC §6.1 order, fates and input stamps.
import { describe, expect, it } from 'vitest';
import { FATES, emptyFates, type Claim, type Fates } from '../../src/domain/types.js';
import {
  type StoredClaim,
  clearEvaluations,
  fateTotals,
  getClaim,
  listClaims,
  loadFrozenClaims,
  personInputStamps,
  saveEvaluations,
} from '../../src/store/claims.js';
import type { Db } from '../../src/store/db.js';
import { claim, result } from '../helpers/builders.js';
import { recordClaimEvent } from '../../src/store/claim-events.js';
import { memoryDb } from './support.js';

/** A status change as `claims mark` records it: one dated event. */
function mark(
  db: Db,
  claimId: string,
  u: { status: 'submitted' | 'paid' | 'rejected'; submittedOn?: string; paidOre?: number; paidOn?: string; rejectedReason?: string },
): void {
  const kind = u.status === 'submitted' ? 'submitted' : u.status === 'paid' ? 'payment' : 'rejection';
  recordClaimEvent(db, {
    claimId,
    kind,
    date: u.submittedOn ?? u.paidOn ?? '2026-02-01',
    amountOre: u.paidOre,
    reason: u.rejectedReason,
    source: 'test',
  });
}

const A = '19811218-9876';
const B = '19850101-0006';

const stored = (c: Claim, fields: Partial<StoredClaim> = {}): StoredClaim => ({
  submittedOn: null,
  paidOre: null,
  paidOn: null,
  rejectedReason: null,
  ...c,
  ...fields,
});
const ids = (db: Db) => listClaims(db).map((c) => c.id);
const fateRows = (db: Db) => db.prepare('SELECT * FROM person_fates ORDER BY person_key').all() as Record<string, unknown>[];

const a1 = claim({ id: 'KV-A1', personId: A, contactId: 'K-1', quarter: '2025Q1' });
const a2 = claim({
  id: 'VV-A2',
  personId: A,
  rule: 'varaktig',
  contactId: null,
  quarter: null,
  periodStart: '2024-10-15',
  periodEnd: '2025-10-14',
  careOre: 63_000_00,
  interpreterOre: 2_500_00,
  claimOre: 65_500_00,
  deadline: '2026-10-14',
  deadlineProvisional: true,
  status: 'waiting',
});
const b1 = claim({ id: 'KV-B1', personId: B, status: 'needs_assessment', claimOre: -1_200_00, adjustmentOf: 'KV-OLD' });

/** A and B evaluated once. */
function evaluated(): Db {
  const db = memoryDb();
  saveEvaluations(db, [result(A, [a1, a2], { claimed: 115_500_00, own_deductible: 100_000_00 }), result(B, [b1], { below_threshold: 7_00 })]);
  return db;
}

describe('saveEvaluations', () => {
  it('stores every field of a claim, and the fates and input stamp of each person', () => {
    const db = evaluated();
    expect(getClaim(db, 'KV-A1')).toEqual(stored(a1));
    expect(getClaim(db, 'VV-A2')).toEqual(stored(a2));
    expect(getClaim(db, 'KV-B1')).toEqual(stored(b1));
    expect(getClaim(db, 'KV-NONE')).toBeNull();
    expect(fateRows(db)).toEqual([
      { person_key: A, input_stamp: `stamp-${A}`, ...emptyFates(), claimed: 115_500_00, own_deductible: 100_000_00 },
      { person_key: B, input_stamp: `stamp-${B}`, ...emptyFates(), below_threshold: 7_00 },
    ]);
    expect(personInputStamps(db)).toEqual(
      new Map([
        [A, `stamp-${A}`],
        [B, `stamp-${B}`],
      ]),
    );
  });

  it('replace (an incremental evaluation): a person evaluated again loses its earlier claims and fates, the others keep theirs', () => {
    const db = evaluated();
    const a3 = claim({ id: 'KV-A3', personId: A, contactId: 'K-2' });
    saveEvaluations(db, [result(A, [a3], { not_linked: 3_00 }, '2/9/1')]);
    expect(ids(db)).toEqual(['KV-A3', 'KV-B1']);
    expect(fateRows(db)).toEqual([
      { person_key: A, input_stamp: '2/9/1', ...emptyFates(), not_linked: 3_00 },
      { person_key: B, input_stamp: `stamp-${B}`, ...emptyFates(), below_threshold: 7_00 },
    ]);
    // A person now without claims keeps only its fates.
    saveEvaluations(db, [result(B, [], { unknown_person: 5_00 })], [], { replace: true });
    expect(ids(db)).toEqual(['KV-A3']);
    expect(fateTotals(db)).toMatchObject({ unknown_person: 5_00, below_threshold: 0, not_linked: 3_00 });
  });

  it('without replace (a full evaluation, after clearEvaluations) it only adds', () => {
    const db = evaluated();
    const a3 = claim({ id: 'KV-A3', personId: A, contactId: 'K-2' });
    clearEvaluations(db);
    expect(listClaims(db)).toEqual([]);
    expect(fateRows(db)).toEqual([]);
    saveEvaluations(db, [result(A, [a1, a3]), result(B, [b1])], [], { replace: false });
    expect(ids(db).sort()).toEqual(['KV-A1', 'KV-A3', 'KV-B1']);
    expect(fateRows(db).map((r) => r.person_key)).toEqual([A, B]);
    // Nothing is deleted first: the same person again is a duplicate.
    expect(() => saveEvaluations(db, [result(B, [])], [], { replace: false })).toThrow(/UNIQUE constraint failed: person_fates.person_key/);
  });

  it('forgets the claims and fates of keys no longer evaluated, but not their frozen claims', () => {
    const db = evaluated();
    mark(db, 'KV-A1', { status: 'submitted', submittedOn: '2025-11-02' });
    saveEvaluations(db, [result(B, [b1])], [A]);
    expect(ids(db)).toEqual(['KV-A1', 'KV-B1']);
    expect(getClaim(db, 'KV-A1')?.status).toBe('submitted');
    expect(fateRows(db).map((r) => r.person_key)).toEqual([B]);
  });

  it('a frozen claim survives the evaluations of its person and clearEvaluations', () => {
    const db = evaluated();
    mark(db, 'KV-A1', { status: 'submitted', submittedOn: '2025-11-02' });
    mark(db, 'KV-B1', { status: 'submitted', submittedOn: '2025-11-03' });
    mark(db, 'KV-B1', { status: 'rejected', rejectedReason: 'Läkarutlåtande saknas' });
    const adjustment = claim({ id: 'KV-A1-ADJ', personId: A, claimOre: 1_000_00, adjustmentOf: 'KV-A1' });
    saveEvaluations(db, [result(A, [adjustment])]);
    expect(ids(db)).toEqual(['KV-A1', 'KV-A1-ADJ', 'KV-B1']);
    expect(getClaim(db, 'KV-A1')).toEqual(stored(a1, { status: 'submitted', submittedOn: '2025-11-02' }));

    clearEvaluations(db);
    expect(ids(db)).toEqual(['KV-A1', 'KV-B1']);
    expect(fateRows(db)).toEqual([]);
    expect(loadFrozenClaims(db)).toEqual(
      new Map([
        [A, [stored(a1, { status: 'submitted', submittedOn: '2025-11-02' })]],
        [B, [stored(b1, { status: 'rejected', submittedOn: '2025-11-03', rejectedReason: 'Läkarutlåtande saknas' })]],
      ]),
    );
  });
});

describe('claim events (what claims mark records)', () => {
  it('submitted, then paid, then rejected: each keeps what the earlier one recorded', () => {
    const db = evaluated();
    mark(db, 'KV-A1', { status: 'submitted', submittedOn: '2025-11-02' });
    expect(getClaim(db, 'KV-A1')).toEqual(stored(a1, { status: 'submitted', submittedOn: '2025-11-02' }));
    mark(db, 'KV-A1', { status: 'paid', paidOre: 31_400_00, paidOn: '2026-01-10' });
    expect(getClaim(db, 'KV-A1')).toEqual(stored(a1, { status: 'paid', submittedOn: '2025-11-02', paidOre: 31_400_00, paidOn: '2026-01-10' }));
    mark(db, 'KV-A1', { status: 'rejected', rejectedReason: 'för sent' });
    expect(getClaim(db, 'KV-A1')).toEqual(
      stored(a1, { status: 'rejected', submittedOn: '2025-11-02', paidOre: 31_400_00, paidOn: '2026-01-10', rejectedReason: 'för sent' }),
    );
    // The others are untouched.
    expect(getClaim(db, 'VV-A2')).toEqual(stored(a2));
    expect(getClaim(db, 'KV-B1')).toEqual(stored(b1));
  });

  it('an unknown id changes nothing', () => {
    const db = evaluated();
    const before = listClaims(db);
    expect(() => mark(db, 'KV-NONE', { status: 'submitted', submittedOn: '2025-11-02' })).toThrow(/ingen ansökan med id KV-NONE/);
    expect(listClaims(db)).toEqual(before);
  });

  it('frozen claims by person, ordered by id; open ones are not frozen', () => {
    const db = memoryDb();
    saveEvaluations(db, [
      result(A, [claim({ id: 'C', personId: A }), claim({ id: 'A', personId: A }), claim({ id: 'B', personId: A })]),
      result(B, [claim({ id: 'D', personId: B, status: 'expired' })]),
    ]);
    expect(loadFrozenClaims(db)).toEqual(new Map());
    mark(db, 'C', { status: 'submitted', submittedOn: '2025-11-02' });
    mark(db, 'A', { status: 'submitted', submittedOn: '2025-11-02' });
    mark(db, 'A', { status: 'paid', paidOre: 1_00, paidOn: '2025-12-01' });
    const frozen = loadFrozenClaims(db);
    expect([...frozen.keys()]).toEqual([A]);
    expect(frozen.get(A)!.map((c) => [c.id, c.status])).toEqual([
      ['A', 'paid'],
      ['C', 'submitted'],
    ]);
  });
});

describe('listClaims', () => {
  it('orders by deadline, personId, periodStart, contactId (null first), then id, in plain code-unit order', () => {
    const base = { deadline: '2026-06-30', personId: 'DOSS-10', periodStart: '2025-01-01' };
    const expected: Claim[] = [
      claim({ id: 'c-early-deadline', deadline: '2026-01-05', personId: 'ZZZ', periodStart: '2025-12-01', contactId: 'Z' }),
      claim({ id: 'c-person-1', ...base, personId: '19850101-0006', periodStart: '2025-06-01' }),
      claim({ id: 'c-earlier-start', ...base, periodStart: '2024-12-31', contactId: 'Z' }),
      claim({ id: 'c-null-contact', ...base, contactId: null, rule: 'varaktig' }),
      claim({ id: 'c-K-1-a', ...base, contactId: 'K-1' }),
      claim({ id: 'c-K-1-b', ...base, contactId: 'K-1' }),
      // 'f' (U+0066) before 'é' (U+00E9) by code unit, whatever a Swedish collation would say.
      claim({ id: 'c-f', ...base, contactId: 'f' }),
      claim({ id: 'c-é', ...base, contactId: 'é' }),
      // 'DOSS-10' before 'DOSS-9': strings, not numbers.
      claim({ id: 'c-person-9', ...base, personId: 'DOSS-9', contactId: null }),
      claim({ id: 'c-late-deadline', deadline: '2026-10-14', personId: '0', periodStart: '2000-01-01', contactId: null }),
    ];
    const db = memoryDb();
    const shuffled = [5, 9, 0, 7, 2, 8, 4, 1, 6, 3].map((i) => expected[i]!);
    saveEvaluations(
      db,
      shuffled.map((c, i) => result(`P${i}`, [c])),
    );
    expect(ids(db)).toEqual(expected.map((c) => c.id));
    expect(listClaims(db)).toEqual(expected.map((c) => stored(c)));
  });
});

describe('fateTotals', () => {
  it('is zero for every fate on an empty database', () => {
    expect(fateTotals(memoryDb())).toEqual(emptyFates());
  });

  it('sums each fate over the persons, in integer öre', () => {
    const db = memoryDb();
    const first = Object.fromEntries(FATES.map((f, i) => [f, (i + 1) * 100_00 + 1])) as Fates;
    const second = Object.fromEntries(FATES.map((f, i) => [f, i % 2 === 0 ? -(i + 1) : 1_000_000_00])) as Fates;
    saveEvaluations(db, [result(A, [], first), result(B, [], second)]);
    const totals = fateTotals(db);
    expect(Object.keys(totals).sort()).toEqual([...FATES].sort());
    for (const f of FATES) expect(totals[f], f).toBe(first[f] + second[f]);
  });
});
