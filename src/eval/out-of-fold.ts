import { createRng, deriveSeed, permutation } from '../data/rng';
import { type FeatureMatrix, selectRows } from './features';

/** Fit on (train, labels) and return P(label 1) for each row of `test`. */
export type FitPredict = (train: FeatureMatrix, labels: Float32Array, test: FeatureMatrix, seed: number) => Float64Array;

/** Fold index per row, each class spread evenly over the k folds (shuffled by seed). */
export function stratifiedFolds(labels: ArrayLike<number>, k: number, seed: number): Int32Array {
  if (!Number.isInteger(k) || k < 2) throw new Error(`need k >= 2 folds, got ${k}`);
  if (labels.length < k) throw new Error(`need at least ${k} rows for ${k} folds, got ${labels.length}`);
  const rng = createRng(seed);
  const fold = new Int32Array(labels.length);
  const classes = [...new Set(Array.from(labels))].sort((a, b) => a - b);
  let next = 0;
  for (const c of classes) {
    const members: number[] = [];
    for (let i = 0; i < labels.length; i++) if (labels[i] === c) members.push(i);
    // Continue the round-robin across classes so small classes do not all start at fold 0.
    for (const j of permutation(members.length, rng)) fold[members[j]] = next++ % k;
  }
  return fold;
}

export interface FoldSplit {
  fold: number;
  trainRows: Int32Array;
  testRows: Int32Array;
}

export function foldSplits(folds: Int32Array, k: number): FoldSplit[] {
  return Array.from({ length: k }, (_, fold) => {
    const trainRows: number[] = [];
    const testRows: number[] = [];
    folds.forEach((f, i) => (f === fold ? testRows : trainRows).push(i));
    return { fold, trainRows: Int32Array.from(trainRows), testRows: Int32Array.from(testRows) };
  });
}

/**
 * P(label 1) for every row from a model that never saw that row: k stratified folds, each
 * scored by a model fit on the other k - 1. A forest scoring its own training rows would
 * memorise them (method.md §3), which is why rewards use this.
 */
export function outOfFoldProbabilities(features: FeatureMatrix, labels: ArrayLike<number>, k: number, seed: number, fitPredict: FitPredict): Float64Array {
  if (labels.length !== features.rows) throw new Error(`${features.rows} rows but ${labels.length} labels`);
  const out = new Float64Array(features.rows);
  for (const { fold, trainRows, testRows } of foldSplits(stratifiedFolds(labels, k, seed), k)) {
    const trainLabels = Float32Array.from(trainRows, (r) => labels[r]);
    const p = fitPredict(selectRows(features, trainRows), trainLabels, selectRows(features, testRows), deriveSeed(seed, fold + 1));
    testRows.forEach((r, i) => (out[r] = p[i]));
  }
  return out;
}
