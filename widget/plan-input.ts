import { parsePlan, type Bar, type BarColumns, type PlanSpec, type PlanText } from '../engine/index.js';

/**
 * `entry="last"` (or none) enters at the close of the entry bar: the bar at `at`, or the last
 * bar loaded. Live widgets need it, since nobody knows the price before the page opens.
 */
export function withEntryDefault(plan: PlanText | PlanSpec, bars: Bar[] | BarColumns): PlanText | PlanSpec {
  if ('ladder' in plan && Array.isArray(plan.ladder)) return plan;
  const text = plan as PlanText;
  const entry = String(text.entry ?? '')
    .trim()
    .toLowerCase();
  if (entry !== '' && entry !== 'last') return plan;
  const times = Array.isArray(bars) ? bars.map((b) => b.time) : bars.time;
  if (times.length === 0) return plan;
  let entryIndex = times.length - 1;
  if (text.at !== undefined && text.at !== '') {
    const at = parsePlan({ ...text, entry: 1, stop: '1%' }).entryTime;
    const found = at === undefined ? -1 : times.findIndex((time) => time >= at);
    if (found >= 0) entryIndex = found;
  }
  return { ...text, entry: Array.isArray(bars) ? bars[entryIndex].close : bars.close[entryIndex] };
}
