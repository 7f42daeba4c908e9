import fs from 'node:fs';
import path from 'node:path';
import { matrix, type FeatureMatrix } from '../../../engine/ml/matrix.js';

const DIR = path.resolve(process.cwd(), 'test/fixtures/ml');

export interface ReferenceSet {
  x: FeatureMatrix;
  y: Float64Array;
}

/** The committed reference matrix (test/fixtures/ml/README.md), split into its train and test rows. */
export function referenceSets(): { train: ReferenceSet; test: ReferenceSet } {
  const lines = fs.readFileSync(path.join(DIR, 'reversal-reference.csv'), 'utf8').trim().split('\n');
  const names = lines[0].split(',').slice(3);
  const rows = lines.slice(1).map((l) => l.split(','));
  const set = (name: string): ReferenceSet => {
    const rs = rows.filter((r) => r[1] === name);
    return {
      x: matrix(names, rs.length, Float64Array.from(rs.flatMap((r) => r.slice(3).map(Number)))),
      y: Float64Array.from(rs, (r) => Number(r[2])),
    };
  };
  return { train: set('train'), test: set('test') };
}

export interface SklearnReference {
  auc: number;
  train_rows: number;
  test_rows: number;
  features: string[];
  params: Record<string, number | boolean>;
}

export function sklearnReference(): SklearnReference {
  return JSON.parse(
    fs.readFileSync(path.join(DIR, 'reversal-reference-sklearn.json'), 'utf8'),
  ) as SklearnReference;
}
