import { describe, expect, it } from 'vitest';
import { DEFAULT_RUN_CONFIG, type RunConfig } from '../align/run-config';
import { estimateRun, nextPresetToMeasure, type PresetSpeed, pageDefaults, ROUNDS_BUDGET_SECONDS, SFT_BUDGET_SECONDS } from './time-estimate';

const base: RunConfig = {
  ...DEFAULT_RUN_CONFIG,
  method: 'tabgraa',
  preset: 'small',
  validationShare: 0,
  sftBatch: 64,
  rowsPerRound: 2000,
  rounds: 5,
  groupSize: 32,
  groupShare: 0.5,
};
const speed = (sftStepMs: number, sampleBatchMs = 1000): PresetSpeed => ({ preset: 'tiny', sftBatch: 64, sftStepMs, sampleBatchRows: 256, sampleBatchMs });
const work = { rows: 400, evalMs: 4000, rewardMs: 2000 };

describe('estimateRun', () => {
  it('adds SFT epochs, the round-0 evaluation and every round from the measured times', () => {
    const config: RunConfig = { ...base, epochs: 2, method: 'tabgraa' };
    const e = estimateRun(config, speed(500), work, 6400);
    expect(e.sftStepsPerEpoch).toBe(100);
    expect(e.sftSeconds).toBeCloseTo(2 * 100 * 0.5, 9);
    // Sampling: 8 batches of 256 rows, 1 s each; evaluation scales 4 s per 400 rows to 2,000 rows.
    const evaluation = 8 + 20;
    // Reward 2 s per 400 rows → 10 s; 1,000-row groups make 31 steps of 32 + 32 rows, 4/3 of a 64-row SFT step each.
    const align = 10 + 31 * 0.5 * (4 / 3);
    expect(e.roundSeconds).toBeCloseTo(evaluation + align, 9);
    expect(e.totalSeconds).toBeCloseTo(e.sftSeconds + evaluation + 5 * e.roundSeconds, 9);
  });

  it('counts max epochs under auto, cut by the time budget, and the validation passes', () => {
    const auto: RunConfig = { ...base, epochs: 'auto', maxEpochs: 40, sftMinutes: 1, validationShare: 0.1 };
    const e = estimateRun(auto, speed(100), work, 6400);
    // 640 validation rows: 10 forward-only batches at a third of a step; 5,760 rows train in 90 steps.
    expect(e.sftStepsPerEpoch).toBe(90);
    const epochSeconds = (90 + 10 / 3) * 0.1;
    expect(e.sftEpochs).toBe(Math.floor(60 / epochSeconds));
    expect(estimateRun({ ...auto, sftMinutes: 0 }, speed(100), work, 6400).sftEpochs).toBe(40);
  });

  it('has no alignment cost for "none"', () => {
    const none = estimateRun({ ...base, epochs: 1, method: 'none' }, speed(500), work, 6400);
    expect(none.roundSeconds).toBeCloseTo(8 + 20, 9);
  });

  it('charges "filter" for sampling and scoring k·N rows, and for no training step', () => {
    const filter = estimateRun({ ...base, epochs: 1, method: 'filter', filterFactor: 4 }, speed(500), work, 6400);
    // 8,000 rows: 32 sampling batches of 1 s and a reward of 2 s per 400 rows; the kept 2,000 are evaluated (20 s).
    expect(filter.roundSeconds).toBeCloseTo(32 + 40 + 20, 9);
  });

  it('charges "sft-continue" for the alignment methods\' steps of 2·G rows, and for no reward', () => {
    const matched = estimateRun({ ...base, epochs: 1, method: 'sft-continue' }, speed(500), work, 6400);
    // 31 steps of 64 rows (as many as TabGRAA takes), a plain SFT step each; sampling 8 s, evaluation 20 s.
    expect(matched.roundSeconds).toBeCloseTo(8 + 20 + 31 * 0.5, 9);
  });

  it('charges "sft-resample" for both: the SFT steps, then sampling and scoring k·N rows', () => {
    const both = estimateRun({ ...base, epochs: 1, method: 'sft-resample', filterFactor: 4 }, speed(500), work, 6400);
    expect(both.roundSeconds).toBeCloseTo(32 + 40 + 20 + 31 * 0.5, 9);
  });
});

describe('page defaults', () => {
  it('on a slow adapter: the smallest model, a training sample and rows per round that fit the budgets', () => {
    const profile = { adapterName: 'cpu', trainRows: 39_000, presets: { tiny: speed(1000, 20_000) }, roundWork: work };
    expect(nextPresetToMeasure(base, profile)).toBeUndefined();
    const { config, trainRows } = pageDefaults(base, profile);
    expect(config.preset).toBe('tiny');
    expect(trainRows).toBeLessThan(39_000);
    const e = estimateRun(config, profile.presets.tiny, work, trainRows);
    expect(e.sftSeconds).toBeLessThanOrEqual(SFT_BUDGET_SECONDS);
    expect(e.sftEpochs).toBeGreaterThanOrEqual(4);
    expect(config.rounds * e.roundSeconds).toBeLessThanOrEqual(ROUNDS_BUDGET_SECONDS);
    expect(config.rowsPerRound).toBeLessThan(2000);
  });

  it('on a fast adapter: measures up to the default size, takes it and trains on every row', () => {
    const fast = { adapterName: 'gpu', trainRows: 39_000, presets: { tiny: speed(5, 50) }, roundWork: work };
    expect(nextPresetToMeasure(base, { presets: {}, trainRows: 39_000 })).toBe('tiny');
    expect(nextPresetToMeasure(base, fast)).toBe('small');
    const both = { ...fast, presets: { ...fast.presets, small: { ...speed(10, 100), preset: 'small' as const } } };
    expect(nextPresetToMeasure(base, both)).toBeUndefined();
    const { config, trainRows } = pageDefaults(base, both);
    expect(config.preset).toBe('small');
    expect(trainRows).toBe(39_000);
    expect(config.rowsPerRound).toBe(2000);
  });
});
