import type { FeatureMatrix } from './matrix.js';

/** Bins per feature at most: a bin index fits a byte. */
export const MAX_BINS = 256;

/**
 * Bin edges per feature, ascending: a value x falls in bin b when x <= edges[b] and x is above
 * every earlier edge; above the last edge it falls in the last bin (edges.length). So "bin <= b"
 * is "x <= edges[b]", which is how a split found on bins is replayed on raw values.
 */
export type BinEdges = Float64Array[];

/**
 * Edges from the training rows. A feature with at most maxBins distinct values gets an edge
 * midway between each pair of neighbours (every distinct value its own bin); otherwise edges sit
 * midway across the maxBins-quantiles, duplicates dropped. Deterministic: it sorts, nothing
 * random.
 */
export function fitBins(m: FeatureMatrix, maxBins = 255): BinEdges {
  const bins = Math.max(2, Math.min(MAX_BINS, Math.floor(maxBins)));
  const { rows, width, values } = m;
  const column = new Float64Array(rows);
  const edges: BinEdges = [];
  for (let f = 0; f < width; f++) {
    for (let r = 0; r < rows; r++) column[r] = values[r * width + f];
    column.sort();
    const distinct: number[] = [];
    for (let r = 0; r < rows; r++) if (r === 0 || column[r] !== column[r - 1]) distinct.push(column[r]);
    const out: number[] = [];
    if (distinct.length <= bins) {
      for (let k = 1; k < distinct.length; k++) out.push(mid(distinct[k - 1], distinct[k]));
    } else {
      for (let k = 1; k < bins; k++) {
        const i = Math.min(rows - 1, Math.max(1, Math.round((k * rows) / bins)));
        const edge = column[i - 1] === column[i] ? column[i] : mid(column[i - 1], column[i]);
        if (out.length === 0 || edge > out[out.length - 1]) out.push(edge);
      }
      // A top edge at the column's maximum would leave the last bin empty.
      while (out.length > 0 && out[out.length - 1] >= column[rows - 1]) out.pop();
    }
    edges.push(Float64Array.from(out));
  }
  return edges;
}

/** The midpoint, never rounded up onto b (so a stays on its side of the edge). */
function mid(a: number, b: number): number {
  const m = a + (b - a) / 2;
  return m >= b ? a : m;
}

/** Bin index of every value, row-major like the matrix (one byte per value). */
export function binRows(m: FeatureMatrix, edges: BinEdges): Uint8Array {
  const { rows, width, values } = m;
  const out = new Uint8Array(rows * width);
  for (let f = 0; f < width; f++) {
    const e = edges[f];
    for (let r = 0; r < rows; r++) out[r * width + f] = binOf(e, values[r * width + f]);
  }
  return out;
}

/** The first edge >= x (binary search), or edges.length above them all. */
export function binOf(edges: Float64Array, x: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const m = (lo + hi) >>> 1;
    if (edges[m] < x) lo = m + 1;
    else hi = m;
  }
  return lo;
}
