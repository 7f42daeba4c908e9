// Deliberately simple re-statements of the definitions, used as references by the contract and
// property tests: O(window) per bar, no state, nothing shared with the engine's code.

export interface NaivePivot {
  index: number;
  price: number;
}

/** Max (sign 1) or min (sign -1) of xs[i-period+1..i] for every i; NaN before period-1. */
export function naiveExtreme(xs: readonly number[], period: number, sign: 1 | -1): number[] {
  return xs.map((_, i) => {
    if (i < period - 1) return NaN;
    let best = xs[i - period + 1];
    for (let j = i - period + 2; j <= i; j++) if (sign * xs[j] > sign * best) best = xs[j];
    return best;
  });
}

/**
 * The pivot definition from SwingPivots' doc comment: a high strictly above the `left` highs
 * before and >= the `right` highs after (lows mirrored). Returns, for each bar count, the
 * pivots confirmed so far (a pivot at p counts once bar p + right exists).
 */
export function naivePivots(
  highs: readonly number[],
  lows: readonly number[],
  left: number,
  right: number,
): { highs: NaivePivot[]; lows: NaivePivot[] } {
  const hs: NaivePivot[] = [];
  const ls: NaivePivot[] = [];
  for (let p = left; p + right < highs.length; p++) {
    let isHigh = true;
    let isLow = true;
    for (let j = p - left; j < p; j++) {
      if (!(highs[p] > highs[j])) isHigh = false;
      if (!(lows[p] < lows[j])) isLow = false;
    }
    for (let j = p + 1; j <= p + right; j++) {
      if (!(highs[p] >= highs[j])) isHigh = false;
      if (!(lows[p] <= lows[j])) isLow = false;
    }
    if (isHigh) hs.push({ index: p, price: highs[p] });
    if (isLow) ls.push({ index: p, price: lows[p] });
  }
  return { highs: hs, lows: ls };
}

/** The most recent confirmed pivot's price after the last bar (high wins a same-bar tie), or NaN. */
export function naiveLatestPivotPrice(
  highs: readonly number[],
  lows: readonly number[],
  left: number,
  right: number,
): number {
  const { highs: hs, lows: ls } = naivePivots(highs, lows, left, right);
  const h = hs[hs.length - 1];
  const l = ls[ls.length - 1];
  if (!h && !l) return NaN;
  if (!l) return h.price;
  if (!h) return l.price;
  return h.index >= l.index ? h.price : l.price;
}

/** Expected SwingPivots `value` after each bar: latest confirmed pivot price, NaN before any. */
export function naivePivotValueSeries(
  highs: readonly number[],
  lows: readonly number[],
  left: number,
  right: number,
): Float64Array {
  const { highs: hs, lows: ls } = naivePivots(highs, lows, left, right);
  const out = new Float64Array(highs.length).fill(NaN);
  let h = -1;
  let l = -1;
  for (let i = 0; i < highs.length; i++) {
    while (h + 1 < hs.length && hs[h + 1].index + right <= i) h++;
    while (l + 1 < ls.length && ls[l + 1].index + right <= i) l++;
    if (h < 0 && l < 0) continue;
    if (l < 0 || (h >= 0 && hs[h].index >= ls[l].index)) out[i] = hs[h].price;
    else out[i] = ls[l].price;
  }
  return out;
}
