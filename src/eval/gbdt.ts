import { createRng, permutation, type Rng, sampleIndices } from '../data/rng';
import type { FeatureMatrix } from './features';
import { type Binned, fitBinner, growTree, predictTree, type Tree } from './hist-tree';

export interface GbdtOptions {
  loss: 'logistic' | 'squared';
  nTrees: number;
  maxDepth: number;
  learningRate: number;
  lambda: number;
  minChildWeight: number;
  minSamplesLeaf: number;
  maxBins: number;
  /** Share of rows drawn (without replacement) for each tree; 1 = all rows. */
  rowSubsample: number;
  /** Hold out a share of the rows and stop after `patience` trees without a better validation loss. */
  earlyStopping?: { validationFraction: number; patience: number };
  seed: number;
}

export const GBDT_DEFAULTS: GbdtOptions = {
  loss: 'logistic',
  nTrees: 100,
  maxDepth: 5,
  learningRate: 0.1,
  lambda: 1,
  minChildWeight: 1e-3,
  minSamplesLeaf: 10,
  maxBins: 64,
  rowSubsample: 1,
  seed: 0,
};

export interface GbdtModel {
  /** Trees kept (fewer than asked when early stopping fired). */
  treeCount: number;
  /** P(y = 1) for the logistic loss, the prediction for the squared loss. */
  predict(matrix: FeatureMatrix): Float64Array;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

function loss(kind: GbdtOptions['loss'], y: number, raw: number): number {
  if (kind === 'squared') return (raw - y) ** 2;
  // log(1 + e^z) - y z, written to stay finite for large |z|.
  return Math.max(raw, 0) + Math.log1p(Math.exp(-Math.abs(raw))) - y * raw;
}

/** Histogram gradient-boosted trees: logistic loss (labels 0/1) or squared loss. */
export function fitGbdt(matrix: FeatureMatrix, labels: ArrayLike<number>, options: Partial<GbdtOptions> = {}): GbdtModel {
  const o = { ...GBDT_DEFAULTS, ...options };
  if (labels.length !== matrix.rows) throw new Error(`fitGbdt: ${matrix.rows} rows but ${labels.length} labels`);
  if (!matrix.rows) throw new Error('fitGbdt: no training rows');
  const rng = createRng(o.seed);
  const binner = fitBinner(matrix, o.maxBins);
  const binned = binner.transform(matrix);
  const n = matrix.rows;

  let fitRows = Int32Array.from({ length: n }, (_, i) => i);
  let validRows = new Int32Array(0);
  if (o.earlyStopping && n >= 20) {
    const order = permutation(n, rng);
    const nValid = Math.max(1, Math.round(n * o.earlyStopping.validationFraction));
    validRows = order.slice(0, nValid).sort();
    fitRows = order.slice(nValid).sort();
  }

  let mean = 0;
  for (const r of fitRows) mean += labels[r];
  mean /= fitRows.length;
  const base = o.loss === 'logistic' ? Math.log(clampProbability(mean) / (1 - clampProbability(mean))) : mean;

  const raw = new Float64Array(n).fill(base);
  const grad = new Float64Array(n);
  const hess = new Float64Array(n);
  const trees: Tree[] = [];
  let bestLoss = Infinity;
  let bestCount = 0;
  const treeParams = {
    maxDepth: o.maxDepth,
    minSamplesLeaf: o.minSamplesLeaf,
    minChildWeight: o.minChildWeight,
    lambda: o.lambda,
    featuresPerSplit: matrix.cols,
  };

  for (let t = 0; t < o.nTrees; t++) {
    for (const r of fitRows) {
      if (o.loss === 'logistic') {
        const p = sigmoid(raw[r]);
        grad[r] = p - labels[r];
        hess[r] = Math.max(p * (1 - p), 1e-12);
      } else {
        grad[r] = raw[r] - labels[r];
        hess[r] = 1;
      }
    }
    const rows = o.rowSubsample < 1 ? pick(fitRows, Math.max(1, Math.round(fitRows.length * o.rowSubsample)), rng) : fitRows;
    const tree = growTree(binned, binner, grad, hess, rows, treeParams, rng);
    tree.value.forEach((v, i) => (tree.value[i] = v * o.learningRate));
    trees.push(tree);
    for (let r = 0; r < n; r++) raw[r] += predictTree(tree, binned, r);

    if (validRows.length) {
      let total = 0;
      for (const r of validRows) total += loss(o.loss, labels[r], raw[r]);
      if (total < bestLoss) {
        bestLoss = total;
        bestCount = trees.length;
      } else if (trees.length - bestCount >= o.earlyStopping!.patience) break;
    } else bestCount = trees.length;
  }
  trees.length = bestCount;

  return {
    treeCount: trees.length,
    predict(m) {
      const b = binner.transform(m);
      const out = new Float64Array(m.rows);
      for (let r = 0; r < m.rows; r++) out[r] = rawScore(trees, b, r, base);
      if (o.loss === 'logistic') for (let r = 0; r < m.rows; r++) out[r] = sigmoid(out[r]);
      return out;
    },
  };
}

function rawScore(trees: Tree[], binned: Binned, row: number, base: number): number {
  let sum = base;
  for (const tree of trees) sum += predictTree(tree, binned, row);
  return sum;
}

function clampProbability(p: number): number {
  return Math.min(Math.max(p, 1e-6), 1 - 1e-6);
}

function pick(rows: Int32Array, k: number, rng: Rng): Int32Array {
  const chosen = sampleIndices(rows.length, k, rng);
  return chosen.map((i) => rows[i]);
}
