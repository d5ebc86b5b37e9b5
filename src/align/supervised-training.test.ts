import { describe, expect, it } from 'vitest';
import { applySchema } from '../data/apply-schema';
import { loadCsvFile } from '../data/csv-file';
import { testRuntime } from '../kernels/test-gpu';
import { DEFAULT_RUN_CONFIG, type RunConfig } from './run-config';
import type { RunEvent } from './run-events';
import { RunSession } from './run-session';
import { MIN_VALIDATION_ROWS, splitValidation } from './supervised-training';

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
  await session.trainSftAndFreeze((e) => {
    if (e.type === 'sft-epoch') epochs.push(e);
    if (e.type === 'sft-step') lrs.push(e.lr);
  }, {});
  return { session, epochs, lrs, finalLoss: await session.validationLoss() };
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

describe('supervised training to convergence', () => {
  it('anneals to a lower validation loss than a constant rate on the same budget', async () => {
    const scheduled = await train({ ...TINY, epochs: 8, lrSchedule: 'cosine' });
    const constant = await train({ ...TINY, epochs: 8, lrSchedule: 'constant' });
    expect(scheduled.epochs).toHaveLength(8);
    expect(scheduled.lrs[scheduled.lrs.length - 1]).toBeLessThan(TINY.sftLearningRate * 0.1);
    expect(constant.lrs[constant.lrs.length - 1]).toBe(TINY.sftLearningRate);
    expect(scheduled.finalLoss).toBeLessThan(constant.finalLoss - 0.05);
  });

  it('under epochs auto, stops after the patience, anneals and keeps the best epoch', async () => {
    const { session, epochs, finalLoss } = await train({ ...TINY, epochs: 'auto', maxEpochs: 30, patience: 2, sftLearningRate: 1e-2 });
    const last = epochs[epochs.length - 1];
    expect(last.stopped).toBeDefined();
    expect(epochs.length).toBeLessThanOrEqual(30);
    const best = Math.min(...epochs.map((e) => e.validationLoss));
    expect(last.bestValidationLoss).toBeCloseTo(best, 5);
    // The model ends on the best epoch's parameters, not the last epoch's.
    expect(finalLoss).toBeCloseTo(last.bestValidationLoss, 3);
    expect(session.sftSummary?.keptEpoch).toBe(last.bestEpoch);
  });
});
