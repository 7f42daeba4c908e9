/**
 * When SMA's rolling sum must be recomputed from its window ("resummed").
 *
 * Every period-th input the window is resummed anyway (the ring is then full and in order), so
 * at most period-1 incremental updates (sum += x - evicted) are ever carried. Each can be off by
 * 2^-53 of the largest sum seen since the last resum (`peak`); relative to the current sum that
 * is harmless unless the sum has since shrunk a lot (a crash, a series crossing zero). So we
 * also resum early when |sum| falls below peak / shrinkLimit(period), which keeps the relative
 * error of the mean under ~1e-13 whatever the series does. Real series almost never trigger it.
 */
export function shrinkLimit(period: number): number {
  // period * 2^-53 * limit <= 1e-13  =>  limit = 1e-13 / (period * 2^-53) ~ 900 / period.
  return Math.max(2, 1e-13 / (period * 2 ** -53));
}

/** 2^-53: the unit roundoff of a double. */
export const EPS = 2 ** -53;

/**
 * Target accuracy of sigma, relative to |window level| + sigma: at least 2x inside the
 * 1e-9 x level tolerance of ../shared/docs/indicator-conventions.md. StdDev resums early when its running
 * error bound could exceed it (see stddev.ts).
 */
export const SIGMA_TOLERANCE = 2.5e-10;
