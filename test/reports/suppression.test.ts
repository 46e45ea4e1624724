// Small-number suppression (SPEC §4): 1–4 persons hidden, and nothing a total would give away.
import { describe, expect, it } from 'vitest';
import { figure, isSmall, protect } from '../../src/figures/suppression.js';

describe('primary suppression', () => {
  it('hides 1–4 persons and shows 0 and 5+', () => {
    expect([0, 1, 4, 5, 100].map(isSmall)).toEqual([false, true, true, false, false]);
    expect(figure(12_000, 3)).toMatchObject({ suppressed: true, secondary: false });
  });
});

describe('secondary suppression', () => {
  it('hides a second part when one part of a shown total is hidden', () => {
    const a = figure(3, 3);
    const b = figure(12, 12);
    const c = figure(40, 40);
    const total = figure(55, 55);
    protect([{ parts: [a, b, c], total }]);
    expect([a.suppressed, b.suppressed, c.suppressed, total.suppressed]).toEqual([true, true, false, false]);
    expect(b.secondary).toBe(true);
  });

  it('hides the total when no other part can be hidden', () => {
    const a = figure(3, 3);
    const b = figure(0, 0);
    const total = figure(3, 6);
    protect([{ parts: [a, b], total }]);
    expect(total.suppressed).toBe(true);
  });

  it('hides a part when only the total was hidden, and repeats until nothing can be worked out', () => {
    // Row: a + b = t (t small). Column: b + d = u. Hiding b for the row exposes the column.
    const a = figure(0, 0);
    const b = figure(10, 6);
    const t = figure(10, 4);
    const d = figure(20, 9);
    const e = figure(50, 20);
    const u = figure(80, 35);
    protect([
      { parts: [a, b], total: t },
      { parts: [b, d, e], total: u },
    ]);
    expect([b.suppressed, d.suppressed]).toEqual([true, true]);
    expect(e.suppressed).toBe(false);
  });

  it('hides linked figures together', () => {
    const persons = figure(2, 2);
    const cost = figure(50_000, 2);
    const contacts = figure(7, 2);
    const other = figure(9, 9);
    protect([], [[persons, cost, contacts], [other]]);
    expect([persons.suppressed, cost.suppressed, contacts.suppressed, other.suppressed]).toEqual([true, true, true, false]);
  });
});
