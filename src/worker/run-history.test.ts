import { describe, expect, it } from 'vitest';
import { emptyHistory, foldEvents, historyUpToEpoch, SAMPLE_ROWS_KEPT, toPageEvent } from './run-history';

const metrics = (shape: number) => ({
  shape,
  trend: 1,
  c2st: 1,
  c2st_gbdt: 1,
  mle: { real: 1 },
  dcr_share: 0.5,
  dcr_median: 1,
  exact_copy_rate: 0,
  mia_auc: 0.5,
});

describe('run history', () => {
  it('folds steps and rounds without touching the history it was given', () => {
    const before = emptyHistory();
    const after = foldEvents(before, [
      { type: 'phase', phase: 'sft', message: 'SFT' },
      { type: 'sft-step', step: 10, totalSteps: 20, loss: 2, msPerStep: 7, epoch: 1, lr: 0.001, budgetSecondsLeft: null },
      { type: 'align-step', round: 1, step: 1, totalSteps: 4, loss: 0.6, highLogRatio: 0.1, lowLogRatio: -0.1 },
      { type: 'round-eval', round: 0, metrics: metrics(0.5), seconds: 1 },
      { type: 'checkpoint', round: 0, byteLength: 9 },
    ]);
    expect(before).toEqual(emptyHistory());
    expect(after).toMatchObject({ phase: 'sft', sftTotalSteps: 20, msPerStep: 7, alignTotalSteps: 4, lastCheckpointRound: 0 });
    expect(after.rounds.map((r) => r.round)).toEqual([0]);
  });

  it('keeps the steps done, the epoch, and the validation loss per epoch', () => {
    const h = foldEvents(emptyHistory(), [
      { type: 'sft-step', step: 10, totalSteps: 40, loss: 2, msPerStep: 7, epoch: 1, lr: 0.001, budgetSecondsLeft: null },
      { type: 'sft-epoch', epoch: 1, maxEpochs: 4, step: 12, totalSteps: 40, trainLoss: 1.9, validationLoss: 2.1, bestEpoch: 1, bestValidationLoss: 2.1 },
      { type: 'sft-step', step: 20, totalSteps: 40, loss: 1.5, msPerStep: 7, epoch: 2, lr: 0.001, budgetSecondsLeft: null },
      {
        type: 'sft-epoch',
        epoch: 2,
        maxEpochs: 4,
        step: 24,
        totalSteps: 40,
        trainLoss: 1.4,
        validationLoss: 2.2,
        bestEpoch: 1,
        bestValidationLoss: 2.1,
        stopped: 'patience',
      },
    ]);
    expect(h).toMatchObject({ sftSteps: 24, sftEpoch: 2, sftMaxEpochs: 4, sftBestEpoch: 1, sftStopped: 'patience' });
    expect(h.sft.map((p) => [p.step, p.epoch])).toEqual([
      [10, 1],
      [20, 2],
    ]);
    expect(h.sftEpochs.map((p) => [p.epoch, p.validationLoss])).toEqual([
      [1, 2.1],
      [2, 2.2],
    ]);
  });

  it('keeps only the SFT epochs a resume from saved SFT progress starts after', () => {
    const h = foldEvents(emptyHistory(), [
      { type: 'sft-step', step: 10, totalSteps: 40, loss: 2, msPerStep: 7, epoch: 1, lr: 0.001, budgetSecondsLeft: null },
      { type: 'sft-epoch', epoch: 1, maxEpochs: 4, step: 12, totalSteps: 40, trainLoss: 1.9, validationLoss: 2.1, bestEpoch: 1, bestValidationLoss: 2.1 },
      { type: 'sft-step', step: 20, totalSteps: 40, loss: 1.5, msPerStep: 7, epoch: 2, lr: 0.001, budgetSecondsLeft: null },
    ]);
    const kept = historyUpToEpoch(h, 1);
    expect(kept.sft.map((p) => p.step)).toEqual([10]);
    expect(kept.sftEpochs.map((e) => e.epoch)).toEqual([1]);
    expect(kept).toMatchObject({ sftSteps: 12, sftEpoch: 1, sftMaxEpochs: 4, sftTotalSteps: 40, rounds: [], lastCheckpointRound: null });
  });

  it('replaces a round evaluated again after a resume, dropping the rounds after it', () => {
    let h = foldEvents(
      emptyHistory(),
      [0, 1, 2].map((round) => ({ type: 'round-eval' as const, round, metrics: metrics(round), seconds: 1 })),
    );
    h = foldEvents(h, [{ type: 'round-eval', round: 1, metrics: metrics(9), seconds: 1 }]);
    expect(h.rounds.map((r) => [r.round, r.metrics.shape])).toEqual([
      [0, 0],
      [1, 9],
    ]);
  });

  it('posts checkpoints without their bytes and caps the rows of a round', () => {
    expect(toPageEvent({ type: 'checkpoint', round: 2, bytes: new Uint8Array(5) })).toEqual({ type: 'checkpoint', round: 2, byteLength: 5 });
    const n = SAMPLE_ROWS_KEPT + 50;
    const event = toPageEvent({
      type: 'round-samples',
      round: 1,
      rows: { header: ['a'], columns: [Array.from({ length: n }, (_, i) => i)] },
      rewards: Array(n).fill(0.5),
      groups: Array(n).fill('high'),
      rewardMean: 0.5,
      rewardStd: 0,
    });
    if (event.type !== 'round-samples') throw new Error('wrong event');
    expect(event.rows.columns[0]).toHaveLength(SAMPLE_ROWS_KEPT);
    expect(event.rewards).toHaveLength(SAMPLE_ROWS_KEPT);
    expect(event.groups).toHaveLength(SAMPLE_ROWS_KEPT);
  });
});
