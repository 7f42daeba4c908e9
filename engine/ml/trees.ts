/** One tree as parallel arrays; node 0 is the root, a leaf has feature -1. */
export interface TreeArrays {
  feature: number[];
  /** A row goes left when its value <= threshold. */
  threshold: number[];
  left: number[];
  right: number[];
  /** A leaf's contribution to the raw score (log-odds); 0 on split nodes. */
  value: number[];
}

/**
 * Deepest tree laid out complete (below). Past it a complete tree would hold too many padding
 * nodes, so deeper ensembles (a model file trained with a large maxDepth) walk their nodes.
 */
const COMPLETE_DEPTH_MAX = 10;

/**
 * A trained ensemble flattened into typed arrays for scoring: p = sigmoid(base + sum of the
 * leaves each tree sends the row to). Scoring one row allocates nothing.
 *
 * Each tree is stored complete to the ensemble's depth D (2^D - 1 split nodes, 2^D leaves,
 * heap order: the children of node k are 2k + 1 and 2k + 2). A leaf shallower than D becomes a
 * pass-through split (threshold +Infinity: every value, NaN included, goes left, as it reaches
 * that leaf in the tree) whose descendants all carry its value. The walk is then D steps of
 * k = 2k + 1 + (x > threshold) with no data-dependent exit, so the CPU never mispredicts where a
 * tree ends; it reaches the same leaf as the tree, so every score is bit for bit the same (the
 * leaves are summed in tree order, as before).
 */
export class TreeEnsemble {
  /** Depth every tree is completed to; -1 when the trees are too deep and walk their nodes. */
  private readonly depth: number;
  /** Split nodes per complete tree (2^depth - 1) and leaves per tree (2^depth). */
  private readonly splits: number;
  private readonly leaves: number;
  /** Complete layout: feature and threshold of each split node, tree after tree. */
  private readonly splitFeature: Int32Array;
  private readonly splitThreshold: Float64Array;
  /** Complete layout: each tree's 2^depth leaf values. */
  private readonly leafValue: Float64Array;
  /** Node layout (deep trees): root of each tree, feature (-1 on a leaf), threshold, left child (right is next), value. */
  private readonly roots: Int32Array;
  private readonly feature: Int32Array;
  private readonly threshold: Float64Array;
  private readonly child: Int32Array;
  private readonly value: Float64Array;

  constructor(
    readonly base: number,
    readonly trees: readonly TreeArrays[],
    /** Features per row the trees expect. */
    readonly width: number,
  ) {
    const depth = Math.max(0, ...trees.map((t) => treeDepth(t, 0)));
    if (depth <= COMPLETE_DEPTH_MAX) {
      this.depth = depth;
      this.splits = (1 << depth) - 1;
      this.leaves = 1 << depth;
      this.splitFeature = new Int32Array(this.splits * trees.length);
      this.splitThreshold = new Float64Array(this.splits * trees.length);
      this.leafValue = new Float64Array(this.leaves * trees.length);
      trees.forEach((t, k) => this.complete(t, 0, 0, 0, k));
      this.roots = this.feature = this.child = new Int32Array(0);
      this.threshold = this.value = new Float64Array(0);
      return;
    }
    this.depth = -1;
    this.splits = this.leaves = 0;
    this.splitFeature = new Int32Array(0);
    this.splitThreshold = this.leafValue = new Float64Array(0);
    const total = trees.reduce((s, t) => s + t.feature.length, 0);
    this.roots = new Int32Array(trees.length);
    this.feature = new Int32Array(total);
    this.threshold = new Float64Array(total);
    this.child = new Int32Array(total);
    this.value = new Float64Array(total);
    let at = 0;
    trees.forEach((t, k) => {
      this.roots[k] = at;
      // Breadth first, each node's two children side by side.
      const queue = [0];
      const slot = new Map<number, number>([[0, at]]);
      let next = at + 1;
      while (queue.length > 0) {
        const node = queue.shift()!;
        const i = slot.get(node)!;
        this.feature[i] = t.feature[node];
        this.threshold[i] = t.threshold[node];
        this.value[i] = t.value[node];
        if (t.feature[node] >= 0) {
          this.child[i] = next;
          slot.set(t.left[node], next++);
          slot.set(t.right[node], next++);
          queue.push(t.left[node], t.right[node]);
        } else this.child[i] = -1;
      }
      at = next;
    });
  }

  /** Writes tree k's node `node` at heap slot `slot` (level `level`) of the complete layout. */
  private complete(t: TreeArrays, node: number, slot: number, level: number, k: number): void {
    if (level === this.depth) {
      this.leafValue[k * this.leaves + slot - this.splits] = t.value[node];
      return;
    }
    const at = k * this.splits + slot;
    if (t.feature[node] >= 0) {
      this.splitFeature[at] = t.feature[node];
      this.splitThreshold[at] = t.threshold[node];
      this.complete(t, t.left[node], 2 * slot + 1, level + 1, k);
      this.complete(t, t.right[node], 2 * slot + 2, level + 1, k);
    } else {
      // A leaf above the full depth: a split every row passes to the left, the leaf's value on both sides.
      this.splitFeature[at] = 0;
      this.splitThreshold[at] = Infinity;
      this.complete(t, node, 2 * slot + 1, level + 1, k);
      this.complete(t, node, 2 * slot + 2, level + 1, k);
    }
  }

  /** Raw score (log-odds) of the row starting at x[offset]. */
  raw(x: Float64Array, offset = 0): number {
    if (this.depth < 0) return this.rawByNodes(x, offset);
    const { splitFeature, splitThreshold, leafValue, depth, splits, leaves } = this;
    const count = this.trees.length;
    let s = this.base;
    let t = 0;
    // Four trees at a time: their walks are independent chains of loads, so the CPU overlaps
    // them instead of waiting on one tree's next node; the leaves are still summed in tree order.
    // Number(a > b) rather than a ternary: V8 turns it into a flag move, not a branch that a
    // price-driven comparison mispredicts half the time.
    for (; t + 4 <= count; t += 4) {
      const n0 = t * splits;
      const n1 = n0 + splits;
      const n2 = n1 + splits;
      const n3 = n2 + splits;
      let k0 = 0;
      let k1 = 0;
      let k2 = 0;
      let k3 = 0;
      for (let d = 0; d < depth; d++) {
        k0 = 2 * k0 + 1 + Number(x[offset + splitFeature[n0 + k0]] > splitThreshold[n0 + k0]);
        k1 = 2 * k1 + 1 + Number(x[offset + splitFeature[n1 + k1]] > splitThreshold[n1 + k1]);
        k2 = 2 * k2 + 1 + Number(x[offset + splitFeature[n2 + k2]] > splitThreshold[n2 + k2]);
        k3 = 2 * k3 + 1 + Number(x[offset + splitFeature[n3 + k3]] > splitThreshold[n3 + k3]);
      }
      const l0 = t * leaves - splits;
      s += leafValue[l0 + k0];
      s += leafValue[l0 + leaves + k1];
      s += leafValue[l0 + 2 * leaves + k2];
      s += leafValue[l0 + 3 * leaves + k3];
    }
    for (; t < count; t++) {
      const n0 = t * splits;
      let k = 0;
      for (let d = 0; d < depth; d++)
        k = 2 * k + 1 + Number(x[offset + splitFeature[n0 + k]] > splitThreshold[n0 + k]);
      s += leafValue[t * leaves - splits + k];
    }
    return s;
  }

  private rawByNodes(x: Float64Array, offset: number): number {
    const { roots, feature, threshold, child, value } = this;
    let s = this.base;
    for (let t = 0; t < roots.length; t++) {
      let k = roots[t];
      let f = feature[k];
      while (f >= 0) {
        k = child[k] + (x[offset + f] > threshold[k] ? 1 : 0);
        f = feature[k];
      }
      s += value[k];
    }
    return s;
  }

  /** Probability of the positive class for the row starting at x[offset]. */
  predict(x: Float64Array, offset = 0): number {
    return 1 / (1 + Math.exp(-this.raw(x, offset)));
  }

  /** Probabilities of every row of a row-major matrix. */
  predictRows(values: Float64Array, rows: number, out = new Float64Array(rows)): Float64Array {
    for (let r = 0; r < rows; r++) out[r] = this.predict(values, r * this.width);
    return out;
  }
}

/** Levels of splits below `node` (0 for a leaf). */
function treeDepth(t: TreeArrays, node: number): number {
  return t.feature[node] < 0 ? 0 : 1 + Math.max(treeDepth(t, t.left[node]), treeDepth(t, t.right[node]));
}
