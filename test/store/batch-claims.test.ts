// What a batch's evaluation did to the claims, from two snapshots of the claims table.
import { describe, expect, it } from 'vitest';
import { claimChanges } from '../../src/store/batch-claims.js';

const snap = (entries: Record<string, string>) => new Map(Object.entries(entries));

describe('claimChanges', () => {
  it('names new, differing and vanished open claims, and leaves the unchanged and the frozen out', () => {
    const before = snap({
      same: 'ready|100|100|0|2026-06-30|0|2025-01-01|2025-03-31',
      grown: 'ready|100|100|0|2026-06-30|0|2025-01-01|2025-03-31',
      gone: 'waiting|50|50|0|2026-06-30|1|2025-04-01|2025-06-30',
      marked: 'ready|70|70|0|2026-06-30|0|2025-01-01|2025-03-31',
      frozenGone: 'submitted|70|70|0|2026-06-30|0|2025-01-01|2025-03-31',
    });
    const after = snap({
      same: 'ready|100|100|0|2026-06-30|0|2025-01-01|2025-03-31',
      grown: 'ready|150|150|0|2026-06-30|0|2025-01-01|2025-03-31',
      fresh: 'needs_assessment|60|60|0|2026-12-31|0|2025-01-01|2025-12-31',
      marked: 'submitted|70|70|0|2026-06-30|0|2025-01-01|2025-03-31',
    });
    expect(claimChanges(before, after)).toEqual([
      { id: 'grown', change: 'changed' },
      { id: 'fresh', change: 'created' },
      { id: 'gone', change: 'removed' },
    ]);
    expect(claimChanges(after, after)).toEqual([]);
  });
});
