import { createRng } from '../data/rng';
import type { FeatureMatrix } from './features';
import { fitBinner, growTree, predictTree, type Tree } from './hist-tree';

export interface RandomForestOptions {
  nTrees: number;
  maxDepth: number;
  minSamplesLeaf: number;
  maxBins: number;
  /** Features tried per split; default ceil(sqrt(features)), as in scikit-learn's classifier. */
  featuresPerSplit?: number;
  seed: number;
}

export const RANDOM_FOREST_DEFAULTS: RandomForestOptions = { nTrees: 100, maxDepth: 16, minSamplesLeaf: 1, maxBins: 64, seed: 0 };

export interface RandomForestModel {
  /** Mean over trees of the leaf's share of label 1: P(y = 1). */
  predict(matrix: FeatureMatrix): Float64Array;
}

/**
 * Random forest classifier (labels 0/1): each tree grows on a bootstrap sample, trying a fresh
 * random subset of features at every split. With grad = -y, hess = 1 and no L2 penalty the
 * shared tree maximises the between-children variance of y, i.e. the Gini decrease, and a leaf
 * holds the mean label of its rows.
 */
export function fitRandomForest(matrix: FeatureMatrix, labels: ArrayLike<number>, options: Partial<RandomForestOptions> = {}): RandomForestModel {
  const o = { ...RANDOM_FOREST_DEFAULTS, ...options };
  if (labels.length !== matrix.rows) throw new Error(`fitRandomForest: ${matrix.rows} rows but ${labels.length} labels`);
  if (!matrix.rows) throw new Error('fitRandomForest: no training rows');
  const rng = createRng(o.seed);
  const binner = fitBinner(matrix, o.maxBins);
  const binned = binner.transform(matrix);
  const n = matrix.rows;
  const grad = Float64Array.from(labels, (y) => -y);
  const hess = new Float64Array(n).fill(1);
  const params = {
    maxDepth: o.maxDepth,
    minSamplesLeaf: o.minSamplesLeaf,
    minChildWeight: 0,
    lambda: 0,
    featuresPerSplit: o.featuresPerSplit ?? Math.ceil(Math.sqrt(matrix.cols)),
  };
  const trees: Tree[] = [];
  for (let t = 0; t < o.nTrees; t++) {
    const bootstrap = new Int32Array(n);
    for (let i = 0; i < n; i++) bootstrap[i] = rng.int(n);
    trees.push(growTree(binned, binner, grad, hess, bootstrap, params, rng));
  }
  return {
    predict(m) {
      const b = binner.transform(m);
      const out = new Float64Array(m.rows);
      for (let r = 0; r < m.rows; r++) {
        let sum = 0;
        for (const tree of trees) sum += predictTree(tree, b, r);
        out[r] = sum / trees.length;
      }
      return out;
    },
  };
}
