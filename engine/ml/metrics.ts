/**
 * Scores of probabilistic predictions p against 0/1 outcomes y (the same length).
 */

/**
 * Area under the ROC curve: the chance that a random positive is scored above a random
 * negative, ties counted as half (the Mann-Whitney U statistic over average ranks). NaN when
 * one class is absent.
 */
export function auc(p: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = p.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => p[a] - p[b]);
  let rankSumPositive = 0;
  let positives = 0;
  for (let i = 0; i < n;) {
    let j = i;
    while (j + 1 < n && p[order[j + 1]] === p[order[i]]) j++;
    const rank = (i + j) / 2 + 1; // average 1-based rank of the tie group
    for (let k = i; k <= j; k++) {
      if (y[order[k]] === 1) {
        rankSumPositive += rank;
        positives++;
      }
    }
    i = j + 1;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return NaN;
  return (rankSumPositive - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Mean squared error of the probabilities (0 is perfect; a constant 0.5 scores 0.25). */
export function brier(p: ArrayLike<number>, y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < p.length; i++) s += (p[i] - y[i]) ** 2;
  return s / p.length;
}

/** Probabilities are clipped to [1e-15, 1 - 1e-15] so a confident miss costs 34.5, not infinity. */
const CLIP = 1e-15;

/** Mean negative log-likelihood (natural log). */
export function logLoss(p: ArrayLike<number>, y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < p.length; i++) {
    const q = Math.min(1 - CLIP, Math.max(CLIP, p[i]));
    s -= y[i] === 1 ? Math.log(q) : Math.log(1 - q);
  }
  return s / p.length;
}

export interface ReliabilityBin {
  /** The bin's probability range [from, to). */
  from: number;
  to: number;
  count: number;
  /** Mean predicted probability in the bin. */
  meanP: number;
  /** Share of positives observed in the bin. */
  observed: number;
}

/** Calibration table: predictions in `bins` equal-width bins of [0, 1]; empty bins are left out. */
export function reliability(p: ArrayLike<number>, y: ArrayLike<number>, bins = 10): ReliabilityBin[] {
  const count = new Float64Array(bins);
  const sumP = new Float64Array(bins);
  const sumY = new Float64Array(bins);
  for (let i = 0; i < p.length; i++) {
    const b = Math.min(bins - 1, Math.max(0, Math.floor(p[i] * bins)));
    count[b]++;
    sumP[b] += p[i];
    sumY[b] += y[i];
  }
  const out: ReliabilityBin[] = [];
  for (let b = 0; b < bins; b++) {
    if (count[b] === 0) continue;
    out.push({
      from: b / bins,
      to: (b + 1) / bins,
      count: count[b],
      meanP: sumP[b] / count[b],
      observed: sumY[b] / count[b],
    });
  }
  return out;
}

export interface Scores {
  samples: number;
  /** Share of positives (reversals). */
  baseRate: number;
  auc: number;
  brier: number;
  logLoss: number;
}

export function scores(p: ArrayLike<number>, y: ArrayLike<number>): Scores {
  let positives = 0;
  for (let i = 0; i < y.length; i++) positives += y[i];
  return {
    samples: y.length,
    baseRate: y.length > 0 ? positives / y.length : NaN,
    auc: auc(p, y),
    brier: brier(p, y),
    logLoss: logLoss(p, y),
  };
}

/**
 * A 95 % interval for the AUC by a moving-block bootstrap: `p` and `y` in time order, resampled
 * as runs of `block` consecutive samples (the label windows overlap, so neighbouring labels are
 * not independent and a plain bootstrap would be too narrow). Percentiles 2.5 and 97.5 of
 * `reps` resamples, deterministic for `seed`; NaNs where there are fewer than two blocks of
 * samples or a resample lacks a class.
 */
export function aucBlockInterval(
  p: ArrayLike<number>,
  y: ArrayLike<number>,
  block: number,
  reps = 400,
  seed = 1,
): [number, number] {
  const n = p.length;
  const b = Math.max(1, Math.min(block, n));
  if (n < 2 * b) return [NaN, NaN];
  const blocks = Math.ceil(n / b);
  const rp = new Float64Array(blocks * b);
  const ry = new Float64Array(blocks * b);
  const found: number[] = [];
  let state = seed >>> 0 || 1;
  const next = (): number => {
    // xorshift32: small, deterministic, good enough to pick block starts.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
  for (let r = 0; r < reps; r++) {
    for (let k = 0; k < blocks; k++) {
      const start = Math.floor(next() * (n - b + 1));
      for (let j = 0; j < b; j++) {
        rp[k * b + j] = p[start + j];
        ry[k * b + j] = y[start + j];
      }
    }
    const a = auc(rp, ry);
    if (Number.isFinite(a)) found.push(a);
  }
  if (found.length < reps / 2) return [NaN, NaN];
  found.sort((u, v) => u - v);
  const at = (q: number): number => found[Math.round(q * (found.length - 1))];
  return [at(0.025), at(0.975)];
}

/**
 * AUC over the pairs within each group only (`group[i]`: which walk-forward model scored
 * sample i): each group's AUC weighted by its positive x negative pairs. Pooling bars scored by
 * different models also ranks the models' levels against each other, so a model-by-model
 * constant (the training base rate) pools to anything; here it scores exactly 0.5. NaN when no
 * group holds both classes.
 */
export function aucWithinGroups(
  p: ArrayLike<number>,
  y: ArrayLike<number>,
  group: ArrayLike<number>,
): number {
  const members = new Map<number, number[]>();
  for (let i = 0; i < p.length; i++) {
    const list = members.get(group[i]);
    if (list === undefined) members.set(group[i], [i]);
    else list.push(i);
  }
  let sum = 0;
  let pairs = 0;
  for (const idx of members.values()) {
    let positives = 0;
    for (const i of idx) positives += y[i];
    const w = positives * (idx.length - positives);
    if (w === 0) continue;
    sum +=
      w *
      auc(
        idx.map((i) => p[i]),
        idx.map((i) => y[i]),
      );
    pairs += w;
  }
  return pairs > 0 ? sum / pairs : NaN;
}
