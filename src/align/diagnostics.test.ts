import { describe, expect, it } from 'vitest';
import { applySchema } from '../data/apply-schema';
import { loadCsvFile } from '../data/csv-file';
import { takeRows } from '../data/split';
import type { Table } from '../data/types';
import { groupAgreement, rescoreReward, rescoreSeed, rowGroups } from './diagnostics';
import { filterLabels, topRewardRows } from './reward-filter';
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
    expect(filterLabels([0.1, 0.9, 0.5], 1)).toEqual(['low', 'high', 'low']);
  });

  it('groups rows as the method does: halves for the preference objectives, the N kept for filter', () => {
    const rewards = [0.1, 0.9, 0.5, 0.7, 0.2, 0.8];
    expect(rowGroups(config({ method: 'tabgraa', groupShare: 0.5 }), rewards)).toEqual(['low', 'high', 'low', 'high', 'low', 'high']);
    expect(rowGroups(config({ method: 'tabgraa', groupShare: 1 / 3 }), rewards)).toEqual(['low', 'high', 'middle', 'middle', 'low', 'high']);
    expect(rowGroups(config({ method: 'filter', rowsPerRound: 2 }), rewards)).toEqual(['low', 'high', 'low', 'low', 'low', 'high']);
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
    const agreement = groupAgreement(rowGroups(tabgraa, a.rewards), rowGroups(tabgraa, b.rewards));
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
