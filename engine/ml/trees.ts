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
 * A trained ensemble flattened into typed arrays for scoring: p = sigmoid(base + sum of the
 * leaves each tree sends the row to). Scoring one row allocates nothing.
 */
export class TreeEnsemble {
  private readonly roots: Int32Array;
  /** Feature a node splits on; -1 on a leaf. */
  private readonly feature: Int32Array;
  private readonly threshold: Float64Array;
  /**
   * The node's left child; its right child is the next node. Laid out so, the walk is an add
   * of a comparison (left + (x > threshold)), which spares a hard-to-predict branch per level.
   */
  private readonly child: Int32Array;
  private readonly value: Float64Array;

  constructor(
    readonly base: number,
    readonly trees: readonly TreeArrays[],
    /** Features per row the trees expect. */
    readonly width: number,
  ) {
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

  /** Raw score (log-odds) of the row starting at x[offset]. */
  raw(x: Float64Array, offset = 0): number {
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
