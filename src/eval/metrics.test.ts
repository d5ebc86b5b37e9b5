import { describe, expect, it } from 'vitest';
import { type EvalMetrics, headlineMle } from './metrics';

const withMle = (mle: EvalMetrics['mle']): EvalMetrics => ({
  shape: 0.9,
  trend: 0.8,
  c2st: 0.7,
  c2st_gbdt: 0.6,
  mle,
  dcr_share: 0.5,
  dcr_median: 1,
  exact_copy_rate: 0,
  mia_auc: 0.5,
});

describe('headlineMle', () => {
  it('is the score mle.real holds: AUC (binary), macro-F1 (multi-class), RMSE (regression)', () => {
    expect(headlineMle(withMle({ auc: 0.81, f1: 0.7, accuracy: 0.75, real: 0.86 }))).toBe(0.81);
    expect(headlineMle(withMle({ f1: 0.42, accuracy: 0.6, real: 0.5 }))).toBe(0.42);
    expect(headlineMle(withMle({ rmse: 3.5, r2: 0.62, real: 2.9 }))).toBe(3.5);
  });

  it('is undefined when the evaluation scored no target', () => {
    expect(headlineMle(withMle({ real: Number.NaN }))).toBeUndefined();
  });
});
