/**
 * Thrown for a bad indicator parameter or a non-finite input. `field` names what is wrong
 * (e.g. 'period', 'high'), `index` the input's 0-based position when an input is at fault,
 * so a caller can point the user at the offending bar.
 */
export class IndicatorError extends Error {
  readonly indicator: string;
  readonly field: string;
  readonly index: number | null;

  constructor(indicator: string, field: string, index: number | null, message: string) {
    super(`${indicator}: ${message}`);
    this.name = 'IndicatorError';
    this.indicator = indicator;
    this.field = field;
    this.index = index;
  }
}

/** Periods are whole bar counts; anything else is a caller bug worth a clear message. */
export function checkPeriod(indicator: string, field: string, value: number, min = 1): void {
  if (!Number.isInteger(value) || value < min) {
    throw new IndicatorError(
      indicator,
      field,
      null,
      `${field} must be a whole number >= ${min}, got ${String(value)}`,
    );
  }
}

/** A multiplier such as Bollinger's k: finite and not negative (a negative k swaps the bands). */
export function checkMultiplier(indicator: string, field: string, value: number): void {
  if (!Number.isFinite(value) || value < 0) {
    throw new IndicatorError(
      indicator,
      field,
      null,
      `${field} must be a finite number >= 0, got ${String(value)}`,
    );
  }
}

/**
 * Built only on the error path (callers test `x - x !== 0`, which is true exactly for NaN and
 * +-Infinity), so the hot path stays a single subtraction and compare.
 */
export function nonFiniteInput(
  indicator: string,
  field: string,
  index: number,
  value: number,
): IndicatorError {
  return new IndicatorError(
    indicator,
    field,
    index,
    `input #${index} has a non-finite ${field} (${String(value)}); validate bars (engine/io) before indicators see them`,
  );
}

/** Batch inputs of one call must line up bar for bar. */
export function checkSameLength(indicator: string, lengths: Record<string, number>): void {
  const names = Object.keys(lengths);
  const first = lengths[names[0]];
  for (const name of names) {
    if (lengths[name] !== first) {
      const all = names.map((n) => `${n}=${lengths[n]}`).join(', ');
      throw new IndicatorError(indicator, name, null, `input arrays differ in length (${all})`);
    }
  }
}

/** Batch paths scan for a NaN/Infinity first so a bad column fails loudly instead of poisoning outputs. */
export function checkFiniteColumn(indicator: string, field: string, xs: Float64Array): void {
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    if (x - x !== 0) throw nonFiniteInput(indicator, field, i, x);
  }
}

/**
 * The output column of a batch call: the caller's `out` when given (a chart that recomputes on
 * every tick reuses its buffers and skips allocating, and page-faulting, fresh megabytes), else
 * a new one. Every element is overwritten.
 */
export function outputColumn(indicator: string, length: number, out?: Float64Array): Float64Array {
  if (out === undefined) return new Float64Array(length);
  if (out.length !== length) {
    throw new IndicatorError(indicator, 'out', null, `out has length ${out.length}, the input ${length}`);
  }
  return out;
}
