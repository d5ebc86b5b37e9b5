import { describe, expect, it } from 'vitest';
import { DEFAULT_RUN_CONFIG, emptyHistory, foldEvents, type RunConfig } from '../worker/protocol';
import { progressLine } from './progress-line';

const metrics = { shape: 1, trend: 1, c2st: 1, c2st_gbdt: 1, mle: { real: 1 }, dcr_share: 0.5, dcr_median: 1, exact_copy_rate: 0, mia_auc: 0.5 };
const auto: RunConfig = { ...DEFAULT_RUN_CONFIG, epochs: 'auto', maxEpochs: 12, rounds: 1 };

describe('progressLine', () => {
  it('counts SFT epochs and steps, under auto as upper bounds', () => {
    let h = foldEvents(emptyHistory(), [{ type: 'phase', phase: 'sft', message: 'x' }]);
    expect(progressLine(h, auto)).toBe('SFT: starting');
    h = foldEvents(h, [{ type: 'sft-step', step: 30, totalSteps: 840, loss: 1, msPerStep: 5, epoch: 1, lr: 1e-3, budgetSecondsLeft: null }]);
    expect(progressLine(h, auto)).toBe('SFT epoch 1 of at most 12, step 30 of at most 840');
    h = foldEvents(h, [
      { type: 'sft-epoch', epoch: 1, maxEpochs: 9, step: 70, totalSteps: 630, trainLoss: 1, validationLoss: 1, bestEpoch: 1, bestValidationLoss: 1 },
    ]);
    expect(progressLine(h, auto)).toBe('SFT epoch 1 of at most 9, step 70 of at most 630');
    expect(progressLine(h, { ...auto, epochs: 1 })).toBe('SFT epoch 1 of 1, step 70 of 630');
  });

  it('counts rounds and alignment steps, with singular words for one', () => {
    let h = foldEvents(emptyHistory(), [
      { type: 'phase', phase: 'align', message: 'x' },
      { type: 'round-eval', round: 0, metrics, seconds: 1 },
    ]);
    expect(progressLine(h, auto)).toBe('Round 1 of 1: scoring rows and aligning');
    h = foldEvents(h, [{ type: 'align-step', round: 1, step: 3, totalSteps: 15, loss: 1, highLogRatio: 0, lowLogRatio: 0 }]);
    expect(progressLine(h, auto)).toBe('Round 1 of 1: alignment step 3 of 15');
    h = foldEvents(h, [
      { type: 'sft-step', step: 13, totalSteps: 13, loss: 1, msPerStep: 5, epoch: 1, lr: 1e-3, budgetSecondsLeft: null },
      { type: 'round-eval', round: 1, metrics, seconds: 1 },
      { type: 'phase', phase: 'done', message: 'x' },
    ]);
    expect(progressLine(h, auto)).toBe('Finished: 13 SFT steps, 1 alignment round');
  });
});
