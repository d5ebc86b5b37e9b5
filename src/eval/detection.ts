import { createRng, deriveSeed } from '../data/rng';
import type { ColumnSchema, Table } from '../data/types';
import { type FeatureMatrix, fitOneHotEncoder, fitTreeEncoder, selectRows, stackRows } from './features';
import { fitGbdt, type GbdtOptions } from './gbdt';
import { fitLogistic, type LogisticOptions } from './logistic';
import { type FitPredict, foldSplits, stratifiedFolds } from './out-of-fold';
import { rocAuc } from './prediction-scores';
import { capRows, rowCount } from './table-ops';

export interface DetectionResult {
  /** 1 - mean over folds of (max(0.5, AUC) * 2 - 1): 1 = indistinguishable, 0 = perfectly separated. */
  score: number;
  foldAucs: number[];
  /** Rows per side (real and synthetic are cut to the same size). */
  rowsPerSide: number;
}

/** SDMetrics' detection protocol: label real 1 and synthetic 0, k stratified folds, AUC per fold. */
export function detectionScore(real: FeatureMatrix, synthetic: FeatureMatrix, k: number, seed: number, fitPredict: FitPredict): DetectionResult {
  const features = stackRows(real, synthetic);
  const labels = new Float32Array(features.rows);
  labels.fill(1, 0, real.rows);
  const foldAucs = foldSplits(stratifiedFolds(labels, k, seed), k).map(({ fold, trainRows, testRows }) => {
    const p = fitPredict(
      selectRows(features, trainRows),
      Float32Array.from(trainRows, (r) => labels[r]),
      selectRows(features, testRows),
      deriveSeed(seed, fold + 1),
    );
    return rocAuc(
      p,
      Array.from(testRows, (r) => labels[r] === 1),
    );
  });
  const advantage = foldAucs.reduce((s, auc) => s + (Math.max(0.5, auc) * 2 - 1), 0) / k;
  return { score: 1 - advantage, foldAucs, rowsPerSide: real.rows };
}

export type Detector = { kind: 'logistic'; options: Partial<LogisticOptions> } | { kind: 'gbdt'; options: Partial<GbdtOptions> };

/**
 * C2ST of real vs synthetic, equal sizes, 3 folds. Logistic regression sees one-hot categoricals
 * and robust-scaled numerics (fit on both tables, as SDMetrics' transformer is); the boosted trees
 * see raw numerics and category codes.
 */
export function c2st(real: Table, synthetic: Table, columns: ColumnSchema[], detector: Detector, seed: number): DetectionResult {
  const rng = createRng(seed);
  const size = Math.min(rowCount(real), rowCount(synthetic));
  const r = capRows(real, size, rng, 'real').table;
  const s = capRows(synthetic, size, rng, 'synthetic').table;
  if (detector.kind === 'logistic') {
    const encode = fitOneHotEncoder(columns, [r, s], 'robust');
    return detectionScore(encode(r), encode(s), 3, seed, (x, y, test, foldSeed) => fitLogistic(x, y, { ...detector.options, seed: foldSeed }).predict(test));
  }
  const encode = fitTreeEncoder(columns, [r, s]);
  return detectionScore(encode(r), encode(s), 3, seed, (x, y, test, foldSeed) =>
    fitGbdt(x, y, { ...detector.options, loss: 'logistic', seed: foldSeed }).predict(test),
  );
}
