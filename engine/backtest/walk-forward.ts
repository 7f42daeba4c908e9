import { BacktestError } from './errors.js';
import { tradeColumnsOf } from './run.js';
import { computeStats, SECONDS_PER_YEAR, statsOf } from './stats.js';
import type { BacktestResult, PolicyStats } from './types.js';

export interface SegmentStats {
  policy: string;
  inSample: PolicyStats;
  outOfSample: PolicyStats;
}

export interface WalkForwardResult {
  /** Index of the first out-of-sample bar. */
  splitIndex: number;
  splitTime: number;
  policies: SegmentStats[];
  /** The policy with the best in-sample Sharpe: what a trader would have picked looking only at the past. */
  pickedInSample: string;
  /** Its rank by out-of-sample Sharpe (1 = still the best). */
  outOfSampleRank: number;
}

const byTime = (times: ArrayLike<number>, from: number, to: number): { years: number; perYear: number } =>
  segmentYears(times[from], times[to - 1], to - from);

const sharpeKey = (s: PolicyStats): number => s.sharpe ?? -Infinity;

/**
 * In-sample / out-of-sample split at `inSampleFraction` of the bars. A trade belongs to the
 * segment its entry is in; equity statistics use the segment's slice of the mark-to-market
 * curve (the out-of-sample slice starts at the last in-sample bar so its first return is
 * counted). Nothing is fitted here: the split shows whether a ranking seen in the past holds
 * on data it did not see.
 */
export function walkForward(
  result: BacktestResult,
  times: ArrayLike<number>,
  inSampleFraction: number,
): WalkForwardResult {
  const n = times.length;
  const k = splitIndexOf(n, inSampleFraction);
  const is = byTime(times, 0, k);
  const oos = byTime(times, k - 1, n);
  const policies = result.policies.map((p) => {
    const columns = tradeColumnsOf(p);
    if (columns === undefined)
      return {
        policy: p.policy.id,
        inSample: computeStats(
          p.trades.filter((t) => t.entryIndex < k),
          p.equity,
          is.years,
          is.perYear,
          0,
          k,
        ),
        outOfSample: computeStats(
          p.trades.filter((t) => t.entryIndex >= k),
          p.equity,
          oos.years,
          oos.perYear,
          k - 1,
          n,
        ),
      };
    // The same figures read from the run's trade columns (the trades are in entry order).
    const split = columns.enteredBefore(k);
    return {
      policy: p.policy.id,
      inSample: statsOf(columns.figures(0, split), p.equity, is.years, is.perYear, 0, k),
      outOfSample: statsOf(
        columns.figures(split, columns.length),
        p.equity,
        oos.years,
        oos.perYear,
        k - 1,
        n,
      ),
    };
  });
  return ranked(policies, k, times[k]);
}

/**
 * Index of the first out-of-sample bar of `n` bars split at `inSampleFraction`; a fraction
 * not strictly between 0 and 1 is refused.
 */
export function splitIndexOf(n: number, inSampleFraction: number): number {
  if (!(inSampleFraction > 0 && inSampleFraction < 1)) {
    throw new BacktestError('split', `split: ${inSampleFraction} must be strictly between 0 and 1, e.g. 0.7`);
  }
  return Math.min(n - 2, Math.max(2, Math.floor(n * inSampleFraction)));
}

/** Years and bars per year of bars from..to-1 given the times of bars from and to - 1. */
export function segmentYears(
  firstTime: number,
  lastTime: number,
  bars: number,
): { years: number; perYear: number } {
  const years = (lastTime - firstTime) / SECONDS_PER_YEAR;
  return { years, perYear: years > 0 ? (bars - 1) / years : 0 };
}

/** The split's result from each policy's segment statistics: the in-sample pick and its out-of-sample rank. */
export function ranked(policies: SegmentStats[], k: number, splitTime: number): WalkForwardResult {
  let picked = policies[0];
  for (const p of policies) if (sharpeKey(p.inSample) > sharpeKey(picked.inSample)) picked = p;
  const rank = 1 + policies.filter((p) => sharpeKey(p.outOfSample) > sharpeKey(picked.outOfSample)).length;
  return {
    splitIndex: k,
    splitTime,
    policies,
    pickedInSample: picked?.policy ?? '',
    outOfSampleRank: rank,
  };
}
