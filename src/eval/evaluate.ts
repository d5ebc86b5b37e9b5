import { createRng, deriveSeed } from '../data/rng';
import type { Schema, Table, Task } from '../data/types';
import { c2st, type DetectionResult } from './detection';
import type { GbdtOptions } from './gbdt';
import type { LogisticOptions } from './logistic';
import type { EvalMetrics } from './metrics';
import { cpuNearest, type NearestKernel } from './nearest';
import { type PrivacyResult, privacy } from './privacy';
import { type ShapeResult, shape } from './shape';
import { capRows, evaluationColumns, rowCount } from './table-ops';
import { type TrendResult, trend } from './trend';
import { type UtilityResult, utility } from './utility';

export type EvalMode = 'cheap' | 'full';

export interface EvalInput {
  train: Table;
  holdout: Table;
  synthetic: Table;
  schema: Schema;
  /** Defaults to schema.target. */
  target?: string;
  /** Defaults to schema.task when the target is schema.target, else classification for a categorical target and regression for a numeric one. */
  task?: Task;
  mode: EvalMode;
  seed: number;
  /** Exact nearest-neighbour search; the CPU one unless a GPU kernel is given. */
  nearest?: NearestKernel;
}

export interface EvalDetails {
  mode: EvalMode;
  seed: number;
  target: string;
  task: Task;
  /** Rows given, rows used by detection and MLE (privacy: synthetic only), rows used by Shape and Trend. */
  rows: { given: RowCounts; used: RowCounts; fidelity: { train: number; synthetic: number } };
  /** What was subsampled, in words; empty in full mode unless a DCR set was cut to equal size. */
  subsampled: string[];
  shape: ShapeResult;
  trend: TrendResult;
  c2st: DetectionResult;
  c2stGbdt: DetectionResult;
  mle: UtilityResult;
  privacy: PrivacyResult;
  timingsMs: Record<'shape' | 'trend' | 'c2st' | 'c2stGbdt' | 'mle' | 'privacy' | 'total', number>;
}

interface RowCounts {
  train: number;
  holdout: number;
  synthetic: number;
}

export interface EvalReport extends EvalMetrics {
  details: EvalDetails;
}

interface ModeSettings {
  /** Row cap per table for Shape and Trend. */
  fidelityRows: number;
  /**
   * Row cap per table for detection and MLE; for privacy, the cap on synthetic rows (queries) and
   * on the rows the membership attack scores. DCR always searches all of the (equal-size) train and
   * holdout sets, so that copies of train rows are found whichever train rows were sampled.
   */
  rows: number;
  logistic: Partial<LogisticOptions>;
  detectorGbdt: Partial<GbdtOptions>;
  mleGbdt: Partial<GbdtOptions>;
}

export const MODE_SETTINGS: Record<EvalMode, ModeSettings> = {
  cheap: {
    fidelityRows: 10_000,
    rows: 2_000,
    logistic: { epochs: 20 },
    detectorGbdt: { nTrees: 60, maxDepth: 4, learningRate: 0.15 },
    mleGbdt: { nTrees: 150, maxDepth: 4, learningRate: 0.1, earlyStopping: { validationFraction: 0.15, patience: 15 } },
  },
  full: {
    fidelityRows: Infinity,
    rows: Infinity,
    logistic: { epochs: 20 },
    detectorGbdt: { nTrees: 200, maxDepth: 6, learningRate: 0.1 },
    mleGbdt: { nTrees: 500, maxDepth: 6, learningRate: 0.1, earlyStopping: { validationFraction: 0.1, patience: 30 } },
  },
};

function resolveTarget(input: EvalInput): { target: string; task: Task } {
  const target = input.target ?? input.schema.target;
  if (!target) throw new Error('no target column: pass one (--target COL) or set schema.target; MLE needs it');
  const column = input.schema.columns.find((c) => c.name === target);
  if (!column) throw new Error(`target "${target}" is not a schema column (${input.schema.columns.map((c) => c.name).join(', ')})`);
  if (column.excluded) throw new Error(`target "${target}" is excluded from the schema (${column.excluded})`);
  const schemaTask = target === input.schema.target ? input.schema.task : undefined;
  const task = input.task ?? schemaTask ?? (column.kind === 'categorical' ? 'classification' : 'regression');
  return { target, task };
}

async function timed<T>(timings: Record<string, number>, key: string, work: () => T | Promise<T>): Promise<T> {
  const start = performance.now();
  const result = await work();
  timings[key] = performance.now() - start;
  return result;
}

/**
 * Every metric of method.md §5 for one synthetic table. Real train is the reference for Shape,
 * Trend, detection and DCR; the holdout is used for MLE testing and the privacy checks only.
 * Deterministic for a given seed.
 */
export async function evaluate(input: EvalInput): Promise<EvalReport> {
  const start = performance.now();
  const { target, task } = resolveTarget(input);
  const columns = evaluationColumns(input.schema, { train: input.train, holdout: input.holdout, synthetic: input.synthetic });
  const settings = MODE_SETTINGS[input.mode];
  if (!settings) throw new Error(`mode must be 'cheap' or 'full', got ${JSON.stringify(input.mode)}`);
  const { seed } = input;
  const subsampled: string[] = [];
  const cap = (table: Table, max: number, salt: number, name: string) => {
    const { table: kept, note } = capRows(table, max, createRng(deriveSeed(seed, salt)), name);
    if (note) subsampled.push(note);
    return kept;
  };
  const fidelityTrain = cap(input.train, settings.fidelityRows, 1, 'Shape/Trend train');
  const fidelitySynthetic = cap(input.synthetic, settings.fidelityRows, 2, 'Shape/Trend synthetic');
  const train = cap(input.train, settings.rows, 3, 'detection/MLE train');
  const holdout = cap(input.holdout, settings.rows, 4, 'MLE holdout');
  const synthetic = cap(input.synthetic, settings.rows, 5, 'detection/MLE/privacy synthetic');

  const timings: Record<string, number> = {};
  const shapeResult = await timed(timings, 'shape', () => shape(fidelityTrain, fidelitySynthetic, columns));
  const trendResult = await timed(timings, 'trend', () => trend(fidelityTrain, fidelitySynthetic, columns));
  const logistic = await timed(timings, 'c2st', () => c2st(train, synthetic, columns, { kind: 'logistic', options: settings.logistic }, deriveSeed(seed, 6)));
  const boosted = await timed(timings, 'c2stGbdt', () =>
    c2st(train, synthetic, columns, { kind: 'gbdt', options: settings.detectorGbdt }, deriveSeed(seed, 7)),
  );
  const mle = await timed(timings, 'mle', () => utility(train, holdout, synthetic, columns, target, task, settings.mleGbdt, deriveSeed(seed, 8)));
  const privacyResult = await timed(timings, 'privacy', () =>
    privacy(input.train, input.holdout, synthetic, columns, createRng(deriveSeed(seed, 9)), input.nearest ?? cpuNearest, settings.rows),
  );
  subsampled.push(...privacyResult.notes);
  timings.total = performance.now() - start;

  const counts = (t: Table, h: Table, s: Table): RowCounts => ({ train: rowCount(t), holdout: rowCount(h), synthetic: rowCount(s) });
  return {
    shape: shapeResult.score,
    trend: trendResult.score,
    c2st: logistic.score,
    c2st_gbdt: boosted.score,
    mle: { ...mle.synthetic, real: mle.real[mle.primary]! },
    dcr_share: privacyResult.dcrShare,
    dcr_median: privacyResult.dcrMedian,
    exact_copy_rate: privacyResult.exactCopyRate,
    mia_auc: privacyResult.miaAuc,
    details: {
      mode: input.mode,
      seed,
      target,
      task,
      rows: {
        given: counts(input.train, input.holdout, input.synthetic),
        used: counts(train, holdout, synthetic),
        fidelity: { train: rowCount(fidelityTrain), synthetic: rowCount(fidelitySynthetic) },
      },
      subsampled,
      shape: shapeResult,
      trend: trendResult,
      c2st: logistic,
      c2stGbdt: boosted,
      mle,
      privacy: privacyResult,
      timingsMs: timings as EvalDetails['timingsMs'],
    },
  };
}
