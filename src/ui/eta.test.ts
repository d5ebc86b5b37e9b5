import { describe, expect, it } from 'vitest';
import { emptyHistory, foldEvents } from '../worker/run-history';
import { estimateTimeLeft, formatSeconds } from './eta';

const metrics = { shape: 1, trend: 1, c2st: 1, c2st_gbdt: 1, mle: { real: 1 }, dcr_share: 0.5, dcr_median: 1, exact_copy_rate: 0, mia_auc: 0.5 };

describe('estimateTimeLeft', () => {
  it('has no estimate before the first step', () => {
    expect(estimateTimeLeft(emptyHistory(), 3, { alignStartedAt: null, roundEndedAt: [] })).toEqual({ sftSeconds: null, roundsSeconds: null });
  });

  it('multiplies the steps left by the measured step time, and the rounds left by the mean round time', () => {
    let h = foldEvents(emptyHistory(), [{ type: 'sft-step', step: 10, totalSteps: 110, loss: 1, msPerStep: 50 }]);
    expect(estimateTimeLeft(h, 3, { alignStartedAt: null, roundEndedAt: [] })).toEqual({ sftSeconds: 5, roundsSeconds: null });
    h = foldEvents(h, [
      { type: 'sft-step', step: 110, totalSteps: 110, loss: 1, msPerStep: 50 },
      { type: 'round-eval', round: 1, metrics, seconds: 1 },
    ]);
    // One round took 20 s of wall time; two are left.
    expect(estimateTimeLeft(h, 3, { alignStartedAt: 1_000, roundEndedAt: [21_000] })).toEqual({ sftSeconds: 0, roundsSeconds: 40 });
  });

  it('formats durations for people', () => {
    expect(formatSeconds(0.2)).toBe('1 s');
    expect(formatSeconds(125)).toBe('2 min 5 s');
    expect(formatSeconds(7260)).toBe('2 h 1 min');
  });
});
