import type { FeedClock, FeedNotice, TimerHandle } from './types.js';

/** At most one notice per key a second: the first at once, the rest folded into a count. */
const THROTTLE_MS = 1000;

/**
 * Counts repeated problems of one kind. 200 malformed messages give one notice (key stable)
 * whose count says 200, not 200 notices.
 */
export class FeedNotices {
  private readonly counts = new Map<string, number>();
  private readonly lastShown = new Map<string, number>();
  private readonly pending = new Map<string, { text: (count: number) => string; timer: TimerHandle }>();

  constructor(
    private readonly clock: FeedClock,
    private readonly show: ((notice: FeedNotice) => void) | undefined,
  ) {}

  count(key: string): number {
    return this.counts.get(key) ?? 0;
  }

  /** One more of `key`; `text(count)` writes the notice for the count so far. */
  add(key: string, text: (count: number) => string): void {
    this.counts.set(key, this.count(key) + 1);
    const waiting = this.pending.get(key);
    if (waiting) {
      waiting.text = text;
      return;
    }
    const since = this.clock.now() - (this.lastShown.get(key) ?? -Infinity);
    if (since >= THROTTLE_MS) return this.emit(key, text);
    const timer = this.clock.setTimeout(() => {
      const entry = this.pending.get(key);
      this.pending.delete(key);
      if (entry) this.emit(key, entry.text);
    }, THROTTLE_MS - since);
    this.pending.set(key, { text, timer });
  }

  stop(): void {
    for (const { timer } of this.pending.values()) this.clock.clearTimeout(timer);
    this.pending.clear();
  }

  private emit(key: string, text: (count: number) => string): void {
    this.lastShown.set(key, this.clock.now());
    const count = this.count(key);
    this.show?.({ key, text: text(count), count });
  }
}

export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
