import type { Timeframe } from '../shared/timeframe.js';

/** Picks the longest interval a source offers that is not longer than the chart's; says when it differs. */
export function pickInterval<T extends string>(
  timeframe: Timeframe,
  offered: readonly { label: T; seconds: number }[],
): { interval: T; seconds: number; note?: string } {
  const exact = offered.find((o) => o.seconds === timeframe.seconds);
  if (exact) return { interval: exact.label, seconds: exact.seconds };
  const shorter = offered.filter((o) => o.seconds < timeframe.seconds);
  const pick = shorter.length ? shorter[shorter.length - 1] : offered[0];
  return {
    interval: pick.label,
    seconds: pick.seconds,
    note: `${timeframe.label} bars are not offered by this feed; showing ${pick.label}.`,
  };
}
