// `claims mark` as a user runs it: every status change the product allows and every one it refuses,
// from each status a claim can have. An allowed one prints `ID: status`, exits 0, records its fields
// and marks the person for the next evaluation; a refused one exits 2 with one line and changes
// nothing. One database holds a claim for every case, each of its own person. The built command
// runs two of the cases; the rest go through `main` in this process (see ./support.ts).
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLAIM_STATUSES, type ClaimStatus } from '../../src/domain/types.js';
import { type NewClaimEvent, recordClaimEvent } from '../../src/store/claim-events.js';
import { type StoredClaim, getClaim, saveEvaluations } from '../../src/store/claims.js';
import { openDb } from '../../src/store/db.js';
import { clearDirty, dirtyKeys } from '../../src/store/dirty-persons.js';
import { claim, result } from '../helpers/builders.js';
import { type CliResult, claims, claimsInProcess, expectUsageError, forbid, scratch } from './support.js';

type Action = 'submitted' | 'paid' | 'rejected';

const ARGS: Record<Action, string[]> = {
  submitted: ['--submitted', '2025-11-02'],
  paid: ['--paid', '31 400,50', '--on', '2026-01-10'],
  rejected: ['--rejected', 'Läkarutlåtande saknas'],
};

/** What the claim holds after an allowed change, beyond its status: a payment adds to those before it (SPEC §8). */
const RECORDED: Record<Action, (was: StoredClaim) => Partial<StoredClaim>> = {
  submitted: () => ({ submittedOn: '2025-11-02' }),
  paid: (was) => ({ paidOre: (was.paidOre ?? 0) + 3_140_050, paidOn: '2026-01-10' }),
  rejected: () => ({ rejectedReason: 'Läkarutlåtande saknas' }),
};

/** How a claim got to each frozen status before the test, as the events `claims mark` records. */
const HISTORY: Partial<Record<ClaimStatus, Omit<NewClaimEvent, 'claimId' | 'source'>[]>> = {
  submitted: [{ kind: 'submitted', date: '2025-10-01' }],
  paid: [
    { kind: 'submitted', date: '2025-10-01' },
    { kind: 'payment', date: '2025-12-01', amountOre: 100_00 },
  ],
  rejected: [
    { kind: 'submitted', date: '2025-10-01' },
    { kind: 'rejection', date: '2025-12-01', reason: 'ofullständig' },
  ],
};

function allowed(from: ClaimStatus, action: Action): boolean {
  return action === 'submitted' ? from === 'ready' : from === 'submitted' || from === 'paid' || from === 'rejected';
}

const CASES = CLAIM_STATUSES.flatMap((from) =>
  (['submitted', 'paid', 'rejected'] as const).map((action) => ({ from, action, ok: allowed(from, action) })),
);
const idOf = (from: string, action: string) => `KV-${from.toUpperCase()}-${action.toUpperCase()}`;
/** A personnummer of its own for each case (Luhn does not matter here). */
const personOf = (i: number) => `1980${String(101 + i).padStart(4, '0')}-${String(1000 + i)}`;

let db: string;
let before: Map<string, StoredClaim>;

function read<T>(fn: (store: ReturnType<typeof openDb>) => T): T {
  const store = openDb(db);
  try {
    return fn(store);
  } finally {
    store.close();
  }
}

beforeAll(() => {
  db = join(scratch(), 'claims.db');
  const extra = ['KV-ARGS-READY', 'KV-ARGS-SUBMITTED', 'KV-BIN-READY', 'KV-BIN-WAITING'];
  const ids = [...CASES.map((c) => idOf(c.from, c.action)), ...extra];
  const statuses: ClaimStatus[] = [...CASES.map((c) => c.from), 'ready', 'submitted', 'ready', 'waiting'];
  forbid(...ids.map((_, i) => personOf(i)));
  read((store) => {
    saveEvaluations(
      store,
      ids.map((id, i) =>
        result(personOf(i), [claim({ id, personId: personOf(i), status: (HISTORY[statuses[i]!] ? 'ready' : statuses[i]) as ClaimStatus })]),
      ),
    );
    ids.forEach((id, i) => HISTORY[statuses[i]!]?.forEach((event) => recordClaimEvent(store, { ...event, claimId: id, source: 'test' })));
    clearDirty(store);
    before = new Map(ids.map((id) => [id, getClaim(store, id)!]));
  });
  expect([...before.values()].map((c) => c.status)).toEqual(statuses);
});

describe('claims mark: every change from every status', () => {
  it('allows exactly these seven', () => {
    expect(CASES.filter((c) => c.ok).map((c) => `${c.from}→${c.action}`)).toEqual([
      'ready→submitted',
      'submitted→paid',
      'submitted→rejected',
      'paid→paid',
      'paid→rejected',
      'rejected→paid',
      'rejected→rejected',
    ]);
  });

  it.each(CASES.map((c) => ({ ...c, name: `${c.from} → ${c.action}: ${c.ok ? 'allowed' : 'refused'}` })))('$name', async ({ from, action, ok }) => {
    const id = idOf(from, action);
    expectOutcome(id, from, action, ok, await claimsInProcess('mark', id, ...ARGS[action], '--db', db));
  });

  it('the built command: an allowed change and a refused one', async () => {
    const [submitted, refused] = await Promise.all([
      claims('mark', 'KV-BIN-READY', ...ARGS.submitted, '--db', db),
      claims('mark', 'KV-BIN-WAITING', ...ARGS.submitted, '--db', db),
    ]);
    expectOutcome('KV-BIN-READY', 'ready', 'submitted', true, submitted);
    expectOutcome('KV-BIN-WAITING', 'waiting', 'submitted', false, refused);
  });
});

function expectOutcome(id: string, from: ClaimStatus, action: Action, ok: boolean, r: CliResult): void {
  const after = read((store) => ({ claim: getClaim(store, id)!, dirty: dirtyKeys(store) }));
  const was = before.get(id)!;
  if (ok) {
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`${id}: ${action}\n`);
    expect(r.stderr).toBe('');
    // What was recorded before stays (a paid claim rejected keeps its payment, and so on).
    expect(after.claim).toEqual({ ...was, status: action, ...RECORDED[action](was) });
    expect(after.dirty).toContain(was.personId);
  } else {
    expectUsageError(r, action === 'submitted' ? /status ready.*status [a-z_]+\)$/ : /först markeras som inskickad.*status [a-z_]+\)$/);
    expect(r.stderr).toContain(`(den har status ${from})`);
    expect(after.claim).toEqual(was);
    expect(after.dirty).not.toContain(was.personId);
  }
}

describe('claims mark: wrong arguments change nothing', () => {
  it.each([
    ['no change given', 'KV-ARGS-READY', [], /exakt en av --submitted, --paid eller --rejected/],
    ['two changes at once', 'KV-ARGS-SUBMITTED', ['--paid', '100', '--on', '2026-01-10', '--rejected', 'nej'], /exakt en av/],
    ['a bad --submitted date', 'KV-ARGS-READY', ['--submitted', '2025-11-31'], /--submitted måste vara ett datum/],
    ['--paid without --on', 'KV-ARGS-SUBMITTED', ['--paid', '100'], /--on måste vara ett datum/],
    ['a bad --on date', 'KV-ARGS-SUBMITTED', ['--paid', '100', '--on', '10/1/2026'], /--on måste vara ett datum/],
    [
      '--paid that is no amount in kronor',
      'KV-ARGS-SUBMITTED',
      ['--paid', '1.234', '--on', '2026-01-10'],
      /--paid måste vara ett belopp i kronor, fick "1\.234"/,
    ],
    ['--rejected without a reason', 'KV-ARGS-SUBMITTED', ['--rejected', '   '], /--rejected behöver en orsak/],
    ['an unknown id', 'KV-NOBODY', ['--submitted', '2025-11-02'], /ingen ansökan med id KV-NOBODY/],
  ] as const)('%s', async (_, id, args, reason) => {
    const r = await claimsInProcess('mark', id, ...args, '--db', db);
    expectUsageError(r, reason);
    if (before.has(id)) {
      const after = read((store) => ({ claim: getClaim(store, id), dirty: dirtyKeys(store) }));
      expect(after.claim).toEqual(before.get(id));
      expect(after.dirty).not.toContain(before.get(id)!.personId);
    } else {
      expect(read((store) => getClaim(store, id))).toBeNull();
    }
  });
});
