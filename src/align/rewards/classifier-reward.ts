import { createRng, pickDistinct } from '../../data/rng';
import { takeRows } from '../../data/split';
import type { Table } from '../../data/types';
import { fitTreeEncoder, stackRows } from '../../eval/features';
import { outOfFoldProbabilities } from '../../eval/out-of-fold';
import { rocAuc } from '../../eval/prediction-scores';
import { fitRandomForest } from '../../eval/random-forest';
import { evaluationColumns, rowCount } from '../../eval/table-ops';
import type { Reward, RewardContext } from './reward';

const FOLDS = 3;
const FOREST = { nTrees: 60, maxDepth: 12, minSamplesLeaf: 2, maxBins: 32 };

/** Out-of-fold P(real) of this round's synthetic rows, and the forest's AUC at telling them from real rows. */
export interface ClassifierOutOfFold {
  syntheticPReal: Float64Array;
  /** Out-of-fold ROC AUC of real (positive) vs synthetic: 0.5 = the forest cannot tell, the reward is uninformative. */
  auc: number;
}

/** Fits the reward's forest k-fold on real training rows (label 1) vs the round's rows (label 0). */
export async function classifierOutOfFold(rows: Table, { train, schema, seed }: RewardContext): Promise<ClassifierOutOfFold> {
  const n = rowCount(rows);
  const realRows = pickDistinct(rowCount(train), n, createRng(seed ^ 0x5eed));
  const real = takeRows(train, realRows);
  const columns = evaluationColumns(schema, { synthetic: rows, train: real });
  const encode = fitTreeEncoder(columns, [real, rows]);
  const features = stackRows(encode(real), encode(rows));
  const labels = Float32Array.from({ length: realRows.length + n }, (_, i) => (i < realRows.length ? 1 : 0));
  const p = outOfFoldProbabilities(features, labels, FOLDS, seed, (x, y, test, foldSeed) => fitRandomForest(x, y, { ...FOREST, seed: foldSeed }).predict(test));
  return {
    syntheticPReal: p.slice(realRows.length),
    auc: rocAuc(
      p,
      Array.from(labels, (l) => l === 1),
    ),
  };
}

/**
 * The paper's reward: a random forest (as in the reference code; evaluation uses logistic
 * regression and boosted trees, so the scorer is not the judge) tells real training rows from this
 * round's synthetic rows. Probabilities are out-of-fold, so no row is scored by trees that saw it.
 * s = 1 − 2·|0.5 − P(real)|: 1 where the forest cannot tell.
 */
export const classifierReward: Reward = {
  description: `classifier: ${FOREST.nTrees}-tree random forest, ${FOLDS}-fold out-of-fold P(real), s = 1 - 2|0.5 - p|`,
  async score(rows, context) {
    return (await classifierOutOfFold(rows, context)).syntheticPReal.map((p) => 1 - 2 * Math.abs(0.5 - p));
  },
};
