import { createRng, permutation } from '../data/rng';
import type { FeatureMatrix } from './features';

export interface LogisticOptions {
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** L2 penalty on the weights (not the bias), per row. */
  l2: number;
  seed: number;
}

export const LOGISTIC_DEFAULTS: LogisticOptions = { epochs: 20, batchSize: 128, learningRate: 0.02, l2: 1e-4, seed: 0 };

export interface LogisticModel {
  weights: Float64Array;
  bias: number;
  /** P(y = 1). */
  predict(matrix: FeatureMatrix): Float64Array;
}

/** Logistic regression (labels 0/1) by minibatch Adam, rows shuffled each epoch by seed. */
export function fitLogistic(matrix: FeatureMatrix, labels: ArrayLike<number>, options: Partial<LogisticOptions> = {}): LogisticModel {
  const o = { ...LOGISTIC_DEFAULTS, ...options };
  const { rows, cols, data } = matrix;
  if (labels.length !== rows) throw new Error(`fitLogistic: ${rows} rows but ${labels.length} labels`);
  if (!rows) throw new Error('fitLogistic: no training rows');
  const rng = createRng(o.seed);
  const params = new Float64Array(cols + 1); // weights, then the bias
  const m = new Float64Array(cols + 1);
  const v = new Float64Array(cols + 1);
  const grad = new Float64Array(cols + 1);
  const beta1 = 0.9;
  const beta2 = 0.999;
  let step = 0;
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    const order = permutation(rows, rng);
    for (let start = 0; start < rows; start += o.batchSize) {
      const end = Math.min(start + o.batchSize, rows);
      grad.fill(0);
      for (let i = start; i < end; i++) {
        const r = order[i];
        const base = r * cols;
        let z = params[cols];
        for (let f = 0; f < cols; f++) z += params[f] * data[base + f];
        const error = 1 / (1 + Math.exp(-z)) - labels[r];
        for (let f = 0; f < cols; f++) grad[f] += error * data[base + f];
        grad[cols] += error;
      }
      const scale = 1 / (end - start);
      step++;
      const correction1 = 1 - beta1 ** step;
      const correction2 = 1 - beta2 ** step;
      for (let f = 0; f <= cols; f++) {
        const g = grad[f] * scale + (f < cols ? o.l2 * params[f] : 0);
        m[f] = beta1 * m[f] + (1 - beta1) * g;
        v[f] = beta2 * v[f] + (1 - beta2) * g * g;
        params[f] -= (o.learningRate * (m[f] / correction1)) / (Math.sqrt(v[f] / correction2) + 1e-8);
      }
    }
  }
  const weights = params.slice(0, cols);
  const bias = params[cols];
  return {
    weights,
    bias,
    predict(x) {
      if (x.cols !== cols) throw new Error(`expected ${cols} features, got ${x.cols}`);
      const out = new Float64Array(x.rows);
      for (let r = 0; r < x.rows; r++) {
        let z = bias;
        for (let f = 0; f < cols; f++) z += weights[f] * x.data[r * cols + f];
        out[r] = 1 / (1 + Math.exp(-z));
      }
      return out;
    },
  };
}
