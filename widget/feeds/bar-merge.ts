import type { Bar } from '../../engine/index.js';

/**
 * Keeps a feed's output strictly ordered: a bar older than the last one is dropped (a late
 * or repeated message after a reconnect), the same time replaces the forming bar, a later
 * time appends. This is what makes reconnects lose and duplicate nothing.
 */
export class BarSequencer {
  private last = -Infinity;

  get lastTime(): number {
    return this.last;
  }

  /** 'add' | 'replace' for a bar to pass on, 'stale' for one to drop. */
  accept(bar: Bar): 'add' | 'replace' | 'stale' {
    if (bar.time < this.last) return 'stale';
    const verdict = bar.time === this.last ? 'replace' : 'add';
    this.last = bar.time;
    return verdict;
  }

  /** Filters a history batch down to what is new, in order. */
  acceptAll(bars: Bar[]): Bar[] {
    const out: Bar[] = [];
    for (const bar of bars) if (this.accept(bar) !== 'stale') out.push(bar);
    return out;
  }
}
