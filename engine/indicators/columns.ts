import type { Bar } from '../types.js';
import type { BarColumns } from './inputs.js';

/**
 * Bars to Float64Array columns for the batch functions. One pass, no validation beyond what
 * the bars already passed in engine/io; a missing volume becomes NaN (unknown, not zero).
 */
export function barsToColumns(bars: readonly Bar[]): BarColumns {
  const n = bars.length;
  const time = new Float64Array(n);
  const open = new Float64Array(n);
  const high = new Float64Array(n);
  const low = new Float64Array(n);
  const close = new Float64Array(n);
  const volume = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const b = bars[i];
    time[i] = b.time;
    open[i] = b.open;
    high[i] = b.high;
    low[i] = b.low;
    close[i] = b.close;
    volume[i] = b.volume ?? NaN;
  }
  return { time, open, high, low, close, volume };
}
