// A bar chart of claimed money per quarter, as numbers for the SVG the overview template draws
// (no chart library, no script); the template shows the same numbers as a table.
import { formatWholeKronor } from '../../documents/format.js';
import { quarterLabel } from '../../documents/format.js';
import type { Overview } from './claims.js';

export interface Chart {
  width: number;
  height: number;
  bars: { x: number; y: number; w: number; h: number; label: string; value: string }[];
  baseline: number;
}

export function quarterChart(quarters: Overview['quarters']): Chart {
  const width = 640;
  const height = 240;
  const top = 24;
  const baseline = height - 40;
  const max = Math.max(1, ...quarters.map((q) => q.totalOre));
  const slot = quarters.length === 0 ? width : width / quarters.length;
  const w = Math.min(64, slot * 0.6);
  return {
    width,
    height,
    baseline,
    bars: quarters.map((q, i) => {
      const h = q.totalOre <= 0 ? 0 : Math.max(2, Math.round(((baseline - top) * q.totalOre) / max));
      return {
        x: Math.round(i * slot + (slot - w) / 2),
        y: baseline - h,
        w: Math.round(w),
        h,
        label: quarterLabel(q.quarter),
        value: formatWholeKronor(q.totalOre),
      };
    }),
  };
}
