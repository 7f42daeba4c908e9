import {
  isPlanSpec,
  withLastEntry,
  type Bar,
  type BarColumns,
  type PlanSpec,
  type PlanText,
} from '../engine/index.js';

/**
 * `entry="last"` (or none) enters at the close of the entry bar: the bar at `at`, or the last
 * bar loaded (the engine's withLastEntry). A parsed plan already has its price.
 */
export function withEntryDefault(plan: PlanText | PlanSpec, bars: Bar[] | BarColumns): PlanText | PlanSpec {
  return isPlanSpec(plan) ? plan : withLastEntry(plan, bars);
}
