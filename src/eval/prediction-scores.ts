/** Scores of predictions against truth: AUC (Mann-Whitney, ties counted half), F1, accuracy, RMSE, R². */

/** Area under the ROC curve of `scores` for `positive` (true = positive). 0.5 when one class is absent. */
export function rocAuc(scores: ArrayLike<number>, positive: ArrayLike<boolean>): number {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let rankSumPositive = 0;
  let nPositive = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && scores[order[j + 1]] === scores[order[i]]) j++;
    const averageRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (positive[order[k]]) {
        rankSumPositive += averageRank;
        nPositive++;
      }
    }
    i = j + 1;
  }
  const nNegative = n - nPositive;
  if (!nPositive || !nNegative) return 0.5;
  return (rankSumPositive - (nPositive * (nPositive + 1)) / 2) / (nPositive * nNegative);
}

export function accuracy(predicted: ArrayLike<number>, truth: ArrayLike<number>): number {
  let hits = 0;
  for (let i = 0; i < truth.length; i++) if (predicted[i] === truth[i]) hits++;
  return truth.length ? hits / truth.length : 0;
}

/** Unweighted mean of per-class F1 over the classes 0..classCount-1 that occur in truth or prediction (scikit-learn's 'macro'). */
export function macroF1(predicted: ArrayLike<number>, truth: ArrayLike<number>, classCount: number): number {
  let sum = 0;
  let counted = 0;
  for (let c = 0; c < classCount; c++) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let i = 0; i < truth.length; i++) {
      if (predicted[i] === c && truth[i] === c) tp++;
      else if (predicted[i] === c) fp++;
      else if (truth[i] === c) fn++;
    }
    if (tp + fp + fn === 0) continue;
    counted++;
    sum += (2 * tp) / (2 * tp + fp + fn);
  }
  return counted ? sum / counted : 0;
}

export function rmse(predicted: ArrayLike<number>, truth: ArrayLike<number>): number {
  let ss = 0;
  for (let i = 0; i < truth.length; i++) ss += (predicted[i] - truth[i]) ** 2;
  return Math.sqrt(ss / truth.length);
}

export function rSquared(predicted: ArrayLike<number>, truth: ArrayLike<number>): number {
  let mean = 0;
  for (let i = 0; i < truth.length; i++) mean += truth[i];
  mean /= truth.length;
  let ssResidual = 0;
  let ssTotal = 0;
  for (let i = 0; i < truth.length; i++) {
    ssResidual += (predicted[i] - truth[i]) ** 2;
    ssTotal += (truth[i] - mean) ** 2;
  }
  return ssTotal > 0 ? 1 - ssResidual / ssTotal : 0;
}
