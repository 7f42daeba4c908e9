import { checkPeriod, nonFiniteInput } from './indicator-error.js';

/**
 * Sliding-window maximum with a monotonic deque (values decreasing from head to tail), the
 * shared core of HighestHigh and LowestLow (which feeds it negated values: negation is exact).
 *
 * The deque lives in two preallocated rings indexed by ever-growing head/tail counters.
 * Popping from the tail only moves the counter, it never erases, so undoing the last add for a
 * replace needs just the old head, the old tail and the one slot the push overwrote: O(1),
 * however many entries that push popped.
 */
export class WindowMax {
  readonly period: number;
  private readonly name: string;
  private readonly mask: number;
  private readonly values: Float64Array;
  private readonly indices: Float64Array;
  /** The (sign-adjusted) value being pushed. */
  private pending = NaN;
  private head = 0;
  private tail = 0;
  private added = 0;
  /** Undo record of the last add. */
  private headBefore = 0;
  private tailBefore = 0;
  private pushSlot = 0;
  private pushSlotValue = 0;
  private pushSlotIndex = 0;

  constructor(name: string, period: number) {
    checkPeriod(name, 'period', period);
    this.name = name;
    this.period = period;
    // Live entries never exceed `period`; a power of two > period lets us mask instead of mod.
    let cap = 2;
    while (cap <= period) cap *= 2;
    this.mask = cap - 1;
    this.values = new Float64Array(cap);
    this.indices = new Float64Array(cap);
  }

  get count(): number {
    return this.added;
  }

  /** The current window maximum (meaningful once count >= period). */
  get max(): number {
    return this.values[this.head & this.mask];
  }

  /** Input index of the current maximum (the latest one on ties). */
  get maxIndex(): number {
    return this.indices[this.head & this.mask];
  }

  add(x: number, sign: number): void {
    if (x - x !== 0) throw nonFiniteInput(this.name, 'value', this.added, x);
    this.headBefore = this.head;
    this.tailBefore = this.tail;
    this.added++;
    this.pending = x * sign;
    this.push();
  }

  replace(x: number, sign: number): void {
    if (this.added === 0) {
      this.add(x, sign);
      return;
    }
    if (x - x !== 0) throw nonFiniteInput(this.name, 'value', this.added - 1, x);
    this.values[this.pushSlot] = this.pushSlotValue;
    this.indices[this.pushSlot] = this.pushSlotIndex;
    this.head = this.headBefore;
    this.tail = this.tailBefore;
    this.pending = x * sign;
    this.push();
  }

  reset(): void {
    this.values.fill(0);
    this.indices.fill(0);
    this.head = 0;
    this.tail = 0;
    this.added = 0;
    this.headBefore = 0;
    this.tailBefore = 0;
    this.pushSlot = 0;
    this.pushSlotValue = 0;
    this.pushSlotIndex = 0;
  }

  // No arguments: a double crossing a call V8 does not inline is boxed (allocated).
  private push(): void {
    const v = this.pending;
    const i = this.added - 1;
    const mask = this.mask;
    const values = this.values;
    const indices = this.indices;
    let head = this.head;
    let tail = this.tail;
    const expired = i - this.period;
    // One add moves the window by one bar, so at most the front entry expires.
    if (tail > head && indices[head & mask] <= expired) head++;
    // Equal values: keep the newest, it stays in the window longest.
    while (tail > head && values[(tail - 1) & mask] <= v) tail--;
    const slot = tail & mask;
    this.pushSlot = slot;
    this.pushSlotValue = values[slot];
    this.pushSlotIndex = indices[slot];
    values[slot] = v;
    indices[slot] = i;
    this.head = head;
    this.tail = tail + 1;
  }
}

/**
 * Batch sliding maximum of sign*x, times sign: the rolling max (sign 1) or min (sign -1), NaN
 * before index period-1. Same deque as WindowMax, on plain index arrays.
 */
export function windowExtremeBatch(
  x: Float64Array,
  period: number,
  sign: 1 | -1,
  out: Float64Array,
): Float64Array {
  const len = x.length;
  out.fill(NaN, 0, period - 1 < len ? period - 1 : len);
  let cap = 2;
  while (cap <= period) cap *= 2;
  const mask = cap - 1;
  const values = new Float64Array(cap);
  const indices = new Int32Array(cap);
  let head = 0;
  let tail = 0;
  for (let i = 0; i < len; i++) {
    const v = x[i] * sign;
    const expired = i - period;
    // One add moves the window by one bar, so at most the front entry expires.
    if (tail > head && indices[head & mask] <= expired) head++;
    while (tail > head && values[(tail - 1) & mask] <= v) tail--;
    values[tail & mask] = v;
    indices[tail & mask] = i;
    tail++;
    if (i >= period - 1) out[i] = values[head & mask] * sign;
  }
  return out;
}
