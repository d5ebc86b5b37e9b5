import { describe, expect, it } from 'vitest';
import { emptyHistory, foldEvents } from '../worker/protocol';
import { estimateTimeLeft, formatSeconds } from './eta';

const metrics = { shape: 1, trend: 1, c2st: 1, c2st_gbdt: 1, mle: { real: 1 }, dcr_share: 0.5, dcr_median: 1, exact_copy_rate: 0, mia_auc: 0.5 };

describe('estimateTimeLeft', () => {
  it('has no estimate before the first step', () => {
    expect(estimateTimeLeft(emptyHistory(), 3, { roundEndedAt: [] })).toEqual({ sftSeconds: null, roundsSeconds: null });
  });

  it('multiplies the steps left by the step time, and the rounds left by the time between round evaluations', () => {
    let h = foldEvents(emptyHistory(), [{ type: 'sft-step', step: 10, totalSteps: 110, loss: 1, msPerStep: 50, epoch: 1, lr: 0.001, budgetSecondsLeft: null }]);
    expect(estimateTimeLeft(h, 3, { roundEndedAt: [] })).toEqual({ sftSeconds: 5, roundsSeconds: null });
    h = foldEvents(h, [
      { type: 'sft-step', step: 110, totalSteps: 110, loss: 1, msPerStep: 50, epoch: 1, lr: 0.001, budgetSecondsLeft: null },
      { type: 'round-eval', round: 0, metrics, seconds: 1 },
    ]);
    // Only the SFT model is evaluated: no round has been timed yet.
    expect(estimateTimeLeft(h, 3, { roundEndedAt: [1_000] })).toEqual({ sftSeconds: 0, roundsSeconds: null });
    h = foldEvents(h, [{ type: 'round-eval', round: 1, metrics, seconds: 1 }]);
    // Round 1 took 20 s of wall time; rounds 2 and 3 are left.
    expect(estimateTimeLeft(h, 3, { roundEndedAt: [1_000, 21_000] })).toEqual({ sftSeconds: 0, roundsSeconds: 40 });
    h = foldEvents(h, [{ type: 'round-eval', round: 3, metrics, seconds: 1 }]);
    expect(estimateTimeLeft(h, 3, { roundEndedAt: [1_000, 21_000, 41_000] }).roundsSeconds).toBe(0);
  });

  it('never estimates SFT past what is left of its time budget', () => {
    const h = foldEvents(emptyHistory(), [
      { type: 'sft-step', step: 64, totalSteps: 4260, loss: 1, msPerStep: 1400, epoch: 1, lr: 0.01, budgetSecondsLeft: 390 },
    ]);
    expect(estimateTimeLeft(h, 0, { roundEndedAt: [] }).sftSeconds).toBe(390);
  });

  it('formats durations for people', () => {
    expect(formatSeconds(0.2)).toBe('1 s');
    expect(formatSeconds(125)).toBe('2 min 5 s');
    expect(formatSeconds(7260)).toBe('2 h 1 min');
  });
});
