// src/store/dirty-persons.ts: the person keys whose inputs changed since the last evaluation.
import { describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/store/db.js';
import { clearDirty, dirtyKeys, markDirty } from '../../src/store/dirty-persons.js';
import { memoryDb } from './support.js';

describe('dirty persons', () => {
  it('keeps each key once, from any iterable, until cleared', () => {
    const db = memoryDb();
    expect(dirtyKeys(db)).toEqual([]);
    markDirty(db, ['19850101-0006', 'DOSS-1']);
    markDirty(db, new Set(['DOSS-1', '20100505-0008']));
    markDirty(
      db,
      (function* () {
        yield '19850101-0006';
        yield 'DOSS-2';
      })(),
    );
    markDirty(db, []);
    expect(dirtyKeys(db).sort()).toEqual(['19850101-0006', '20100505-0008', 'DOSS-1', 'DOSS-2']);
    clearDirty(db);
    expect(dirtyKeys(db)).toEqual([]);
    markDirty(db, ['DOSS-3']);
    expect(dirtyKeys(db)).toEqual(['DOSS-3']);
  });

  it('marks made in a transaction that rolls back are gone with it', () => {
    const db = memoryDb();
    markDirty(db, ['A']);
    expect(() =>
      inTransaction(db, () => {
        markDirty(db, ['B']);
        clearDirty(db);
        throw new Error('rolled back');
      }),
    ).toThrow('rolled back');
    expect(dirtyKeys(db)).toEqual(['A']);
  });
});
