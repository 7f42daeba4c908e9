import { parsePlan, type Bar, type PlanSpec, type PlanText } from '../engine/index.js';

/**
 * `entry="last"` (or none) enters at the close of the entry bar: the bar at `at`, or the last
 * bar loaded. Live widgets need it, since nobody knows the price before the page opens.
 */
export function withEntryDefault(plan: PlanText | PlanSpec, bars: Bar[]): PlanText | PlanSpec {
  if ('ladder' in plan && Array.isArray(plan.ladder)) return plan;
  const text = plan as PlanText;
  const entry = String(text.entry ?? '')
    .trim()
    .toLowerCase();
  if (entry !== '' && entry !== 'last') return plan;
  let bar = bars[bars.length - 1];
  if (text.at !== undefined && text.at !== '') {
    const at = parsePlan({ ...text, entry: 1, stop: '1%' }).entryTime;
    bar = bars.find((b) => at !== undefined && b.time >= at) ?? bar;
  }
  if (!bar) return plan;
  return { ...text, entry: bar.close };
}
