/** Seeded feature matrices with known structure, for the learner tests. */

import { createRng } from '../data/rng';
import type { FeatureMatrix } from './features';

/** Uniform features in [0, 1) (feature 2 holds codes 0..5 when `withCategory`) and label = f(row). */
export function labelledMatrix(
  rows: number,
  seed: number,
  label: (x: number[]) => number,
  withCategory = false,
): { matrix: FeatureMatrix; labels: Float64Array } {
  const rng = createRng(seed);
  const cols = 3;
  const data = new Float32Array(rows * cols);
  const labels = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const x = [rng(), rng(), withCategory ? rng.int(6) : rng()];
    data.set(x, r * cols);
    labels[r] = label(Array.from(data.subarray(r * cols, r * cols + cols)));
  }
  return { matrix: { data, rows, cols, names: ['a', 'b', 'c'], categories: [0, 0, withCategory ? 6 : 0] }, labels };
}
