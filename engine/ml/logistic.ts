import { MlError } from './errors.js';
import type { FeatureMatrix } from './matrix.js';

/**
 * L2-regularised logistic regression on standardised features, fitted by Newton's method: the
 * baseline the trees must beat. Deterministic (no random start).
 */
export class LogisticModel {
  constructor(
    readonly mean: Float64Array,
    readonly scale: Float64Array,
    /** weights[0] is the intercept, weights[1 + f] feature f's (on the standardised scale). */
    readonly weights: Float64Array,
  ) {}

  predict(x: Float64Array, offset = 0): number {
    const { mean, scale, weights } = this;
    let z = weights[0];
    for (let f = 0; f < mean.length; f++) z += weights[1 + f] * ((x[offset + f] - mean[f]) / scale[f]);
    return 1 / (1 + Math.exp(-z));
  }
}

export function trainLogistic(x: FeatureMatrix, y: ArrayLike<number>, l2 = 1, iterations = 8): LogisticModel {
  const { rows: n, width: d, values } = x;
  const mean = new Float64Array(d);
  const scale = new Float64Array(d);
  for (let r = 0; r < n; r++) for (let f = 0; f < d; f++) mean[f] += values[r * d + f];
  for (let f = 0; f < d; f++) mean[f] /= n;
  for (let r = 0; r < n; r++) for (let f = 0; f < d; f++) scale[f] += (values[r * d + f] - mean[f]) ** 2;
  for (let f = 0; f < d; f++) {
    scale[f] = Math.sqrt(scale[f] / n);
    if (!(scale[f] > 0))
      throw new MlError(
        'features',
        `features: ${x.names[f]} is constant; logistic regression cannot scale it`,
      );
  }
  const k = d + 1;
  const w = new Float64Array(k);
  const z = new Float64Array(k);
  const grad = new Float64Array(k);
  const hess = new Float64Array(k * k);
  for (let it = 0; it < iterations; it++) {
    grad.fill(0);
    hess.fill(0);
    for (let r = 0; r < n; r++) {
      z[0] = 1;
      let s = w[0];
      for (let f = 0; f < d; f++) {
        z[1 + f] = (values[r * d + f] - mean[f]) / scale[f];
        s += w[1 + f] * z[1 + f];
      }
      const p = 1 / (1 + Math.exp(-s));
      const g = p - y[r];
      const h = Math.max(p * (1 - p), 1e-12);
      for (let a = 0; a < k; a++) {
        grad[a] += g * z[a];
        const ha = h * z[a];
        for (let b = 0; b <= a; b++) hess[a * k + b] += ha * z[b];
      }
    }
    // The penalty (not on the intercept), then solve H step = grad by Cholesky.
    for (let a = 1; a < k; a++) {
      grad[a] += l2 * w[a];
      hess[a * k + a] += l2;
    }
    const step = choleskySolve(hess, grad, k);
    let largest = 0;
    for (let a = 0; a < k; a++) {
      w[a] -= step[a];
      largest = Math.max(largest, Math.abs(step[a]));
    }
    if (largest < 1e-10) break;
  }
  return new LogisticModel(mean, scale, w);
}

/** Solves A x = b for a symmetric positive definite A given by its lower triangle (row-major). */
function choleskySolve(a: Float64Array, b: Float64Array, k: number): Float64Array {
  const l = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * k + j];
      for (let m = 0; m < j; m++) s -= l[i * k + m] * l[j * k + m];
      l[i * k + j] = i === j ? Math.sqrt(Math.max(s, 1e-12)) : s / l[j * k + j];
    }
  }
  const y = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    let s = b[i];
    for (let m = 0; m < i; m++) s -= l[i * k + m] * y[m];
    y[i] = s / l[i * k + i];
  }
  const x = new Float64Array(k);
  for (let i = k - 1; i >= 0; i--) {
    let s = y[i];
    for (let m = i + 1; m < k; m++) s -= l[m * k + i] * x[m];
    x[i] = s / l[i * k + i];
  }
  return x;
}
