// src/store/all-lines.ts: every stored line by person id, read by a worker thread. The worker
// exists only as compiled code, so the thread path is tested on the build (dist/, `npm run build`
// first); the sources under vitest take the in-thread path, which must give the same groups.
import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RuleLine } from '../../src/rules/rule-line.js';
import { CostLineInserter, linePersonIds, linesByPersonId } from '../../src/store/cost-lines.js';
import type { Db } from '../../src/store/db.js';
import * as sourceReader from '../../src/store/all-lines.js';
import { ROOT } from '../helpers/cli.js';
import { addFile, fileDb, memoryDb, insertAll, toStore } from './support.js';

type Reader = typeof sourceReader;
type Groups = [string, RuleLine[]][];

// More groups than the worker may have in flight (4 batches of 256), so it must wait for credit.
const PERSONS = 1_500;

function fill(db: Db): void {
  const a = addFile(db, { hasContactEnd: false });
  const b = addFile(db, { hasContactEnd: true });
  const id = (i: number) => `P-${String(i).padStart(5, '0')}`;
  insertAll(
    new CostLineInserter(db, a, { orIgnore: true }),
    Array.from({ length: PERSONS }, (_, i) => toStore(i + 2, { person_id: id(PERSONS - 1 - i), amount: i })),
  );
  insertAll(
    new CostLineInserter(db, b, { orIgnore: true }),
    Array.from({ length: PERSONS }, (_, i) => toStore(i + 2, { person_id: id(i), date: '2025-02-01', amount: -(i + 1), contact_end: '2025-03-01' })),
  );
}

async function collect(lines: AsyncIterable<[string, RuleLine[]]>): Promise<Groups> {
  const out: Groups = [];
  for await (const group of lines) out.push(group);
  return out;
}

let built: Reader;
let file: { db: Db; path: string };
let expected: Groups;

beforeAll(async () => {
  const distModule = join(ROOT, 'dist/src/store/all-lines.js');
  expect(existsSync(distModule), 'the worker runs the built code: npm run build first').toBe(true);
  expect(existsSync(join(ROOT, 'dist/src/store/all-lines-thread.js'))).toBe(true);
  built = (await import(pathToFileURL(distModule).href)) as Reader;
  file = fileDb();
  fill(file.db);
  expected = [...linesByPersonId(file.db)];
});

describe('allLinesByPersonId', () => {
  it('on the worker thread gives every group of linesByPersonId, in order, lines intact', async () => {
    expect(expected).toHaveLength(PERSONS);
    expect(expected[0]![1].map((l) => [l.amountOre, l.fileHasContactEnd, l.contactEnd])).toEqual([
      [PERSONS - 1, false, null],
      [-1, true, '2025-03-01'],
    ]);
    expect(await collect(built.allLinesByPersonId(file.db))).toEqual(expected);
  });

  it('names the person ids of its groups before the first group, on the worker thread and in this one', async () => {
    const ids = expected.map(([id]) => id);
    expect(linePersonIds(file.db)).toEqual(ids);
    for (const start of [built.startLineReader, sourceReader.startLineReader, built.startUnitLineReader]) {
      const reader = start(file.db);
      expect(await reader.personIds).toEqual(ids);
      await reader.stop();
    }
  });

  it('in this thread (sources, or a database in memory) gives the same groups', async () => {
    expect(await collect(sourceReader.allLinesByPersonId(file.db))).toEqual(expected);
    const memory = memoryDb();
    fill(memory);
    expect(await collect(built.allLinesByPersonId(memory))).toEqual(expected);
  });

  it('a reader that stops early ends the worker; the next read is whole', async () => {
    const first: Groups = [];
    for await (const group of built.allLinesByPersonId(file.db)) {
      first.push(group);
      if (first.length === 300) break;
    }
    expect(first).toEqual(expected.slice(0, 300));
    expect(await collect(built.allLinesByPersonId(file.db))).toEqual(expected);
  });

  it('a worker that cannot open the database fails the read with an Error naming why, instead of hanging', async () => {
    const { db, path } = fileDb();
    fill(db);
    // This connection keeps the open file; the worker, which opens it by name, finds none.
    renameSync(path, `${path}.moved`);
    const failure = await collect(built.allLinesByPersonId(db)).then(
      () => null,
      (err: unknown) => err,
    );
    // An Error that says what happened (the command prints its message), not a bare object.
    expect(failure).toBeInstanceOf(Error);
    expect(failure).toMatchObject({ message: expect.stringMatching(/unable to open database file/), code: 'SQLITE_CANTOPEN' });
  });
});
