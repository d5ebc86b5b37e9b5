import { describe, expect, it } from 'vitest';
import { groupMeans, rewardHistogram, roundEndLogRatios } from './round-groups';

const samples = {
  round: 2,
  rows: { header: [], columns: [] },
  rewards: [0.95, 0.91, 0.42, 0.05, 0.12, 0.5, 1],
  groups: ['high', 'high', 'low', 'low', 'low', 'middle', 'high'] as Array<'high' | 'low' | 'middle'>,
  rewardMean: 0,
  rewardStd: 0,
};

const align = [
  { round: 1, step: 1, loss: 0.5, highLogRatio: 0, lowLogRatio: 0 },
  { round: 1, step: 6, loss: 0.45, highLogRatio: 0.1, lowLogRatio: -0.2 },
  { round: 2, step: 6, loss: 0.4, highLogRatio: 0.3, lowLogRatio: -0.5 },
  { round: 2, step: 3, loss: 0.42, highLogRatio: 0.2, lowLogRatio: -0.3 },
];

describe('the round charts of the two groups', () => {
  it("bins each group's rewards by tenths, as shares of the group (a reward of 1 in the last bin, middle rows left out)", () => {
    const bins = rewardHistogram(samples);
    expect(bins).toHaveLength(10);
    expect(bins[9]).toEqual({ label: '0.9–1.0', high: 1, low: 0 });
    expect(bins.map((b) => b.low)).toEqual([1 / 3, 1 / 3, 0, 0, 1 / 3, 0, 0, 0, 0, 0]);
    expect(bins.reduce((a, b) => a + b.high, 0)).toBeCloseTo(1, 12);
    const means = groupMeans(samples);
    expect(means.high).toBeCloseTo((0.95 + 0.91 + 1) / 3, 12);
    expect(means.low).toBeCloseTo((0.42 + 0.05 + 0.12) / 3, 12);
    expect(groupMeans({ rewards: [0.3], groups: ['middle'] })).toEqual({ high: null, low: null });
  });

  it("takes each round's last reported step as where its log-ratios ended", () => {
    expect(roundEndLogRatios(align)).toEqual([
      { round: 1, high: 0.1, low: -0.2 },
      { round: 2, high: 0.3, low: -0.5 },
    ]);
    expect(roundEndLogRatios([])).toEqual([]);
  });
});
