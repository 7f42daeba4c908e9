import { seededRandom } from '../backtest/prng.js';
import { binRows, fitBins, MAX_BINS, type BinEdges } from './binning.js';
import { MlError } from './errors.js';
import type { FeatureMatrix } from './matrix.js';
import { TreeEnsemble, type TreeArrays } from './trees.js';

/**
 * Settings of the histogram gradient-boosted trees (log loss, binary labels). Names follow
 * scikit-learn's HistGradientBoostingClassifier where they mean the same thing.
 */
export interface GbdtParams {
  /** Trees (boosting rounds). */
  iterations: number;
  /** Shrinkage applied to every leaf value. */
  learningRate: number;
  /** Leaves per tree at most; trees grow best-first (the leaf with the largest gain splits next). */
  maxLeaves: number;
  /** Depth at most (the root is depth 0). */
  maxDepth: number;
  /** Training rows per leaf at least. */
  minSamplesLeaf: number;
  /** L2 penalty on leaf values (added to the hessian sum). */
  l2: number;
  /** Bins per feature (at most 256). */
  maxBins: number;
  /** Fraction of rows each tree sees (1 = all, no randomness). */
  rowSubsample: number;
  /** Fraction of features each tree may split on (1 = all). */
  featureSubsample: number;
  /** Seed of the row and feature draws. */
  seed: number;
}

/**
 * The defaults: few, small trees and a slow learning rate, because a bar's reversal is mostly
 * noise and a large model learns the noise (on BTC 5m and SPY daily, 100 trees of 15 leaves
 * had a worse out-of-sample Brier score than these 60 of 8; docs/reversal-model.md), and
 * because scoring walks every tree at every bar (60 trees of depth 4 stay under 2 us). The same values run scikit-learn in the reference check
 * (scripts/ml-reference.py).
 */
export const DEFAULT_GBDT: Readonly<GbdtParams> = {
  iterations: 60,
  learningRate: 0.05,
  maxLeaves: 8,
  maxDepth: 4,
  minSamplesLeaf: 200,
  l2: 1,
  maxBins: 255,
  rowSubsample: 1,
  featureSubsample: 1,
  seed: 1,
};

/** scikit-learn's min_hessian_to_split: a child with less hessian mass is not worth a split. */
const MIN_HESSIAN = 1e-3;

interface Leaf {
  node: number;
  start: number;
  end: number;
  depth: number;
  g: number;
  h: number;
  /** Histogram slot. */
  slot: number;
  gain: number;
  feature: number;
  bin: number;
}

/**
 * Histograms per slot: for each (feature, bin) cell i, the gradient sum at 3i, the hessian sum
 * at 3i + 1 and the row count at 3i + 2 (interleaved: one cache line per update).
 */
class HistogramPool {
  readonly slots: Float64Array[] = [];
  private readonly free: number[] = [];

  constructor(count: number, cells: number) {
    for (let s = 0; s < count; s++) {
      this.slots.push(new Float64Array(cells * 3));
      this.free.push(count - 1 - s);
    }
  }

  take(): number {
    const s = this.free.pop();
    if (s === undefined) throw new Error('histogram pool exhausted');
    return s;
  }

  release(slot: number): void {
    this.free.push(slot);
  }
}

/**
 * Trains the ensemble on `x` (rows = samples) and 0/1 `y`. Deterministic: the same inputs and
 * seed give the same trees bit for bit (the only randomness is the seeded row and feature
 * draws; ties between splits go to the lower feature, then the lower bin).
 */
export function trainGbdt(
  x: FeatureMatrix,
  y: ArrayLike<number>,
  params: Partial<GbdtParams> = {},
): TreeEnsemble {
  const p = { ...DEFAULT_GBDT, ...params };
  checkParams(p);
  const { rows: n, width } = x;
  let positives = 0;
  for (let r = 0; r < n; r++) positives += y[r];
  if (positives === 0 || positives === n)
    throw new MlError(
      'labels',
      `labels: all ${n} training labels are ${positives === 0 ? 0 : 1}; a classifier needs both outcomes (a longer history, or other barriers)`,
    );
  const edges = fitBins(x, p.maxBins);
  const bins = binRows(x, edges);
  const base = Math.log(positives / (n - positives));
  const raw = new Float64Array(n).fill(base);
  const grad = new Float64Array(n);
  const hess = new Float64Array(n);
  const order = new Uint32Array(n);
  const scratch = new Uint32Array(n);
  const pool = new HistogramPool(p.maxLeaves + 1, width * MAX_BINS);
  const random = seededRandom(p.seed);
  const features = Int32Array.from({ length: width }, (_, f) => f);
  const nFeatures = Math.max(1, Math.round(p.featureSubsample * width));
  const trees: TreeArrays[] = [];
  for (let it = 0; it < p.iterations; it++) {
    for (let r = 0; r < n; r++) {
      const prob = 1 / (1 + Math.exp(-raw[r]));
      grad[r] = prob - y[r];
      hess[r] = prob * (1 - prob);
    }
    let m = 0;
    for (let r = 0; r < n; r++) if (p.rowSubsample >= 1 || random() < p.rowSubsample) order[m++] = r;
    // A partial Fisher-Yates draw of the features this tree may use, kept in ascending order
    // so ties break the same way whatever was drawn.
    for (let k = 0; k < nFeatures && nFeatures < width; k++) {
      const j = k + Math.floor(random() * (width - k));
      const t = features[k];
      features[k] = features[j];
      features[j] = t;
    }
    const active = Int32Array.from(features.subarray(0, nFeatures)).sort();
    const splitBins: number[] = [];
    const tree = growTree({ bins, width, grad, hess, order, scratch, pool, active, edges, p }, m, splitBins);
    trees.push(tree);
    updateRaw(tree, splitBins, bins, width, raw);
  }
  return new TreeEnsemble(base, trees, width);
}

interface GrowEnv {
  bins: Uint8Array;
  width: number;
  grad: Float64Array;
  hess: Float64Array;
  order: Uint32Array;
  scratch: Uint32Array;
  pool: HistogramPool;
  active: Int32Array;
  edges: BinEdges;
  p: GbdtParams;
}

/** One tree, best-first, on the rows order[0..m); `splitBins` gets each node's split bin. */
function growTree(env: GrowEnv, m: number, splitBins: number[]): TreeArrays {
  const { pool, p, grad, hess, order } = env;
  const tree: TreeArrays = { feature: [-1], threshold: [0], left: [-1], right: [-1], value: [0] };
  let g = 0;
  let h = 0;
  for (let k = 0; k < m; k++) {
    g += grad[order[k]];
    h += hess[order[k]];
  }
  const rootSlot = pool.take();
  buildHistogram(env, rootSlot, 0, m);
  const leaves: Leaf[] = [
    { node: 0, start: 0, end: m, depth: 0, g, h, slot: rootSlot, gain: 0, feature: -1, bin: 0 },
  ];
  findSplit(env, leaves[0]);
  while (leaves.length < p.maxLeaves) {
    let best = -1;
    for (let k = 0; k < leaves.length; k++)
      if (leaves[k].feature >= 0 && (best < 0 || leaves[k].gain > leaves[best].gain)) best = k;
    if (best < 0) break;
    const leaf = leaves[best];
    const mid = partition(env, leaf);
    const left = childLeaf(tree, leaf, leaf.start, mid);
    const right = childLeaf(tree, leaf, mid, leaf.end);
    tree.feature[leaf.node] = leaf.feature;
    tree.threshold[leaf.node] = env.edges[leaf.feature][leaf.bin];
    splitBins[leaf.node] = leaf.bin;
    tree.left[leaf.node] = left.node;
    tree.right[leaf.node] = right.node;
    // The smaller child's histogram is built from its rows; the larger one's is the parent's
    // minus it (the parent's slot is reused in place).
    const [small, large] = left.end - left.start <= right.end - right.start ? [left, right] : [right, left];
    small.slot = pool.take();
    buildHistogram(env, small.slot, small.start, small.end);
    large.slot = leaf.slot;
    subtract(pool, large.slot, small.slot);
    let gs = 0;
    let hs = 0;
    for (let k = small.start; k < small.end; k++) {
      gs += grad[order[k]];
      hs += hess[order[k]];
    }
    small.g = gs;
    small.h = hs;
    large.g = leaf.g - gs;
    large.h = leaf.h - hs;
    findSplit(env, left);
    findSplit(env, right);
    leaves.splice(best, 1, left, right);
  }
  for (const leaf of leaves) {
    tree.value[leaf.node] = (-p.learningRate * leaf.g) / (leaf.h + p.l2);
    pool.release(leaf.slot);
  }
  return tree;
}

function childLeaf(tree: TreeArrays, parent: Leaf, start: number, end: number): Leaf {
  const node = tree.feature.length;
  tree.feature.push(-1);
  tree.threshold.push(0);
  tree.left.push(-1);
  tree.right.push(-1);
  tree.value.push(0);
  return { node, start, end, depth: parent.depth + 1, g: 0, h: 0, slot: -1, gain: 0, feature: -1, bin: 0 };
}

function buildHistogram(env: GrowEnv, slot: number, start: number, end: number): void {
  const { bins, width, grad, hess, order, active, pool } = env;
  const hist = pool.slots[slot];
  hist.fill(0);
  const all = active.length === width;
  for (let k = start; k < end; k++) {
    const r = order[k];
    const gr = grad[r];
    const hr = hess[r];
    const base = r * width;
    if (all) {
      for (let f = 0; f < width; f++) {
        const i = ((f << 8) | bins[base + f]) * 3;
        hist[i] += gr;
        hist[i + 1] += hr;
        hist[i + 2]++;
      }
    } else {
      for (let a = 0; a < active.length; a++) {
        const f = active[a];
        const i = ((f << 8) | bins[base + f]) * 3;
        hist[i] += gr;
        hist[i + 1] += hr;
        hist[i + 2]++;
      }
    }
  }
}

function subtract(pool: HistogramPool, into: number, minus: number): void {
  const a = pool.slots[into];
  const b = pool.slots[minus];
  for (let i = 0; i < a.length; i++) a[i] -= b[i];
}

/** The best split of a leaf (gain of the squared-gradient score, as LightGBM and scikit-learn). */
function findSplit(env: GrowEnv, leaf: Leaf): void {
  const { p, pool, active, edges } = env;
  leaf.feature = -1;
  leaf.gain = 0;
  const count = leaf.end - leaf.start;
  if (leaf.depth >= p.maxDepth || count < 2 * p.minSamplesLeaf) return;
  const hist = pool.slots[leaf.slot];
  const parent = (leaf.g * leaf.g) / (leaf.h + p.l2);
  let bestGain = 1e-12 * Math.abs(parent);
  for (let a = 0; a < active.length; a++) {
    const f = active[a];
    const last = edges[f].length; // bins 0..last; splitting after the last bin is no split
    let gl = 0;
    let hl = 0;
    let cl = 0;
    for (let b = 0; b < last; b++) {
      const i = ((f << 8) | b) * 3;
      gl += hist[i];
      hl += hist[i + 1];
      cl += hist[i + 2];
      if (cl < p.minSamplesLeaf) continue;
      if (count - cl < p.minSamplesLeaf) break;
      const hr = leaf.h - hl;
      if (hl < MIN_HESSIAN || hr < MIN_HESSIAN) continue;
      const gr = leaf.g - gl;
      const gain = (gl * gl) / (hl + p.l2) + (gr * gr) / (hr + p.l2) - parent;
      if (gain > bestGain) {
        bestGain = gain;
        leaf.feature = f;
        leaf.bin = b;
      }
    }
  }
  leaf.gain = bestGain;
}

/** Rows of the leaf with bin <= the split's bin first (stable: each side keeps its order). */
function partition(env: GrowEnv, leaf: Leaf): number {
  const { order, scratch, bins, width } = env;
  const { feature, bin } = leaf;
  let lo = leaf.start;
  let hi = 0;
  for (let k = leaf.start; k < leaf.end; k++) {
    const r = order[k];
    if (bins[r * width + feature] <= bin) order[lo++] = r;
    else scratch[hi++] = r;
  }
  order.set(scratch.subarray(0, hi), lo);
  return lo;
}

/** Adds the new tree's leaf values to every training row's raw score (on bins). */
function updateRaw(
  tree: TreeArrays,
  splitBins: number[],
  bins: Uint8Array,
  width: number,
  raw: Float64Array,
): void {
  // "bin <= b" on bins is "x <= edge[b]" on values (binning.ts): the same leaf the
  // raw-value predictor finds.
  const n = raw.length;
  const { feature, left, right, value } = tree;
  for (let r = 0; r < n; r++) {
    let k = 0;
    const base = r * width;
    while (feature[k] >= 0) k = bins[base + feature[k]] <= splitBins[k] ? left[k] : right[k];
    raw[r] += value[k];
  }
}

function checkParams(p: GbdtParams): void {
  const whole = (name: keyof GbdtParams, min: number): void => {
    const v = p[name];
    if (!Number.isInteger(v) || v < min)
      throw new MlError(name, `${name}: ${v} must be a whole number of ${min} or more`);
  };
  whole('iterations', 1);
  whole('maxLeaves', 2);
  whole('maxDepth', 1);
  whole('minSamplesLeaf', 1);
  whole('maxBins', 2);
  const fraction = (name: keyof GbdtParams): void => {
    const v = p[name];
    if (!(v > 0 && v <= 1)) throw new MlError(name, `${name}: ${v} must be above 0 and at most 1`);
  };
  fraction('rowSubsample');
  fraction('featureSubsample');
  if (!(p.learningRate > 0 && p.learningRate <= 1))
    throw new MlError('learningRate', `learningRate: ${p.learningRate} must be above 0 and at most 1`);
  if (!(p.l2 >= 0)) throw new MlError('l2', `l2: ${p.l2} must be 0 or more`);
}
