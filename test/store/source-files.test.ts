// src/store/source-files.ts: one row per distinct file content, its counts, and which files have a
// contact_end column.
import { describe, expect, it } from 'vitest';
import { CostLineInserter } from '../../src/store/cost-lines.js';
import { filesWithContactEnd, findSourceFile, insertSourceFile, isDuplicateSourceFile, setSourceFileCounts } from '../../src/store/source-files.js';
import { fileMeta, memoryDb, insertAll, toStore } from './support.js';

function stored(db: ReturnType<typeof memoryDb>, id: number) {
  return db.prepare('SELECT * FROM source_files WHERE id = ?').get(id);
}

describe('source files', () => {
  it('stores every field of a file with zero counts by default, and finds it again by its bytes', () => {
    const db = memoryDb();
    const id = insertSourceFile(db, fileMeta({ sha256: 'aa11', name: 'kostnader-2025.xlsx', sheet: 'Blad1', hasContactEnd: true }));
    expect(stored(db, id)).toEqual({
      id,
      sha256: 'aa11',
      name: 'kostnader-2025.xlsx',
      kind: 'costs',
      sheet: 'Blad1',
      ingested_at: '2026-01-15T08:00:00.000Z',
      rows: 0,
      accepted: 0,
      rejected: 0,
      duplicates: 0,
      has_contact_end: 1,
    });
    expect(findSourceFile(db, 'aa11')).toEqual({ id, kind: 'costs' });
    expect(findSourceFile(db, 'bb22')).toBeNull();
  });

  it('gives each file its own id, with the counts given or set later', () => {
    const db = memoryDb();
    const register = insertSourceFile(db, fileMeta({ sha256: 'r', kind: 'persons', name: 'personer.csv' }), {
      rows: 3,
      accepted: 2,
      rejected: 1,
      duplicates: 0,
    });
    const costs = insertSourceFile(db, fileMeta({ sha256: 'c' }));
    expect(costs).toBe(register + 1);
    expect(findSourceFile(db, 'r')).toEqual({ id: register, kind: 'persons' });
    expect(stored(db, register)).toMatchObject({ rows: 3, accepted: 2, rejected: 1, duplicates: 0, has_contact_end: 0, sheet: null });

    setSourceFileCounts(db, costs, { rows: 10, accepted: 6, rejected: 1, duplicates: 3 });
    expect(stored(db, costs)).toMatchObject({ rows: 10, accepted: 6, rejected: 1, duplicates: 3 });
    expect(stored(db, register)).toMatchObject({ rows: 3, accepted: 2, rejected: 1, duplicates: 0 });
  });

  it('refuses the same bytes twice, and only that error counts as a duplicate file', () => {
    const db = memoryDb();
    const id = insertSourceFile(db, fileMeta({ sha256: 'same' }));
    let duplicate: unknown;
    try {
      insertSourceFile(db, fileMeta({ sha256: 'same', name: 'another-name.csv' }));
    } catch (err) {
      duplicate = err;
    }
    expect(isDuplicateSourceFile(duplicate)).toBe(true);
    expect(db.prepare('SELECT COUNT(*) FROM source_files').pluck().get()).toBe(1);

    // Another unique constraint (a cost line's dedupe key), a bad kind, anything else: not a duplicate file.
    const inserter = new CostLineInserter(db, id, { orIgnore: false });
    insertAll(inserter, [toStore(2, {}, 'k')]);
    let otherUnique: unknown;
    try {
      insertAll(inserter, [toStore(3, {}, 'k')]);
    } catch (err) {
      otherUnique = err;
    }
    expect((otherUnique as { code: string }).code).toBe('SQLITE_CONSTRAINT_UNIQUE');
    expect(isDuplicateSourceFile(otherUnique)).toBe(false);
    let badKind: unknown;
    try {
      insertSourceFile(db, fileMeta({ kind: 'bilder' as never }));
    } catch (err) {
      badKind = err;
    }
    expect((badKind as { code: string }).code).toBe('SQLITE_CONSTRAINT_CHECK');
    expect(isDuplicateSourceFile(badKind)).toBe(false);
    expect(isDuplicateSourceFile(new Error('source_files.sha256'))).toBe(false);
  });

  it('answers false, and does not throw, for anything else a failed ingest may have thrown', () => {
    // It runs in the ingest's catch: throwing there would hide the real failure.
    for (const thrown of [null, undefined, 'text', 42]) expect(isDuplicateSourceFile(thrown), String(thrown)).toBe(false);
  });

  it('lists exactly the files that have a contact_end column', () => {
    const db = memoryDb();
    expect(filesWithContactEnd(db)).toEqual(new Set());
    const a = insertSourceFile(db, fileMeta({ hasContactEnd: true }));
    insertSourceFile(db, fileMeta({ hasContactEnd: false }));
    const c = insertSourceFile(db, fileMeta({ hasContactEnd: true }));
    insertSourceFile(db, fileMeta({ kind: 'persons' }));
    expect(filesWithContactEnd(db)).toEqual(new Set([a, c]));
  });
});
