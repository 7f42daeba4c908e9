/**
 * The exact median of the values seen over the last `windowMs` milliseconds.
 *
 * Why exact and how: the values in the window are kept twice, in arrival order (a ring, for
 * eviction) and sorted (a Float64Array). An insert or an eviction finds its place by binary
 * search (O(log n)) and shifts the tail with `copyWithin`, a memmove: O(n) bytes moved, but for
 * the windows a book gives (a few hundred to a few thousand updates per minute) that is tens of
 * nanoseconds, less than a two-heap median's bookkeeping, and the answer is the true median,
 * which tests can check exactly against a naive sort. The median itself is O(1) to read.
 * The arrays double when the window holds more than they can (amortised, rare); in steady state
 * nothing is allocated.
 */
export class RollingMedian {
  private sorted: Float64Array;
  private ringValue: Float64Array;
  private ringTime: Float64Array;
  private head = 0;
  private size = 0;
  private firstMs = NaN;

  constructor(
    readonly windowMs: number,
    capacity = 1024,
  ) {
    if (!(windowMs > 0)) throw new RangeError('the median window must be above 0 ms');
    this.sorted = new Float64Array(capacity);
    this.ringValue = new Float64Array(capacity);
    this.ringTime = new Float64Array(capacity);
  }

  /** Values in the window now. */
  get count(): number {
    return this.size;
  }

  /** True once the data has covered a whole window (before that the median is of less history). */
  warm(timeMs: number): boolean {
    return this.size > 0 && timeMs - this.firstMs >= this.windowMs;
  }

  /** Drops the values older than `timeMs - windowMs`. */
  evict(timeMs: number): void {
    const cap = this.ringValue.length;
    const oldest = timeMs - this.windowMs;
    while (this.size > 0 && this.ringTime[this.head] < oldest) {
      this.removeSorted(this.ringValue[this.head]);
      this.head = (this.head + 1) % cap;
      this.size--;
    }
  }

  /** Adds a value seen at `timeMs` (times must not go backwards) and evicts the old ones. */
  add(timeMs: number, value: number): void {
    if (Number.isNaN(this.firstMs)) this.firstMs = timeMs;
    this.evict(timeMs);
    if (this.size === this.ringValue.length) this.grow();
    const cap = this.ringValue.length;
    const tail = (this.head + this.size) % cap;
    this.ringValue[tail] = value;
    this.ringTime[tail] = timeMs;
    this.size++;
    const at = this.lowerBound(value, this.size - 1);
    this.sorted.copyWithin(at + 1, at, this.size - 1);
    this.sorted[at] = value;
  }

  /** The median of the window (mean of the middle two for an even count); NaN when empty. */
  get value(): number {
    const n = this.size;
    if (n === 0) return NaN;
    const mid = n >> 1;
    return n & 1 ? this.sorted[mid] : (this.sorted[mid - 1] + this.sorted[mid]) / 2;
  }

  reset(): void {
    this.head = 0;
    this.size = 0;
    this.firstMs = NaN;
  }

  /** First index in sorted[0, n) whose value is >= x. */
  private lowerBound(x: number, n: number): number {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.sorted[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private removeSorted(x: number): void {
    const n = this.size;
    const at = this.lowerBound(x, n);
    this.sorted.copyWithin(at, at + 1, n);
  }

  private grow(): void {
    const cap = this.ringValue.length;
    const sorted = new Float64Array(cap * 2);
    sorted.set(this.sorted.subarray(0, this.size));
    const values = new Float64Array(cap * 2);
    const times = new Float64Array(cap * 2);
    for (let i = 0; i < this.size; i++) {
      values[i] = this.ringValue[(this.head + i) % cap];
      times[i] = this.ringTime[(this.head + i) % cap];
    }
    this.sorted = sorted;
    this.ringValue = values;
    this.ringTime = times;
    this.head = 0;
  }
}
