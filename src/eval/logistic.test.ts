import { describe, expect, it } from 'vitest';
import { fitLogistic } from './logistic';
import { rocAuc } from './prediction-scores';
import { labelledMatrix } from './test-matrices';

describe('fitLogistic', () => {
  it('recovers the direction of a linear rule', () => {
    const rule = (x: number[]) => (2 * x[0] - x[1] > 0.5 ? 1 : 0);
    const train = labelledMatrix(3000, 1, rule);
    const test = labelledMatrix(1000, 2, rule);
    const model = fitLogistic(train.matrix, train.labels, { epochs: 40, learningRate: 0.05 });
    expect(model.weights[0]).toBeGreaterThan(0);
    expect(model.weights[1]).toBeLessThan(0);
    // The weight ratio should approach the boundary's -2 (feature c is irrelevant: small weight).
    expect(model.weights[0] / model.weights[1]).toBeCloseTo(-2, 0);
    expect(Math.abs(model.weights[2])).toBeLessThan(0.2 * Math.abs(model.weights[0]));
    expect(
      rocAuc(
        model.predict(test.matrix),
        Array.from(test.labels, (y) => y === 1),
      ),
    ).toBeGreaterThan(0.99);
  });

  it('is deterministic per seed', () => {
    const { matrix, labels } = labelledMatrix(500, 3, (x) => (x[0] > 0.5 ? 1 : 0));
    expect(Array.from(fitLogistic(matrix, labels, { seed: 4 }).weights)).toEqual(Array.from(fitLogistic(matrix, labels, { seed: 4 }).weights));
  });
});
