import type { Bar } from '../types.js';
import type { BarColumns } from '../indicators/inputs.js';
import type { PlanText } from './parse.js';
import { parseTime } from '../io/time.js';
import type { PlanSpec } from './types.js';

/** A parsed plan (PlanSpec) rather than its text form (PlanText): only a parsed plan has a ladder array. */
export function isPlanSpec(plan: PlanText | PlanSpec): plan is PlanSpec {
  return Array.isArray((plan as Partial<PlanSpec>).ladder);
}

/** `entry="last"` or an empty entry: enter at the close of the entry bar, whatever it is. */
export function isLastEntry(entry: PlanText['entry'] | undefined): boolean {
  if (entry === undefined) return true;
  const text = String(entry).trim().toLowerCase();
  return text === '' || text === 'last';
}

/**
 * The text form with `entry="last"` (or none) made a price: the close of the entry bar, which
 * is the first bar at or after `at`, or the last bar when `at` is absent or after the data.
 * Live surfaces need it, since nobody knows the price before the page opens. A plan with a
 * price, or with no bars to read one from, is returned as it is (parsePlan then says why).
 */
export function withLastEntry(plan: PlanText, bars: readonly Bar[] | BarColumns): PlanText {
  if (!isLastEntry(plan.entry)) return plan;
  const times = isBarColumns(bars) ? bars.time : bars.map((b) => b.time);
  if (times.length === 0) return plan;
  let entryIndex = times.length - 1;
  if (plan.at !== undefined && String(plan.at).trim() !== '') {
    const at = parseTime('at', plan.at);
    for (let i = 0; i < times.length; i++) {
      if (times[i] >= at) {
        entryIndex = i;
        break;
      }
    }
  }
  return { ...plan, entry: isBarColumns(bars) ? bars.close[entryIndex] : bars[entryIndex].close };
}

function isBarColumns(bars: readonly Bar[] | BarColumns): bars is BarColumns {
  return !Array.isArray(bars);
}
