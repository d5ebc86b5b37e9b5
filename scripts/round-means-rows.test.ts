import { describe, expect, it } from 'vitest';
import { roundResult } from '../src/align/compare-fixture';
import type { CompareCell } from '../src/align/compare-report';
import { roundMeansTable } from './round-means-rows';

function cell(method: string, seed: number, gbdt: number[]): CompareCell {
  const rounds = gbdt.map((c2st_gbdt, round) => roundResult(round, { c2st_gbdt }));
  return { method, reward: method === 'none' ? 'na' : 'realness', seed, rounds, diagnostics: [], budget: null, seconds: 1 };
}

describe('round means table', () => {
  const seeds = [1, 2, 3, 4, 5, 6, 7, 8];
  const report = {
    cells: [
      ...seeds.map((s) => cell('none', s, [0.1, 0.5, 0.6, 0.7])),
      // Round 0 (the SFT checkpoint) is left out: only rounds 1..T are averaged.
      ...seeds.map((s) => cell('resample', s, [0.9, 0.6 + s / 100, 0.7, 0.8])),
      cell('marginals-baseline', 1, [0.05]),
    ],
  };

  it('averages rounds 1..T per seed and pairs each method with none on the same seeds', () => {
    const lines = roundMeansTable(report).trim().split('\n');
    expect(lines).toHaveLength(2 + 2);
    const none = lines.find((l) => l.startsWith('| none / na |'))!;
    expect(none).toContain('| 8 | 0.900 | – |');
    expect(none).toContain('| 0.600 | – |');
    const resample = lines.find((l) => l.startsWith('| resample / realness |'))!;
    // (0.6 + s/100 + 0.7 + 0.8) / 3 averages 0.715 over the seeds; none's rounds average 0.6.
    expect(resample).toContain('| 0.715 | +0.115 (p 0.008) |');
    expect(resample).toContain('| 0.900 | +0.000 (p 1.000) |');
  });

  it('says what is wrong with a file that is not a compare report', () => {
    expect(() => roundMeansTable({ summaries: [] })).toThrow(/not a compare report/);
  });
});
