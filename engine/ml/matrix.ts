import { MlError } from './errors.js';

/**
 * A dense feature matrix, row-major (row r, feature f at values[r * width + f]), with the
 * feature names in column order. Rows are samples (bars), columns features.
 */
export interface FeatureMatrix {
  readonly names: readonly string[];
  readonly rows: number;
  readonly width: number;
  readonly values: Float64Array;
}

export function matrix(names: readonly string[], rows: number, values?: Float64Array): FeatureMatrix {
  const width = names.length;
  const v = values ?? new Float64Array(rows * width);
  if (v.length !== rows * width)
    throw new MlError(
      'features',
      `features: ${v.length} values do not fill ${rows} rows of ${width} features`,
    );
  return { names, rows, width, values: v };
}

/** The rows listed in `index`, in that order, as a matrix of their own. */
export function selectRows(m: FeatureMatrix, index: ArrayLike<number>): FeatureMatrix {
  const { width } = m;
  const out = new Float64Array(index.length * width);
  for (let k = 0; k < index.length; k++) {
    const src = index[k] * width;
    out.set(m.values.subarray(src, src + width), k * width);
  }
  return { names: m.names, rows: index.length, width, values: out };
}

/**
 * Refuses NaN or infinite features (a learner would split on them silently), labels other
 * than 0/1 and a constant feature (nothing to learn, and a scaled baseline would divide by
 * its zero spread); `rowName` says which bar a row is.
 */
export function checkTrainingMatrix(
  m: FeatureMatrix,
  labels: ArrayLike<number>,
  rowName: (r: number) => string,
): void {
  const { rows, width, values, names } = m;
  if (labels.length !== rows)
    throw new MlError('labels', `labels: ${labels.length} labels for ${rows} rows; give one label per row`);
  for (let r = 0; r < rows; r++) {
    const y = labels[r];
    if (y !== 0 && y !== 1)
      throw new MlError('labels', `labels: ${rowName(r)} has label ${y}; labels must be 0 or 1`);
    for (let f = 0; f < width; f++) {
      const v = values[r * width + f];
      if (!Number.isFinite(v))
        throw new MlError(
          'features',
          `features: ${names[f]} is ${v} at ${rowName(r)}; every feature must be a finite number (check the bars around it)`,
        );
    }
  }
  if (rows === 0) throw new MlError('features', 'features: no rows to train on');
  for (let f = 0; f < width; f++) {
    const first = values[f];
    let r = 1;
    while (r < rows && values[r * width + f] === first) r++;
    if (r === rows)
      throw new MlError(
        'features',
        `features: ${names[f]} is ${first} on every one of the ${rows} training rows (${rowName(0)} to ${rowName(rows - 1)}); a constant feature carries nothing to learn. Check the bars' ${names[f].startsWith('volume') ? 'volume column' : 'prices'} or give more bars`,
      );
  }
}
