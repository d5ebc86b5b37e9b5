import { describe, expect, it } from 'vitest';
import { applySchema } from '../data/apply-schema';
import { loadCsvFile } from '../data/csv-file';
import { testRuntime } from '../kernels/test-gpu';
import { DEFAULT_RUN_CONFIG, type RunConfig } from './run-config';
import type { RunEvent } from './run-events';
import { RunSession, type SavedSftProgress } from './run-session';
import { MIN_PATIENCE_STEPS, MIN_VALIDATION_ROWS, patienceInEpochs, splitValidation } from './supervised-training';

const DATA = new URL('../../fixtures/tables/', import.meta.url).pathname;

async function penguins() {
  const { raw, schema } = await loadCsvFile(`${DATA}penguins.train.csv`);
  const holdout = (await loadCsvFile(`${DATA}penguins.test.csv`)).raw;
  return { train: applySchema(raw, schema), holdout: applySchema(holdout, schema), schema };
}

const TINY: RunConfig = { ...DEFAULT_RUN_CONFIG, preset: 'tiny', rounds: 0, sftBatch: 16, sftLearningRate: 3e-3, warmupSteps: 10 };

type EpochEvent = Extract<RunEvent, { type: 'sft-epoch' }>;

async function train(config: RunConfig) {
  const rt = await testRuntime();
  const session = new RunSession(rt, await penguins(), config);
  const epochs: EpochEvent[] = [];
  const lrs: number[] = [];
  const budgetsLeft: (number | null)[] = [];
  await session.trainSftAndFreeze((e) => {
    if (e.type === 'sft-epoch') epochs.push(e);
    if (e.type === 'sft-step') {
      lrs.push(e.lr);
      budgetsLeft.push(e.budgetSecondsLeft);
    }
  }, {});
  return { session, epochs, lrs, budgetsLeft, finalLoss: await session.validationLoss() };
}

describe('the validation slice', () => {
  it('is seeded, disjoint from the rows trained on, and at least a few hundred rows on larger tables', () => {
    const a = splitValidation(5000, 0.1, 7);
    expect(a.validation).toHaveLength(500);
    expect(new Set([...a.train, ...a.validation]).size).toBe(5000);
    expect(splitValidation(5000, 0.1, 7)).toEqual(a);
    expect(splitValidation(5000, 0.1, 8).validation).not.toEqual(a.validation);
    expect(splitValidation(1200, 0.1, 1).validation).toHaveLength(MIN_VALIDATION_ROWS);
    expect(splitValidation(400, 0.1, 1).validation).toHaveLength(100);
    expect(splitValidation(400, 0, 1).validation).toHaveLength(0);
  });
});

describe('the patience', () => {
  it('is the epochs asked for on large tables, and spans at least MIN_PATIENCE_STEPS steps on small ones', () => {
    expect(patienceInEpochs(3, 71)).toBe(3); // Adult, 4,500 rows: 213 steps
    expect(patienceInEpochs(3, 4)).toBe(MIN_PATIENCE_STEPS / 4); // penguins: 3 epochs would be 12 steps
    expect(patienceInEpochs(3, 6) * 6).toBeGreaterThanOrEqual(MIN_PATIENCE_STEPS);
    expect(patienceInEpochs(10, 71)).toBe(10);
  });
});

describe('supervised training to convergence', () => {
  it('anneals to a lower validation loss than a constant rate on the same budget', async () => {
    // A peak rate a constant schedule cannot settle at: annealing is what gets the loss down.
    const peak = { ...TINY, epochs: 8, sftLearningRate: 3e-2 };
    const scheduled = await train({ ...peak, lrSchedule: 'cosine' });
    const constant = await train({ ...peak, lrSchedule: 'constant' });
    expect(scheduled.epochs).toHaveLength(8);
    expect(scheduled.lrs[scheduled.lrs.length - 1]).toBeLessThan(peak.sftLearningRate * 0.1);
    expect(constant.lrs[constant.lrs.length - 1]).toBe(peak.sftLearningRate);
    // A fixed number of epochs has no time budget to report.
    expect(new Set(scheduled.budgetsLeft)).toEqual(new Set([null]));
    expect(scheduled.finalLoss).toBeLessThan(constant.finalLoss - 1);
  }, 600_000);

  it('under epochs auto, stops (here at max epochs: the patience spans 200 steps), anneals and keeps the best epoch', async () => {
    const { session, epochs, budgetsLeft, finalLoss } = await train({
      ...TINY,
      epochs: 'auto',
      maxEpochs: 10,
      patience: 1,
      sftLearningRate: 1e-2,
      sftMinutes: 30,
    });
    const last = epochs[epochs.length - 1];
    expect(last.stopped).toBeDefined();
    expect(epochs.length).toBeLessThanOrEqual(10);
    const best = Math.min(...epochs.map((e) => e.validationLoss));
    expect(last.bestValidationLoss).toBeCloseTo(best, 5);
    // The model ends on the best epoch's parameters, not the last epoch's.
    expect(finalLoss).toBeCloseTo(last.bestValidationLoss, 3);
    expect(session.sftSummary?.keptEpoch).toBe(last.bestEpoch);
    // Every step reports what is left of the 30-minute budget, counting down.
    const left = budgetsLeft as number[];
    expect(left.length).toBeGreaterThan(0);
    expect(left.every((s, i) => s <= 1800 && s > 0 && (i === 0 || s <= left[i - 1]))).toBe(true);
  }, 600_000);
});

describe('SFT between epochs', () => {
  it('resumes from any saved epoch to exactly the parameters of an uninterrupted run', async () => {
    const config: RunConfig = { ...TINY, epochs: 'auto', maxEpochs: 4, patience: 1, sftLearningRate: 1e-2 };
    const rt = await testRuntime();
    const data = await penguins();
    const saved: SavedSftProgress[] = [];
    const whole = new RunSession(rt, data, config);
    const wholeCheckpoint = await whole.trainSftAndFreeze(() => {}, { saveSftProgress: async (s) => void saved.push(s) });
    expect(saved.map((s) => s.epoch)).toEqual(Array.from({ length: saved.length }, (_, i) => i + 1));
    expect(saved.length).toBeGreaterThanOrEqual(2);

    const resumed = new RunSession(rt, data, config);
    expect(resumed.resumeSft(saved[1])).toBe(2);
    const resumedCheckpoint = await resumed.trainSftAndFreeze(() => {}, {});
    expect(resumed.sftSummary?.epochs.map((e) => e.validationLoss)).toEqual(whole.sftSummary?.epochs.map((e) => e.validationLoss));
    expect(resumedCheckpoint).toEqual(wholeCheckpoint);
  }, 600_000);

  it('refuses to resume SFT from a checkpoint saved after it', async () => {
    const rt = await testRuntime();
    const session = new RunSession(rt, await penguins(), { ...TINY, epochs: 1 });
    const done = await session.trainSftAndFreeze(() => {}, {});
    expect(() => session.resumeSft({ checkpoint: done, best: new Uint8Array(0) })).toThrow(/not saved between SFT epochs/);
  });
});
