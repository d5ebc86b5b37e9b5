import { fitLogistic } from './logistic';

const SCORE_CLIP = 1e-3;

const logit = (p: number) => {
  const q = Math.min(1 - SCORE_CLIP, Math.max(SCORE_CLIP, p));
  return Math.log(q / (1 - q));
};

/**
 * Platt scaling: maps a classifier's scores in [0, 1] to calibrated P(label 1) by a logistic
 * regression on the score's logit, fit on (score, label) pairs the classifier did not train on
 * (out-of-fold). Scores that carry no information get a flat map at the share of label 1; an
 * over-confident classifier's scores are pulled toward it, an under-confident one's pushed apart.
 * The map never decreases: scores that rank label 1 below label 0 out of fold (rows present under
 * both labels do that) are read as no information, a flat map, not as a reversed classifier.
 */
export function plattScaling(scores: ArrayLike<number>, labels: ArrayLike<number>, seed: number): (score: number) => number {
  const data = Float32Array.from(scores, logit);
  const model = fitLogistic({ data, rows: data.length, cols: 1, names: ['score logit'] }, labels, { seed, epochs: 40, learningRate: 0.05, l2: 0 });
  if (model.weights[0] <= 0) {
    const share = Array.from(labels).reduce((sum, label) => sum + label, 0) / labels.length;
    return () => share;
  }
  const [slope] = model.weights;
  return (score) => 1 / (1 + Math.exp(-(slope * logit(score) + model.bias)));
}
