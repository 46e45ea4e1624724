// Small numbers (SPEC §4, Socialstyrelsen's practice): a figure built from 1 to 4 persons is not
// shown, and neither is anything that would let a reader work it out from a total.

/** A figure of a report cell: its value (a count, öre, …) and how many persons it is built from. */
export interface Figure {
  value: number;
  persons: number;
  /** Not shown. */
  suppressed: boolean;
  /** Not shown although built from 5 or more persons: it would reveal a small figure (secondary). */
  secondary: boolean;
}

export const SUPPRESS_BELOW = 5;

/** Primary suppression: 1–4 persons. Zero persons is a true zero and is shown. */
export function isSmall(persons: number): boolean {
  return persons > 0 && persons < SUPPRESS_BELOW;
}

export function figure(value: number, persons: number): Figure {
  return { value, persons, suppressed: isSmall(persons), secondary: false };
}

export const ZERO: Figure = Object.freeze({ value: 0, persons: 0, suppressed: false, secondary: false }) as Figure;

/** Hides a figure to protect another (secondary suppression). */
export function hide(f: Figure): void {
  if (f.suppressed) return;
  f.suppressed = true;
  f.secondary = true;
}

/** Parts that add up to a total shown beside them (a row of age bands, a column of settings). */
export interface Additive {
  parts: Figure[];
  total: Figure;
}

/** The visible figure with the fewest persons behind it (a known zero protects nothing). */
function smallestVisible(figures: Figure[]): Figure | null {
  let best: Figure | null = null;
  for (const f of figures) {
    if (f.suppressed || f.persons === 0) continue;
    if (best === null || f.persons < best.persons) best = f;
  }
  return best;
}

/**
 * Secondary suppression. In an additive group a single hidden figure can be worked out from the
 * others (total − the parts, or the sum of the parts), so a second one is hidden: the visible part
 * with the fewest persons, else the total. Figures in a `linked` set describe the same persons
 * (persons, contacts and cost of one cell) and are hidden together. Repeats until nothing changes,
 * since hiding in one group can expose another. Mutates the figures.
 */
export function protect(groups: Additive[], linked: Figure[][] = []): void {
  let changed = true;
  while (changed) {
    changed = false;
    for (const set of linked) {
      if (set.some((f) => f.suppressed) && set.some((f) => !f.suppressed)) {
        for (const f of set) hide(f);
        changed = true;
      }
    }
    for (const { parts, total } of groups) {
      const hiddenParts = parts.filter((p) => p.suppressed).length;
      const hidden = hiddenParts + (total.suppressed ? 1 : 0);
      if (hidden !== 1) continue;
      const next = smallestVisible(parts) ?? total;
      hide(next);
      changed = true;
    }
  }
}

/** Secondary suppression of one additive group (see `protect`). */
export function protectTotal(parts: Figure[], total: Figure): void {
  protect([{ parts, total }]);
}

/** A ratio of two figures (visits per person): hidden when either is. */
export function ratioSuppressed(numerator: Figure, denominator: Figure): boolean {
  return numerator.suppressed || denominator.suppressed;
}
