import type { Bar, Side } from '../types.js';
import { hashUniform } from './prng.js';
import type { StressSpec } from './types.js';

/** Whether bar `index` carries a stress gap: the same bars for every policy and trade (seeded hash). */
export function isStressBar(stress: StressSpec, index: number): boolean {
  return stress.probability > 0 && hashUniform(stress.seed, index) < stress.probability;
}

/**
 * The bar with an adverse opening gap of `gap` (price units) for a position on `side`: a long's
 * bar opens at most prevClose - gap, a short's at least prevClose + gap, and the range is
 * stretched to contain the new open. High, low and close are otherwise as recorded, so a stop
 * below the gap fills at the gapped open, which is the damage a real gap does.
 */
export function gapBar(bar: Bar, prevClose: number, side: Side, gap: number): Bar {
  if (side === 'long') {
    const open = Math.min(bar.open, prevClose - gap);
    return { ...bar, open, low: Math.min(bar.low, open) };
  }
  const open = Math.max(bar.open, prevClose + gap);
  return { ...bar, open, high: Math.max(bar.high, open) };
}
