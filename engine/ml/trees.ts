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
  private readonly feature: Int32Array;
  private readonly threshold: Float64Array;
  private readonly left: Int32Array;
  private readonly right: Int32Array;
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
    this.left = new Int32Array(total);
    this.right = new Int32Array(total);
    this.value = new Float64Array(total);
    let at = 0;
    trees.forEach((t, k) => {
      this.roots[k] = at;
      for (let i = 0; i < t.feature.length; i++) {
        this.feature[at + i] = t.feature[i];
        this.threshold[at + i] = t.threshold[i];
        this.left[at + i] = t.left[i] < 0 ? -1 : at + t.left[i];
        this.right[at + i] = t.right[i] < 0 ? -1 : at + t.right[i];
        this.value[at + i] = t.value[i];
      }
      at += t.feature.length;
    });
  }

  /** Raw score (log-odds) of the row starting at x[offset]. */
  raw(x: Float64Array, offset = 0): number {
    const { roots, feature, threshold, left, right, value } = this;
    let s = this.base;
    for (let t = 0; t < roots.length; t++) {
      let k = roots[t];
      let f = feature[k];
      while (f >= 0) {
        k = x[offset + f] <= threshold[k] ? left[k] : right[k];
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
