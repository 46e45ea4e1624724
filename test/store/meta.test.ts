// src/store/meta.ts: small key-value facts about the database.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../src/store/db.js';
import { getMeta, setMeta } from '../../src/store/meta.js';
import { memoryDb, scratch } from './support.js';

describe('meta', () => {
  it('has nothing for an unknown key; a set value replaces the one before, other keys untouched', () => {
    const db = memoryDb();
    expect(getMeta(db, 'evaluation')).toBeNull();
    setMeta(db, 'evaluation', '{"asOf":"2026-01-15"}');
    setMeta(db, 'other', '');
    expect(getMeta(db, 'evaluation')).toBe('{"asOf":"2026-01-15"}');
    setMeta(db, 'evaluation', '{"asOf":"2026-01-16"}');
    expect(getMeta(db, 'evaluation')).toBe('{"asOf":"2026-01-16"}');
    expect(getMeta(db, 'other')).toBe('');
    expect(db.prepare('SELECT COUNT(*) FROM meta').pluck().get()).toBe(2);
  });

  it('is kept in the file across connections', () => {
    const path = join(scratch(), 'meta.db');
    const a = openDb(path);
    setMeta(a, 'k', 'värde med å, ä och ö');
    a.close();
    const b = openDb(path);
    try {
      expect(getMeta(b, 'k')).toBe('värde med å, ä och ö');
    } finally {
      b.close();
    }
  });
});
