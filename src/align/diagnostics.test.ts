import { describe, expect, it } from 'vitest';
import { applySchema } from '../data/apply-schema';
import { loadCsvFile } from '../data/csv-file';
import { takeRows } from '../data/split';
import type { Table } from '../data/types';
import { groupAgreement, rescoreReward, rescoreSeed, rowGroups } from './diagnostics';
import { densityRatio, keptLabels, topRewardRows, weightedDraw } from './reward-filter';
import { DEFAULT_RUN_CONFIG, type RunConfig } from './run-config';
import { roundSeed } from './run-session';

const TABLES = new URL('../../fixtures/tables/', import.meta.url).pathname;

async function penguinsTrain() {
  const { raw, schema } = await loadCsvFile(`${TABLES}penguins.train.csv`);
  return { train: applySchema(raw, schema), schema };
}

const config = (changes: Partial<RunConfig>): RunConfig => ({ ...DEFAULT_RUN_CONFIG, ...changes });

describe('reward-side diagnostics', () => {
  it('ranks rows for filter: the k best, ties to the earlier row, in sampling order', () => {
    expect(topRewardRows([0.1, 0.9, 0.5, 0.9, 0.2], 3)).toEqual([1, 2, 3]);
    expect(topRewardRows([0.3, 0.3, 0.3], 2)).toEqual([0, 1]);
    expect(keptLabels(config({ method: 'filter', rowsPerRound: 1 }), [0.1, 0.9, 0.5], 7)).toEqual(['low', 'high', 'low']);
  });

  it('reads a reward as P(real) for resample: the density ratio p/(1 − p), kept finite at 0 and 1', () => {
    expect(densityRatio(0.5)).toBe(1);
    expect(densityRatio(0.75)).toBeCloseTo(3, 12);
    expect(densityRatio(0)).toBeCloseTo(0.01 / 0.99, 12);
    expect(densityRatio(1)).toBeCloseTo(99, 9);
  });

  it('draws rows for resample with probability ∝ weight, without replacement, reproducibly per seed', () => {
    const weights = [1, 1, 2, 4, 0.5, 1.5];
    const draws = 20_000;
    const picked = new Array(weights.length).fill(0);
    for (let seed = 1; seed <= draws; seed++) {
      const rows = weightedDraw(weights, 1, seed);
      expect(rows).toHaveLength(1);
      picked[rows[0]]++;
    }
    const total = weights.reduce((a, b) => a + b, 0);
    // One draw of one row is exactly P(row) = w / Σw; 20,000 draws put each share within ±0.012 (> 3.5 sd).
    weights.forEach((w, i) => expect(Math.abs(picked[i] / draws - w / total)).toBeLessThan(0.012));
    const three = weightedDraw(weights, 3, 42);
    expect(new Set(three).size).toBe(3);
    expect(three).toEqual([...three].sort((a, b) => a - b));
    expect(weightedDraw(weights, 3, 42)).toEqual(three);
    expect(weightedDraw(weights, 6, 5)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('resample keeps a plain random sample when the classifier cannot tell (flat rewards), and favours real-like rows when it can', () => {
    const n = 4000;
    const resample = config({ method: 'resample', rowsPerRound: 1000 });
    const flat = keptLabels(resample, new Array(n).fill(0.5), 3);
    expect(flat.filter((g) => g === 'high')).toHaveLength(1000);
    const firstHalf = flat.slice(0, n / 2).filter((g) => g === 'high').length;
    expect(Math.abs(firstHalf - 500)).toBeLessThan(70);
    // The first half looks real to the classifier (p 0.75, ratio 3), the second fake (p 0.25, ratio 1/3):
    // a 1,000-of-4,000 draw ∝ ratio takes most of its rows from the first half, but not all (no truncation).
    const tilted = keptLabels(
      resample,
      Array.from({ length: n }, (_, i) => (i < n / 2 ? 0.75 : 0.25)),
      3,
    );
    const realLike = tilted.slice(0, n / 2).filter((g) => g === 'high').length;
    expect(realLike).toBeGreaterThan(800);
    expect(realLike).toBeLessThan(1000);
  });

  it('groups rows as the method does: halves for the preference objectives, the N kept for filter, resample and sft-resample', () => {
    const rewards = [0.1, 0.9, 0.5, 0.7, 0.2, 0.8];
    expect(rowGroups(config({ method: 'tabgraa', groupShare: 0.5 }), rewards, 1)).toEqual(['low', 'high', 'low', 'high', 'low', 'high']);
    expect(rowGroups(config({ method: 'tabgraa', groupShare: 1 / 3 }), rewards, 1)).toEqual(['low', 'high', 'middle', 'middle', 'low', 'high']);
    expect(rowGroups(config({ method: 'filter', rowsPerRound: 2 }), rewards, 1)).toEqual(['low', 'high', 'low', 'low', 'low', 'high']);
    const resampled = rowGroups(config({ method: 'resample', rowsPerRound: 2 }), rewards, 1);
    expect(resampled.filter((g) => g === 'high')).toHaveLength(2);
    expect(rowGroups(config({ method: 'resample', rowsPerRound: 2 }), rewards, 1)).toEqual(resampled);
    expect(rowGroups(config({ method: 'sft-resample', rowsPerRound: 2 }), rewards, 1)).toEqual(resampled);
  });

  it('measures agreement between two labellings of the same rows', () => {
    expect(groupAgreement(['high', 'low', 'high', 'low'], ['high', 'high', 'low', 'low'])).toBe(0.5);
    expect(() => groupAgreement(['high'], ['high', 'low'])).toThrow(/same rows/);
    expect(rescoreSeed(3, 2)).not.toBe(roundSeed(3, 2));
  });

  it("the random reward agrees with itself by chance only (about half the rows); the classifier's AUC tells real-like rows from shifted ones", async () => {
    const { train, schema } = await penguinsTrain();
    const rows = takeRows(
      train,
      Array.from({ length: 200 }, (_, i) => i),
    );
    const tabgraa = config({ method: 'tabgraa', reward: 'random' });
    const a = await rescoreReward(tabgraa, rows, { train, schema, seed: 1 });
    const b = await rescoreReward(tabgraa, rows, { train, schema, seed: 2 });
    expect(a.auc).toBeNull();
    const agreement = groupAgreement(rowGroups(tabgraa, a.rewards, 1), rowGroups(tabgraa, b.rewards, 1));
    expect(agreement).toBeGreaterThan(0.35);
    expect(agreement).toBeLessThan(0.65);

    const mass = rows.header.indexOf('body_mass_g');
    const shifted: Table = {
      header: rows.header,
      columns: rows.columns.map((c, j) => (j === mass ? c.map((v) => (typeof v === 'number' ? v + 3000 : v)) : c)),
    };
    for (const reward of ['classifier', 'classifier-gbdt', 'realness'] as const) {
      const classifier = config({ method: 'tabgraa', reward });
      const realLike = await rescoreReward(classifier, rows, { train, schema, seed: 1 });
      expect(realLike.auc!).toBeLessThan(0.65);
      const detected = await rescoreReward(classifier, shifted, { train, schema, seed: 1 });
      expect(detected.auc!).toBeGreaterThan(0.95);
      expect(detected.rewards.every((r) => r >= 0 && r <= 1)).toBe(true);
    }
  });
});
