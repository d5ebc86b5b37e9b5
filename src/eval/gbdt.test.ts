import { describe, expect, it } from 'vitest';
import { fitGbdt } from './gbdt';
import { fitLogistic } from './logistic';
import { rmse, rocAuc } from './prediction-scores';
import { labelledMatrix } from './test-matrices';

const xor = (x: number[]) => (x[0] > 0.5 !== x[1] > 0.5 ? 1 : 0);
const isOne = (labels: Float64Array) => Array.from(labels, (y) => y === 1);

describe('fitGbdt', () => {
  it('learns an interaction a linear model cannot (XOR of two thresholds)', () => {
    const train = labelledMatrix(2000, 1, xor);
    const test = labelledMatrix(1000, 2, xor);
    const auc = rocAuc(fitGbdt(train.matrix, train.labels, { nTrees: 30, maxDepth: 3 }).predict(test.matrix), isOne(test.labels));
    const linear = rocAuc(fitLogistic(train.matrix, train.labels).predict(test.matrix), isOne(test.labels));
    // Noise-free labels: the trees should be near perfect, the logistic model near chance.
    expect(auc).toBeGreaterThan(0.98);
    expect(linear).toBeLessThan(0.6);
  });

  it('splits a categorical feature on a set of codes: one depth-1 tree separates codes {1, 3, 5}', () => {
    const rule = (x: number[]) => (x[2] % 2 === 1 ? 1 : 0);
    const train = labelledMatrix(1200, 3, rule, true);
    const test = labelledMatrix(600, 4, rule, true);
    const model = fitGbdt(train.matrix, train.labels, { nTrees: 1, maxDepth: 1, learningRate: 1 });
    // A threshold on codes cannot isolate the odd codes in one split; a category set can.
    expect(rocAuc(model.predict(test.matrix), isOne(test.labels))).toBe(1);
  });

  it('fits a smooth function with the squared loss', () => {
    const f = (x: number[]) => Math.sin(6 * x[0]) + 2 * x[1];
    const train = labelledMatrix(3000, 5, f);
    const test = labelledMatrix(1000, 6, f);
    const predicted = fitGbdt(train.matrix, train.labels, { loss: 'squared', nTrees: 150, maxDepth: 4 }).predict(test.matrix);
    // The target's standard deviation is about 0.9; 64 bins per feature leave a step error of ~0.05.
    expect(rmse(predicted, test.labels)).toBeLessThan(0.12);
  });

  it('treats NaN as missing and can split on it', () => {
    const train = labelledMatrix(1000, 7, () => 0);
    for (let r = 0; r < train.matrix.rows; r += 2) {
      train.matrix.data[r * 3] = NaN;
      train.labels[r] = 1;
    }
    const p = fitGbdt(train.matrix, train.labels, { nTrees: 20, maxDepth: 1 }).predict(train.matrix);
    expect(p[0]).toBeGreaterThan(0.9);
    expect(p[1]).toBeLessThan(0.1);
  });

  it('stops early on labels that are pure noise, and is deterministic per seed', () => {
    const noise = labelledMatrix(1500, 8, () => 0);
    noise.labels.forEach((_, i) => (noise.labels[i] = (i * 2654435761) % 7 < 3 ? 1 : 0));
    const options = { nTrees: 300, maxDepth: 4, earlyStopping: { validationFraction: 0.2, patience: 10 }, seed: 3 };
    const a = fitGbdt(noise.matrix, noise.labels, options);
    expect(a.treeCount).toBeLessThan(60);
    const b = fitGbdt(noise.matrix, noise.labels, options);
    expect(Array.from(b.predict(noise.matrix))).toEqual(Array.from(a.predict(noise.matrix)));
  });
});
