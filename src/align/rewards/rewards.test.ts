import { describe, expect, it } from 'vitest';
import type { Table } from '../../data/types';
import { independentMarginals, uniformNoise } from '../../eval/reference-cases';
import { rowCount, takeRows } from '../../eval/table-ops';
import { drawPopulation, POPULATION_SCHEMA } from '../../eval/test-population';
import { boostedClassifierReward, classifierOutOfFold, classifierReward, realnessReward } from './classifier-reward';
import { distanceReward, proximityReward } from './distance-reward';
import { REWARD_REGISTRY } from './index';
import { randomReward } from './random-reward';

const train = drawPopulation(600, 1);
const context = { train, schema: POPULATION_SCHEMA, seed: 5 };
const concat = (a: Table, b: Table): Table => ({ header: a.header, columns: a.columns.map((column, c) => [...column, ...b.columns[c]]) });
const mean = (values: ArrayLike<number>) => Array.from(values).reduce((s, v) => s + v, 0) / values.length;
const median = (values: ArrayLike<number>) => {
  const sorted = Float64Array.from(values).sort();
  return sorted[sorted.length >> 1];
};
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

describe('rewards (method.md §3): scores in [0, 1], higher = better', () => {
  // 20 rows copied from the training table, then 80 fresh rows of the same population.
  const copied = 20;
  const rows = concat(takeRows(train, range(100, 100 + copied)), drawPopulation(80, 2));

  it('distance (privacy polarity): a copied training row scores 0, below every fresh row; rows at or past the median distance score 1', async () => {
    const s = await distanceReward.score(rows, context);
    expect(s.length).toBe(rowCount(rows));
    for (let i = 0; i < copied; i++) expect(s[i]).toBe(0);
    const fresh = s.subarray(copied);
    expect(Math.min(...fresh)).toBeGreaterThan(0);
    expect(Math.max(...fresh)).toBe(1);
    // s = min(d, m)/m with m the round's median d: at least half the rows reach the cap.
    expect(s.filter((v) => v === 1).length).toBeGreaterThanOrEqual(rowCount(rows) / 2);
  });

  it('proximity (fidelity polarity): a copied training row scores 1, above every fresh row, in the reverse order of distance', async () => {
    const [near, far] = await Promise.all([proximityReward.score(rows, context), distanceReward.score(rows, context)]);
    for (let i = 0; i < copied; i++) expect(near[i]).toBe(1);
    expect(Math.max(...near.subarray(copied))).toBeLessThan(1);
    expect(Math.min(...near)).toBeGreaterThan(0);
    for (let i = 0; i < near.length; i++) {
      for (let j = 0; j < near.length; j++) if (far[i] < far[j]) expect(near[i]).toBeGreaterThan(near[j]);
    }
  });

  it.each([
    ['classifier (forest)', classifierReward],
    ['classifier-gbdt (boosted trees)', boostedClassifierReward],
  ])('%s: held-in real rows score high (the model cannot tell them from real), broken dependence lower, noise near 0', async (_, reward) => {
    const heldIn = takeRows(train, range(0, 150));
    const [real, marginals, noise] = await Promise.all([
      reward.score(heldIn, context),
      reward.score(independentMarginals(train, 150, 3), context),
      reward.score(uniformNoise(POPULATION_SCHEMA, 150, 3), context),
    ]);
    for (const s of [...real, ...marginals, ...noise]) expect(s >= 0 && s <= 1).toBe(true);
    // s = 1 - 2|0.5 - P(real)|. Out-of-fold P(real) of an indistinguishable row scatters about 0.5
    // (60 deep trees on 300 rows), so held-in rows average about 0.7 rather than exactly 1.
    expect((await classifierOutOfFold(reward.model, heldIn, context)).auc).toBeLessThan(0.6);
    expect(mean(real)).toBeGreaterThan(0.6);
    expect(median(real)).toBeGreaterThan(0.65);
    expect(mean(marginals)).toBeLessThan(mean(real) - 0.05);
    expect(mean(noise)).toBeLessThan(mean(marginals) - 0.15);
    expect(median(noise)).toBeLessThan(0.25);
  });

  it("realness: the forest's out-of-fold P(real), calibrated: flat where the forest cannot tell, lower for broken dependence and noise", async () => {
    // Fresh rows of the training table's population: what a perfect generator would sample.
    const fresh = drawPopulation(150, 9);
    const marginals = independentMarginals(train, 150, 3);
    const [real, broken, noise] = await Promise.all([
      realnessReward.score(fresh, context),
      realnessReward.score(marginals, context),
      realnessReward.score(uniformNoise(POPULATION_SCHEMA, 150, 3), context),
    ]);
    const outOfFold = await classifierOutOfFold('forest', fresh, context);
    expect(Array.from(real)).toEqual(Array.from(outOfFold.calibratedSyntheticPReal));
    // The forest's raw P(real) of these rows scatters about 0.5; the calibrated one barely moves off
    // it, so the density ratios resample draws by stay near 1 and its draw near a plain sample.
    const spread = (values: ArrayLike<number>) => Math.max(...Array.from(values)) - Math.min(...Array.from(values));
    expect(spread(outOfFold.syntheticPReal)).toBeGreaterThan(0.4);
    expect(spread(real)).toBeLessThan(0.4 * spread(outOfFold.syntheticPReal));
    expect(Math.abs(mean(real) - 0.5)).toBeLessThan(0.05);
    // Copies of the training rows sit under both labels and rank below chance out of fold: flat too, never reversed.
    const copies = await realnessReward.score(takeRows(train, range(0, 150)), context);
    expect(spread(copies)).toBe(0);
    expect(mean(broken)).toBeLessThan(mean(real) - 0.05);
    expect(mean(noise)).toBeLessThan(mean(broken) - 0.1);
  });

  it('random (the falsifier): seeded uniform scores that ignore the rows', async () => {
    const noise = uniformNoise(POPULATION_SCHEMA, 2000, 3);
    const a = await randomReward.score(noise, context);
    const b = await randomReward.score(train, context);
    expect(Array.from(b)).toEqual(Array.from(a.subarray(0, b.length)));
    expect(Array.from(await randomReward.score(noise, { ...context, seed: 6 }))).not.toEqual(Array.from(a));
    expect(Math.min(...a)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...a)).toBeLessThan(1);
    expect(mean(a)).toBeCloseTo(0.5, 1);
  });

  it('the registry names every reward', () => {
    expect(REWARD_REGISTRY).toEqual({
      classifier: classifierReward,
      'classifier-gbdt': boostedClassifierReward,
      distance: distanceReward,
      proximity: proximityReward,
      realness: realnessReward,
      random: randomReward,
    });
  });
});
