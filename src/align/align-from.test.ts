import { beforeAll, describe, expect, it } from 'vitest';
import { applySchema } from '../data/apply-schema';
import { loadCsvFile } from '../data/csv-file';
import type { Schema } from '../data/types';
import { testRuntime } from '../kernels/test-gpu';
import { AlignmentTrainer } from './alignment-trainer';
import { logRatioProbe } from './log-ratio-probe';
import { matchedSftRound, startMatchedSft } from './matched-sft';
import type { PreferenceObjective } from './objectives';
import { meanStd } from './reward-filter';
import { alignmentStepsPerRound, roundBudget } from './round-budget';
import { alignFrom, type RoundResult } from './run-alignment';
import { DEFAULT_RUN_CONFIG, type RunConfig } from './run-config';
import type { RunEvent } from './run-events';
import { type RoundSamples, RunSession, roundSeed } from './run-session';

const TABLES = new URL('../../fixtures/tables/', import.meta.url).pathname;

const TINY: RunConfig = {
  ...DEFAULT_RUN_CONFIG,
  preset: 'tiny',
  epochs: 1,
  rounds: 1,
  rowsPerRound: 48,
  filterFactor: 3,
  groupSize: 8,
  sftBatch: 16,
  learningRate: 3e-3,
  target: 'species',
};

async function penguins() {
  const { raw, schema: inferred } = await loadCsvFile(`${TABLES}penguins.train.csv`);
  const schema: Schema = { ...inferred, target: 'species', task: 'classification' };
  const holdoutRaw = (await loadCsvFile(`${TABLES}penguins.test.csv`)).raw;
  return { train: applySchema(raw, schema), holdout: applySchema(holdoutRaw, schema), schema };
}

describe('alignFrom: filter, resample, compute-matched sft-continue, both in sft-resample, and per-round diagnostics', () => {
  let session: RunSession;
  let checkpoint: Uint8Array;
  let start: { samples: RoundSamples; result: RoundResult };

  beforeAll(async () => {
    session = new RunSession(await testRuntime(), await penguins(), TINY);
    checkpoint = await session.trainSftAndFreeze(() => {}, {});
    const samples = await session.sampleRows(TINY.rowsPerRound, roundSeed(TINY.seed, 0));
    start = { samples, result: { round: 0, ...(await session.evaluate(samples.table, roundSeed(TINY.seed, 0))) } };
  });

  async function run(changes: Partial<RunConfig>) {
    session.restore(checkpoint);
    session.configure({ ...TINY, ...changes });
    const events: RunEvent[] = [];
    const result = await alignFrom(session, 0, (e) => events.push(e), {}, start, { diagnostics: true });
    return { result, events, scored: events.find((e) => e.type === 'round-samples') };
  }

  it('filter trains nothing and keeps the N best-rewarded of k·N rows sampled from the SFT model', async () => {
    const { result, scored } = await run({ method: 'filter', reward: 'distance' });
    if (scored?.type !== 'round-samples') throw new Error('filter must report the rows it scored');
    expect(scored.rewards).toHaveLength(3 * 48);
    const high = scored.groups.flatMap((g, i) => (g === 'high' ? [i] : []));
    expect(high).toHaveLength(48);
    const lowest = Math.min(...high.map((i) => scored.rewards[i]));
    expect(scored.groups.every((g, i) => g === 'high' || scored.rewards[i] <= lowest)).toBe(true);
    // The evaluated table is exactly the kept rows, in sampling order.
    expect(result.samples.table.columns).toEqual(scored.rows.columns.map((column) => high.map((i) => column[i])));
    const [d] = result.diagnostics;
    // The distance reward has no randomness: scored again, every row keeps its group. The model never moved.
    expect(d.rewardAgreement).toBe(1);
    expect(d.rewardAuc).toBeNull();
    expect(d.highReward!).toBeGreaterThan(d.lowReward!);
    expect([d.highLogRatio, d.lowLogRatio, d.klToReference]).toEqual([null, null, null]);
    expect(roundBudget(session.config)).toEqual({ stepsPerRound: 0, rowsPerStep: 0, rowsSampledPerRound: 144 });
  });

  it('resample trains nothing and keeps N of k·N rows, drawn by the realness reward, the same draw for the same seed', async () => {
    const first = await run({ method: 'resample', reward: 'realness' });
    const scored = first.scored;
    if (scored?.type !== 'round-samples') throw new Error('resample must report the rows it scored');
    expect(scored.rewards).toHaveLength(3 * 48);
    const high = scored.groups.flatMap((g, i) => (g === 'high' ? [i] : []));
    expect(high).toHaveLength(48);
    expect(first.result.samples.table.columns).toEqual(scored.rows.columns.map((column) => high.map((i) => column[i])));
    const again = await run({ method: 'resample', reward: 'realness' });
    expect(again.result.samples.table).toEqual(first.result.samples.table);
    const [d] = first.result.diagnostics;
    expect([d.highLogRatio, d.lowLogRatio, d.klToReference]).toEqual([null, null, null]);
    expect(d.rewardAuc!).toBeGreaterThan(0);
    expect(roundBudget(session.config)).toEqual({ stepsPerRound: 0, rowsPerStep: 0, rowsSampledPerRound: 144 });
  });

  it("sft-continue takes the alignment methods' steps of 2·G rows and moves the policy off the reference", async () => {
    const { result, scored } = await run({ method: 'sft-continue' });
    expect(scored).toBeUndefined();
    expect(roundBudget(session.config)).toEqual({ stepsPerRound: alignmentStepsPerRound(session.config), rowsPerStep: 16, rowsSampledPerRound: 48 });
    expect(alignmentStepsPerRound(session.config)).toBe(3);
    const [d] = result.diagnostics;
    expect(d.klToReference!).toBeGreaterThan(0);
    expect(d.rewardAgreement).toBeNull();

    // What the round really ran, counted by its optimizer, starting fresh as the alignment methods' does.
    session.restore(checkpoint);
    startMatchedSft(session);
    expect(await matchedSftRound(session, 1, {})).toEqual({ steps: 3, rowsPerStep: 16 });
    expect(await matchedSftRound(session, 2, {})).toEqual({ steps: 6, rowsPerStep: 16 });
  });

  it("sft-resample takes sft-continue's steps, then keeps N of k·N rows drawn by the reward from the trained model", async () => {
    const sftModelPool = (await run({ method: 'resample', reward: 'realness' })).scored;
    const { result, scored } = await run({ method: 'sft-resample', reward: 'realness' });
    if (scored?.type !== 'round-samples' || sftModelPool?.type !== 'round-samples') throw new Error('both must report the rows they scored');
    expect(roundBudget(session.config)).toEqual({ stepsPerRound: 3, rowsPerStep: 16, rowsSampledPerRound: 144 });
    expect(scored.rewards).toHaveLength(3 * 48);
    const high = scored.groups.flatMap((g, i) => (g === 'high' ? [i] : []));
    expect(high).toHaveLength(48);
    expect(result.samples.table.columns).toEqual(scored.rows.columns.map((column) => high.map((i) => column[i])));
    // The pool comes from the model after the round's SFT steps: the same seed draws other rows than the SFT model's,
    // and exactly the rows the trained model (still loaded) draws.
    expect(scored.rows).not.toEqual(sftModelPool.rows);
    const pool = await session.sampleRows(3 * 48, roundSeed(TINY.seed, 1));
    expect(pool.table).toEqual(scored.rows);
    const [d] = result.diagnostics;
    // The KL estimate reads the policy's own rows, the whole pool; the kept rows are the high group.
    const poolLogRatios = await logRatioProbe(session).logRatios(pool.tokens);
    expect(d.klToReference!).toBeCloseTo(meanStd(poolLogRatios).mean, 6);
    expect(d.klToReference!).toBeGreaterThan(0);
    expect(d.highLogRatio!).toBeCloseTo(meanStd(poolLogRatios.filter((_, i) => scored.groups[i] === 'high')).mean, 6);
    expect(d.rewardAuc!).toBeGreaterThan(0);
  });

  it('TabGRAA with the classifier reward: the groups drift apart, and the reward is measured', async () => {
    const { result, events } = await run({ method: 'tabgraa', reward: 'classifier', learningRate: 1e-2 });
    const steps = events.filter((e) => e.type === 'align-step');
    expect(steps.length).toBeGreaterThan(0);
    const [d] = result.diagnostics;
    expect(d.round).toBe(1);
    expect(d.highLogRatio!).toBeGreaterThan(d.lowLogRatio!);
    expect(d.rewardAuc!).toBeGreaterThan(0);
    expect(d.rewardAuc!).toBeLessThanOrEqual(1);
    expect(d.rewardAgreement!).toBeGreaterThanOrEqual(0);
    expect(d.rewardAgreement!).toBeLessThanOrEqual(1);
    expect(Number.isFinite(d.klToReference!)).toBe(true);
  });

  it("the anchor weights reach the objective kernel: the high group's NLL enters the step's loss", async () => {
    const firstLoss = async (changes: Partial<RunConfig>) => {
      const { events } = await run({ method: 'tabgraa', reward: 'classifier', ...changes });
      const step = events.find((e) => e.type === 'align-step' && e.step === 1);
      if (step?.type !== 'align-step') throw new Error('no first alignment step reported');
      return step;
    };
    const anchored = await firstLoss({ highNllWeight: 2 });
    // At step 1 the policy is the reference: TabGRAA's sigmoid(0) = 0.5, + 2 · (mean NLL of a penguin row, tens of nats).
    expect(anchored.loss).toBeGreaterThan(10);
  });

  it('each objective reaches the kernel: at step 1 (Δ = 0) the losses are those of method.md §4', async () => {
    session.restore(checkpoint);
    const { seqLen, valueTokenStart } = session.codec;
    const trainer = new AlignmentTrainer(session.model, { groupSize: TINY.groupSize, seqLen, valueTokenStart, reference: session.reference });
    const tokens = start.samples.tokens.slice(0, 2 * TINY.groupSize * seqLen);
    const referenceLogp = Float32Array.from(await trainer.referenceLogProbs(tokens));
    const expected: Array<[PreferenceObjective, number]> = [
      ['tabgraa', 0.5],
      ['tabgraa-logsigmoid', Math.LN2],
      ['dpo', Math.LN2],
      ['kto', 1],
      ['npo', 2 * Math.LN2],
    ];
    for (const [objective, loss] of expected) {
      session.restore(checkpoint);
      trainer.start({ objective, beta: 1, learningRate: 1e-3, klWeight: 0.5, highNllWeight: 0 });
      trainer.step(tokens, referenceLogp);
      await trainer.settle();
      expect(trainer.lastStats?.loss, objective).toBeCloseTo(loss, 5);
    }
  });
});
