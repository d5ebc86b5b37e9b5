/** Round results for the tests of compare's reports: fixed metrics, with the ones a test varies overridden. */
import type { RoundResult } from './run-alignment';

export function roundResult(round: number, overrides: Partial<Omit<RoundResult, 'round'>> = {}): RoundResult {
  return {
    round,
    shape: 0.9,
    trend: 0.8,
    c2st: 0.6,
    c2st_gbdt: 0.3,
    mle: { auc: 0.7, real: 0.9 },
    dcr_share: 0.5,
    dcr_median: 0.1,
    exact_copy_rate: 0,
    mia_auc: 0.5,
    ...overrides,
  };
}
