import { deriveSeed } from '../data/rng';
import type { Cell, ColumnSchema, Table, Task } from '../data/types';
import { categoryDictionary, type FeatureMatrix, fitTreeEncoder, isPresent, selectRows } from './features';
import { fitGbdt, type GbdtOptions } from './gbdt';
import { accuracy, macroF1, rmse, rocAuc, rSquared } from './prediction-scores';
import { columnOf } from './table-ops';

export interface UtilityScores {
  /** Binary classification only: AUC of P(positive class). */
  auc?: number;
  f1?: number;
  accuracy?: number;
  rmse?: number;
  r2?: number;
}

export interface UtilityResult {
  task: Task;
  target: string;
  /** The headline metric: 'auc' (binary), 'f1' (multi-class, macro) or 'rmse'. */
  primary: keyof UtilityScores;
  /** Trained on synthetic rows, tested on the real holdout. */
  synthetic: UtilityScores;
  /** The same model trained on real train rows: the reference. */
  real: UtilityScores;
  classes?: string[];
  positiveClass?: string;
  notes: string[];
}

/** One-vs-rest fits one model per class; beyond this a target is not a class label. */
const MAX_CLASSES = 100;

interface Labelled {
  features: FeatureMatrix;
  labels: Float64Array;
  dropped: number;
}

/** Features (every column but the target) and labels, skipping rows whose target is missing or unknown. */
function labelled(table: Table, encode: (t: Table) => FeatureMatrix, target: string, toLabel: (cell: Cell) => number | undefined): Labelled {
  const cells = columnOf(table, target, 'given');
  const rows: number[] = [];
  const labels: number[] = [];
  cells.forEach((cell, r) => {
    const label = isPresent(cell) ? toLabel(cell) : undefined;
    if (label !== undefined) {
      rows.push(r);
      labels.push(label);
    }
  });
  const all = encode(table);
  return { features: rows.length === all.rows ? all : selectRows(all, rows), labels: Float64Array.from(labels), dropped: cells.length - rows.length };
}

/** MLE (TSTR): gradient-boosted trees trained on synthetic and on real train, both tested on the real holdout. */
export function utility(
  train: Table,
  holdout: Table,
  synthetic: Table,
  columns: ColumnSchema[],
  target: string,
  task: Task,
  gbdt: Partial<GbdtOptions>,
  seed: number,
): UtilityResult {
  const targetColumn = columns.find((c) => c.name === target);
  if (!targetColumn) throw new Error(`target column "${target}" is not among the evaluated columns (${columns.map((c) => c.name).join(', ')})`);
  const featureColumns = columns.filter((c) => c.name !== target);
  if (!featureColumns.length) throw new Error('MLE needs at least one column besides the target');
  const encode = fitTreeEncoder(featureColumns, [train, holdout, synthetic]);
  const notes: string[] = [];

  if (task === 'regression') {
    if (targetColumn.kind !== 'numeric') throw new Error(`target "${target}" is categorical; use --task classification`);
    const toNumber = (cell: Cell) => Number(cell);
    const [syn, real, test] = [synthetic, train, holdout].map((t) => labelled(t, encode, target, toNumber));
    noteDropped(notes, { synthetic: syn, train: real, holdout: test });
    const score = (fit: Labelled, salt: number): UtilityScores => {
      if (!fit.labels.length) throw new Error(`no rows with a ${target} value to train on`);
      const predicted = fitGbdt(fit.features, fit.labels, { ...gbdt, loss: 'squared', seed: deriveSeed(seed, salt) }).predict(test.features);
      return { rmse: rmse(predicted, test.labels), r2: rSquared(predicted, test.labels) };
    };
    return { task, target, primary: 'rmse', synthetic: score(syn, 1), real: score(real, 2), notes };
  }

  const classes = [...categoryDictionary(targetColumn, [train]).keys()];
  if (classes.length < 2) throw new Error(`target "${target}" has ${classes.length} class in the train table; classification needs at least 2`);
  if (classes.length > MAX_CLASSES) {
    throw new Error(
      `target "${target}" has ${classes.length} distinct values, too many classes (at most ${MAX_CLASSES}); for a numeric target use --task regression`,
    );
  }
  const classIndex = new Map(classes.map((c, i) => [c, i]));
  const toClass = (cell: Cell) => classIndex.get(String(cell));
  const [syn, real, test] = [synthetic, train, holdout].map((t) => labelled(t, encode, target, toClass));
  noteDropped(notes, { synthetic: syn, train: real, holdout: test });
  const binary = classes.length === 2;
  const counts = classes.map((_, c) => real.labels.filter((y) => y === c).length);
  // Binary: the rarer class is "positive" (AUC does not depend on the choice; F1/accuracy use threshold 0.5).
  const positive = binary ? (counts[1] <= counts[0] ? 1 : 0) : -1;

  const score = (fit: Labelled, salt: number): UtilityScores => {
    if (!fit.labels.length) throw new Error(`no rows with a known ${target} class to train on`);
    // One model per class (one-vs-rest); binary needs only the positive one.
    const modelled = binary ? [positive] : classes.map((_, c) => c);
    const probabilities = modelled.map((c) =>
      fitGbdt(
        fit.features,
        Float64Array.from(fit.labels, (y) => (y === c ? 1 : 0)),
        { ...gbdt, loss: 'logistic', seed: deriveSeed(seed, salt * 100 + c) },
      ).predict(test.features),
    );
    const predicted = Float64Array.from(test.labels, (_, r) => {
      if (binary) return probabilities[0][r] >= 0.5 ? positive : 1 - positive;
      let best = 0;
      for (let c = 1; c < classes.length; c++) if (probabilities[c][r] > probabilities[best][r]) best = c;
      return best;
    });
    const scores: UtilityScores = { f1: macroF1(predicted, test.labels, classes.length), accuracy: accuracy(predicted, test.labels) };
    if (binary)
      scores.auc = rocAuc(
        probabilities[0],
        Array.from(test.labels, (y) => y === positive),
      );
    return scores;
  };
  return {
    task,
    target,
    primary: binary ? 'auc' : 'f1',
    synthetic: score(syn, 1),
    real: score(real, 2),
    classes,
    ...(binary ? { positiveClass: classes[positive] } : {}),
    notes,
  };
}

function noteDropped(notes: string[], sets: Record<string, Labelled>): void {
  for (const [name, set] of Object.entries(sets)) {
    if (set.dropped) notes.push(`MLE: ${set.dropped} ${name} rows skipped (target missing or a class absent from train)`);
  }
}
