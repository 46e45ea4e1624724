// `claims deadlines` as a user runs it: the claims not yet submitted, nearest deadline first, with
// days left, as text or --json, cut by --within; identities masked only. The built command lists
// them; the variations go through `main` in this process (see ./support.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { recordClaimEvent } from '../../src/store/claim-events.js';
import { saveEvaluations } from '../../src/store/claims.js';
import { openDb } from '../../src/store/db.js';
import { claim, result } from '../helpers/builders.js';
import { claims, claimsInProcess, EXAMPLE_FILES, EXAMPLE_IDENTITIES, expectUsageError, forbid, scratch } from './support.js';

const AS_OF = '2026-01-15';

/** Open claims, nearest deadline first, as the JSON lists them (days left from AS_OF). */
const OPEN = [
  {
    id: 'KV-OVERDUE',
    rule: 'kostnadskravande',
    person: '19811218-****',
    periodStart: '2025-01-10',
    periodEnd: '2025-03-20',
    claimOre: 12_345_67,
    deadline: '2026-01-14',
    deadlineProvisional: false,
    daysLeft: -1,
    status: 'ready',
  },
  {
    id: 'VV-TODAY',
    rule: 'varaktig',
    person: '19750315-****',
    periodStart: '2024-01-15',
    periodEnd: '2025-01-14',
    claimOre: 63_000_00,
    deadline: '2026-01-15',
    deadlineProvisional: false,
    daysLeft: 0,
    status: 'needs_assessment',
  },
  {
    id: 'KV-30',
    rule: 'kostnadskravande',
    person: 'DO****',
    periodStart: '2025-01-10',
    periodEnd: '2025-03-20',
    claimOre: -1_200_00,
    deadline: '2026-02-14',
    deadlineProvisional: false,
    daysLeft: 30,
    status: 'ready',
  },
  {
    id: 'KV-60',
    rule: 'kostnadskravande',
    person: '20100505-****',
    periodStart: '2025-01-10',
    periodEnd: '2025-03-20',
    claimOre: 50_000_00,
    deadline: '2026-03-16',
    deadlineProvisional: false,
    daysLeft: 60,
    status: 'ready',
  },
  {
    id: 'KV-WAIT',
    rule: 'kostnadskravande',
    person: '20100505-****',
    periodStart: '2025-10-01',
    periodEnd: '2025-12-20',
    claimOre: 7_00,
    deadline: '2027-06-30',
    deadlineProvisional: true,
    daysLeft: 531,
    status: 'waiting',
  },
];

const TEXT_HEADER = 'Sista dag\tDagar kvar\tStatus\tRegel\tPerson\tPeriod\tBelopp\tId';
const TEXT_ROWS = [
  '2026-01-14\t-1\tready\tkostnadskrävande\t19811218-****\t2025-01-10–2025-03-20\t12 345,67 kr\tKV-OVERDUE',
  '2026-01-15\t0\tneeds_assessment\tvaraktig\t19750315-****\t2024-01-15–2025-01-14\t63 000,00 kr\tVV-TODAY',
  '2026-02-14\t30\tready\tkostnadskrävande\tDO****\t2025-01-10–2025-03-20\t-1 200,00 kr\tKV-30',
  '2026-03-16\t60\tready\tkostnadskrävande\t20100505-****\t2025-01-10–2025-03-20\t50 000,00 kr\tKV-60',
  '2027-06-30*\t531\twaiting\tkostnadskrävande\t20100505-****\t2025-10-01–2025-12-20\t7,00 kr\tKV-WAIT',
];
const FOOTNOTE = '* preliminär: vårdkontakten pågår';

let db: string;

beforeAll(() => {
  db = join(scratch(), 'claims.db');
  forbid('19811218-9876', '19750315-3038', '20100505-0008', '19850101-0006', '19900101-0017', '19700101-0001', 'DOSS-4711');
  const store = openDb(db);
  try {
    saveEvaluations(store, [
      result('19811218-9876', [claim({ id: 'KV-OVERDUE', personId: '19811218-9876', claimOre: 12_345_67, deadline: '2026-01-14' })]),
      result('19750315-3038', [
        claim({
          id: 'VV-TODAY',
          rule: 'varaktig',
          personId: '19750315-3038',
          contactId: null,
          quarter: null,
          periodStart: '2024-01-15',
          periodEnd: '2025-01-14',
          claimOre: 63_000_00,
          deadline: '2026-01-15',
          status: 'needs_assessment',
        }),
      ]),
      result('DOSS-4711', [claim({ id: 'KV-30', personId: 'DOSS-4711', claimOre: -1_200_00, deadline: '2026-02-14' })]),
      result('20100505-0008', [
        claim({
          id: 'KV-WAIT',
          personId: '20100505-0008',
          contactId: 'K-2',
          periodStart: '2025-10-01',
          periodEnd: '2025-12-20',
          claimOre: 7_00,
          deadline: '2027-06-30',
          deadlineProvisional: true,
          status: 'waiting',
        }),
        claim({ id: 'KV-60', personId: '20100505-0008', deadline: '2026-03-16' }),
      ]),
      result('19850101-0006', [
        claim({ id: 'KV-EXP', personId: '19850101-0006', deadline: '2025-06-30', status: 'expired' }),
        claim({ id: 'KV-SUB', personId: '19850101-0006', deadline: '2026-01-20' }),
      ]),
      result('19900101-0017', [claim({ id: 'KV-PAID', personId: '19900101-0017', deadline: '2026-01-20' })]),
      result('19700101-0001', [claim({ id: 'KV-REJ', personId: '19700101-0001', deadline: '2026-01-20' })]),
    ]);
    for (const claimId of ['KV-SUB', 'KV-PAID', 'KV-REJ'])
      recordClaimEvent(store, { claimId, kind: 'submitted', date: '2025-12-01', source: 'test' });
    recordClaimEvent(store, { claimId: 'KV-PAID', kind: 'payment', date: '2026-01-02', amountOre: 1_00, source: 'test' });
    recordClaimEvent(store, { claimId: 'KV-REJ', kind: 'rejection', date: '2026-01-03', reason: 'för sent', source: 'test' });
  } finally {
    store.close();
  }
});

describe('claims deadlines', () => {
  it('lists the open claims nearest deadline first: --json with days left and masked persons; text with kronor and a star and footnote for a provisional deadline', async () => {
    const [json, text] = await Promise.all([
      claims('deadlines', '--json', '--as-of', AS_OF, '--db', db),
      claims('deadlines', '--as-of', AS_OF, '--db', db),
    ]);
    expect([json.code, json.stderr]).toEqual([0, '']);
    expect(JSON.parse(json.stdout)).toEqual({ asOf: AS_OF, claims: OPEN });
    expect([text.code, text.stderr]).toEqual([0, '']);
    expect(text.stdout).toBe(`${[TEXT_HEADER, ...TEXT_ROWS, FOOTNOTE].join('\n')}\n`);
  });

  it('--within N keeps the claims with at most N days left, overdue ones included', async () => {
    const within = async (n: string, json: boolean) => {
      const r = await claimsInProcess('deadlines', '--within', n, '--as-of', AS_OF, '--db', db, ...(json ? ['--json'] : []));
      expect(r.code, r.stderr).toBe(0);
      return r.stdout;
    };
    const [thirty, zero, sixtyText] = await Promise.all([within('30', true), within('0', true), within('60', false)]);
    expect(JSON.parse(thirty).claims.map((c: { id: string }) => c.id)).toEqual(['KV-OVERDUE', 'VV-TODAY', 'KV-30']);
    expect(JSON.parse(zero).claims.map((c: { id: string }) => c.id)).toEqual(['KV-OVERDUE', 'VV-TODAY']);
    // No provisional deadline in the list: no footnote.
    expect(sixtyText).toBe(`${[TEXT_HEADER, ...TEXT_ROWS.slice(0, 4)].join('\n')}\n`);
  });

  it('days left count from --as-of', async () => {
    const r = await claimsInProcess('deadlines', '--json', '--as-of', '2026-03-16', '--db', db);
    expect(JSON.parse(r.stdout).claims.map((c: { id: string; daysLeft: number }) => [c.id, c.daysLeft])).toEqual([
      ['KV-OVERDUE', -61],
      ['VV-TODAY', -60],
      ['KV-30', -30],
      ['KV-60', 0],
      ['KV-WAIT', 471],
    ]);
  });

  it('an empty database lists nothing, exit 0', async () => {
    const empty = join(scratch(), 'empty.db');
    const [json, text] = await Promise.all([
      claimsInProcess('deadlines', '--json', '--as-of', AS_OF, '--db', empty),
      claimsInProcess('deadlines', '--as-of', AS_OF, '--db', empty),
    ]);
    expect([json.code, text.code]).toEqual([0, 0]);
    expect(JSON.parse(json.stdout)).toEqual({ asOf: AS_OF, claims: [] });
    expect(text.stdout).toBe(`${TEXT_HEADER}\n`);
  });

  it('a --within that is not a number of days, or a bad --as-of: exit 2, one line', async () => {
    const results = await Promise.all([
      ...['-1', 'x', '1.5', ''].map((n) => claimsInProcess('deadlines', '--within', n, '--as-of', AS_OF, '--db', db)),
      claimsInProcess('deadlines', '--as-of', '2026-02-29', '--db', db),
    ]);
    for (const r of results.slice(0, 4)) expectUsageError(r, /--within/);
    expectUsageError(results[4]!, /--as-of.*"2026-02-29"/);
  });
});

describe('claims deadlines after claims run', () => {
  it('lists the claims claims.json has, and one marked submitted leaves the list', async () => {
    forbid(...EXAMPLE_IDENTITIES, '11223344', '55667788', '99887766');
    const dir = scratch();
    const realDb = join(dir, 'claims.db');
    const run = await claims('run', ...EXAMPLE_FILES, '--as-of', '2025-11-01', '--db', realDb, '--out', join(dir, 'out'), '--json');
    expect(run.code, run.stderr).toBe(0);
    const written = JSON.parse(readFileSync(join(dir, 'out', 'claims.json'), 'utf8')).claims as {
      id: string;
      personId: string;
      deadline: string;
      claimOre: number;
    }[];
    expect(written.map((c) => [c.personId, c.deadline, c.claimOre])).toEqual([
      ['19881111-1015', '2026-06-30', 3_140_000],
      ['20180505-2022', '2026-06-30', 400_000],
      ['19750315-3038', '2026-10-14', 6_300_000],
    ]);

    const listed = await claims('deadlines', '--json', '--as-of', '2025-11-01', '--db', realDb);
    expect(
      JSON.parse(listed.stdout).claims.map((c: { id: string; person: string; daysLeft: number; status: string }) => [
        c.id,
        c.person,
        c.daysLeft,
        c.status,
      ]),
    ).toEqual([
      [written[0]!.id, '19881111-****', 241, 'ready'],
      [written[1]!.id, '20180505-****', 241, 'ready'],
      [written[2]!.id, '19750315-****', 347, 'ready'],
    ]);

    expect((await claimsInProcess('mark', written[0]!.id, '--submitted', '2025-11-02', '--db', realDb)).code).toBe(0);
    const after = await claimsInProcess('deadlines', '--as-of', '2025-11-01', '--db', realDb);
    expect(after.stdout.split('\n').filter((l) => l !== '')).toEqual([
      TEXT_HEADER,
      `2026-06-30\t241\tready\tkostnadskrävande\t20180505-****\t2025-03-10–2025-03-10\t4 000,00 kr\t${written[1]!.id}`,
      `2026-10-14\t347\tready\tvaraktig\t19750315-****\t2024-10-15–2025-10-14\t63 000,00 kr\t${written[2]!.id}`,
    ]);
  });
});
