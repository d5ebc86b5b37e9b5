import { createRng, pickDistinct } from '../../data/rng';
import { takeRows } from '../../data/split';
import type { Table } from '../../data/types';
import { fitTreeEncoder, stackRows } from '../../eval/features';
import { fitGbdt } from '../../eval/gbdt';
import { type FitPredict, outOfFoldProbabilities } from '../../eval/out-of-fold';
import { plattScaling } from '../../eval/platt';
import { rocAuc } from '../../eval/prediction-scores';
import { fitRandomForest } from '../../eval/random-forest';
import { evaluationColumns, rowCount } from '../../eval/table-ops';
import type { Reward, RewardContext } from './reward';

const FOLDS = 3;
const FOREST = { nTrees: 60, maxDepth: 12, minSamplesLeaf: 2, maxBins: 32 };
/** Shallower and fewer trees than the evaluator's boosted detector (200 trees of depth 6), so the scorer is not the judge's twin. */
const BOOSTED = { nTrees: 100, maxDepth: 4, learningRate: 0.1 };

export type RealnessModel = 'forest' | 'boosted';

const FIT_PREDICT: Record<RealnessModel, FitPredict> = {
  forest: (x, y, test, foldSeed) => fitRandomForest(x, y, { ...FOREST, seed: foldSeed }).predict(test),
  boosted: (x, y, test, foldSeed) => fitGbdt(x, y, { ...BOOSTED, loss: 'logistic', seed: foldSeed }).predict(test),
};

/** Out-of-fold P(real) of this round's synthetic rows, and the classifier's AUC at telling them from real rows. */
export interface ClassifierOutOfFold {
  syntheticPReal: Float64Array;
  /** The same, Platt-scaled on the out-of-fold scores of every row (eval/platt.ts): flat where the classifier cannot tell. */
  calibratedSyntheticPReal: Float64Array;
  /** Out-of-fold ROC AUC of real (positive) vs synthetic: 0.5 = the classifier cannot tell, the reward is uninformative. */
  auc: number;
}

/** Fits the reward's classifier k-fold on real training rows (label 1) vs the round's rows (label 0). */
export async function classifierOutOfFold(model: RealnessModel, rows: Table, { train, schema, seed }: RewardContext): Promise<ClassifierOutOfFold> {
  const n = rowCount(rows);
  const realRows = pickDistinct(rowCount(train), n, createRng(seed ^ 0x5eed));
  const real = takeRows(train, realRows);
  const columns = evaluationColumns(schema, { synthetic: rows, train: real });
  const encode = fitTreeEncoder(columns, [real, rows]);
  const features = stackRows(encode(real), encode(rows));
  const labels = Float32Array.from({ length: realRows.length + n }, (_, i) => (i < realRows.length ? 1 : 0));
  const p = outOfFoldProbabilities(features, labels, FOLDS, seed, FIT_PREDICT[model]);
  const syntheticPReal = p.slice(realRows.length);
  return {
    syntheticPReal,
    calibratedSyntheticPReal: syntheticPReal.map(plattScaling(p, labels, seed)),
    auc: rocAuc(
      p,
      Array.from(labels, (l) => l === 1),
    ),
  };
}

/**
 * How a row's out-of-fold P(real) becomes its score. 'unsure' is the paper's s = 1 − 2·|0.5 − p|: 1
 * where the classifier cannot tell, low both for rows it finds fake and for rows it finds more real
 * than real rows. 'real' is the calibrated P(real) itself: p/(1 − p) estimates the density ratio of
 * real to synthetic rows (what `resample` draws by), so the rows the model under-produces rank
 * highest, and a classifier that cannot tell gives every row the same score.
 */
export type RealnessShape = 'unsure' | 'real';

function realnessScores(shape: RealnessShape, { syntheticPReal, calibratedSyntheticPReal }: ClassifierOutOfFold): Float64Array {
  return shape === 'real' ? calibratedSyntheticPReal : syntheticPReal.map((p) => 1 - 2 * Math.abs(0.5 - p));
}

/** A reward read off an out-of-fold real-vs-synthetic classifier; the per-round diagnostics also want that classifier's AUC. */
export interface ClassifierReward extends Reward {
  model: RealnessModel;
  scoreWithAuc(rows: Table, context: RewardContext): Promise<{ rewards: Float64Array; auc: number }>;
}

function classifierRewardOf(model: RealnessModel, shape: RealnessShape, description: string): ClassifierReward {
  const scoreWithAuc = async (rows: Table, context: RewardContext) => {
    const outOfFold = await classifierOutOfFold(model, rows, context);
    return { rewards: realnessScores(shape, outOfFold), auc: outOfFold.auc };
  };
  return {
    model,
    description,
    scoreWithAuc,
    async score(rows, context) {
      return (await scoreWithAuc(rows, context)).rewards;
    },
  };
}

/**
 * The paper's reward: a random forest (as in the reference code; evaluation uses logistic
 * regression and boosted trees, so the scorer is not the judge) tells real training rows from this
 * round's synthetic rows. Probabilities are out-of-fold, so no row is scored by trees that saw it.
 */
export const classifierReward = classifierRewardOf(
  'forest',
  'unsure',
  `classifier: ${FOREST.nTrees}-tree random forest, ${FOLDS}-fold out-of-fold P(real), s = 1 - 2|0.5 - p|`,
);

/** The same with gradient-boosted trees (issue 15, item 4: a stronger, better-calibrated scorer than the forest). */
export const boostedClassifierReward = classifierRewardOf(
  'boosted',
  'unsure',
  `classifier-gbdt: ${BOOSTED.nTrees} boosted trees of depth ${BOOSTED.maxDepth}, ${FOLDS}-fold out-of-fold P(real), s = 1 - 2|0.5 - p|`,
);

/** The forest's calibrated P(real) (issue 15, item 4, reward shaping): rows that look more real than average are not penalised. */
export const realnessReward = classifierRewardOf(
  'forest',
  'real',
  `realness: ${FOREST.nTrees}-tree random forest, ${FOLDS}-fold out-of-fold P(real), Platt-calibrated, s = p`,
);
