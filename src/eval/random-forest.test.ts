import { describe, expect, it } from 'vitest';
import { outOfFoldProbabilities, stratifiedFolds } from './out-of-fold';
import { rocAuc } from './prediction-scores';
import { fitRandomForest } from './random-forest';
import { labelledMatrix } from './test-matrices';

const isOne = (labels: ArrayLike<number>) => Array.from(labels, (y) => y === 1);
const forest = { nTrees: 30, seed: 1 };

describe('fitRandomForest', () => {
  it('learns a nonlinear rule and returns probabilities in [0, 1]', () => {
    const rule = (x: number[]) => ((x[0] - 0.5) ** 2 + (x[1] - 0.5) ** 2 < 0.09 ? 1 : 0);
    const train = labelledMatrix(2000, 1, rule);
    const test = labelledMatrix(1000, 2, rule);
    const p = fitRandomForest(train.matrix, train.labels, forest).predict(test.matrix);
    expect(p.every((v) => v >= 0 && v <= 1)).toBe(true);
    expect(rocAuc(p, isOne(test.labels))).toBeGreaterThan(0.97);
  });

  it('is deterministic per seed and differs across seeds', () => {
    const { matrix, labels } = labelledMatrix(500, 3, (x) => (x[0] > x[1] ? 1 : 0));
    const a = fitRandomForest(matrix, labels, forest).predict(matrix);
    expect(Array.from(fitRandomForest(matrix, labels, forest).predict(matrix))).toEqual(Array.from(a));
    expect(Array.from(fitRandomForest(matrix, labels, { ...forest, seed: 2 }).predict(matrix))).not.toEqual(Array.from(a));
  });
});

describe('outOfFoldProbabilities', () => {
  it('does not let a forest score rows it memorised: on random labels in-sample AUC is high, out-of-fold ~0.5', () => {
    const { matrix, labels } = labelledMatrix(1000, 4, () => 0);
    labels.forEach((_, i) => (labels[i] = (i * 2654435761) % 2));
    const fitPredict = (x: typeof matrix, y: Float32Array, test: typeof matrix, seed: number) => fitRandomForest(x, y, { ...forest, seed }).predict(test);
    const inSample = rocAuc(fitRandomForest(matrix, labels, forest).predict(matrix), isOne(labels));
    const outOfFold = rocAuc(outOfFoldProbabilities(matrix, labels, 3, 5, fitPredict), isOne(labels));
    expect(inSample).toBeGreaterThan(0.9);
    // 1000 rows: the AUC of a score unrelated to the labels has standard error ~0.018; 0.07 is ~4 SE.
    expect(Math.abs(outOfFold - 0.5)).toBeLessThan(0.07);
  });

  it('stratifies: every fold gets its share of each class', () => {
    const labels = Array.from({ length: 30 }, (_, i) => (i < 9 ? 1 : 0));
    const folds = stratifiedFolds(labels, 3, 1);
    for (let f = 0; f < 3; f++) {
      expect(labels.filter((y, i) => y === 1 && folds[i] === f)).toHaveLength(3);
      expect(labels.filter((y, i) => y === 0 && folds[i] === f)).toHaveLength(7);
    }
  });
});
