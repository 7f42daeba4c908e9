import type { Bar } from '../types.js';

/** How far past the clock a bar may start: one interval (the forming bar) plus five minutes of clock error. */
const CLOCK_SLACK_SEC = 300;

/**
 * Keeps a feed's output strictly ordered: a bar older than the last one is dropped (a late or
 * repeated message after a reconnect), the same time replaces the forming bar, a later time
 * appends. A bar dated beyond both the clock and the next two bars is refused: accepted, it
 * would make every real bar after it look old and be dropped.
 */
export class BarSequencer {
  private last = -Infinity;

  constructor(
    private readonly intervalSec: number,
    private readonly nowSec: () => number,
  ) {}

  get lastTime(): number {
    return this.last;
  }

  /** Where `bar` would go, without taking it. */
  verdict(bar: Bar): 'add' | 'replace' | 'old' | 'future' {
    const limit = Math.max(
      this.nowSec() + this.intervalSec + CLOCK_SLACK_SEC,
      this.last + 2 * this.intervalSec,
    );
    if (bar.time > limit) return 'future';
    if (bar.time < this.last) return 'old';
    return bar.time === this.last ? 'replace' : 'add';
  }

  accept(bar: Bar): 'add' | 'replace' | 'old' | 'future' {
    const verdict = this.verdict(bar);
    if (verdict === 'add' || verdict === 'replace') this.last = bar.time;
    return verdict;
  }
}

export interface CleanHistory {
  bars: Bar[];
  /** The answer was not in time order. */
  unsorted: boolean;
  /** Rows with a time already given (the later row is kept). */
  repeated: number;
}

/**
 * A REST history as it should have been: in time order, each time once (the later row wins:
 * it is the fresher copy). The answer is never trusted to be sorted.
 */
export function cleanHistory(bars: readonly Bar[]): CleanHistory {
  let unsorted = false;
  for (let i = 1; i < bars.length; i++) if (bars[i].time < bars[i - 1].time) unsorted = true;
  const sorted = unsorted
    ? bars
        .map((bar, i) => ({ bar, i }))
        .sort((a, b) => a.bar.time - b.bar.time || a.i - b.i)
        .map((x) => x.bar)
    : bars;
  const out: Bar[] = [];
  let repeated = 0;
  for (const bar of sorted) {
    if (out.length && out[out.length - 1].time === bar.time) {
      out[out.length - 1] = bar;
      repeated++;
    } else out.push(bar);
  }
  return { bars: out, unsorted, repeated };
}
