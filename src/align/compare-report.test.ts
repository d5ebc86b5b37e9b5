import { describe, expect, it } from 'vitest';
import { roundResult } from './compare-fixture';
import { compareMarkdown } from './compare-markdown';
import { type CompareCell, summarizeCompare } from './compare-report';
import type { RoundDiagnostics } from './round-diagnostics';
import type { RoundResult } from './run-alignment';

function round(round: number, shape: number): RoundResult {
  return roundResult(round, { shape, trend: shape / 2, c2st: 0.5, c2st_gbdt: 0.25, mle: { auc: 0.6, real: 0.9 } });
}

function diagnostics(round: number, highLogRatio: number | null, rewardAuc: number | null): RoundDiagnostics {
  return {
    round,
    highReward: 0.8,
    lowReward: 0.2,
    highLogRatio,
    lowLogRatio: highLogRatio === null ? null : -highLogRatio,
    klToReference: null,
    rewardAgreement: 0.7,
    rewardAuc,
  };
}

const budget = { stepsPerRound: 6, rowsPerStep: 64, rowsSampledPerRound: 384 };

function cell(method: string, reward: string, seed: number, shapes: number[], extra: Partial<CompareCell> = {}): CompareCell {
  return { method, reward, seed, rounds: shapes.map((s, i) => round(i, s)), diagnostics: [], budget, seconds: 10 * seed, ...extra };
}

const SEEDS = [1, 2, 3, 4, 5, 6];
// none and sft-continue start from the same round 0 per seed; tabgraa beats none on every seed, and sft-continue on 5 of 6.
const cells: CompareCell[] = [
  ...SEEDS.map((s) => cell('none', 'na', s, [0.8 + s / 100, 0.8 + s / 100], { budget: { ...budget, stepsPerRound: 0, rowsPerStep: 0 } })),
  ...SEEDS.map((s) => cell('sft-continue', 'na', s, [0.8 + s / 100, 0.82 + s / 100])),
  ...SEEDS.map((s) =>
    cell('tabgraa', 'classifier', s, [0.8 + s / 100, 0.83 + s / 100 - (s === 6 ? 0.02 : 0) + s / 1000], {
      diagnostics: [diagnostics(1, s / 10, 0.7 + s / 100)],
    }),
  ),
];

describe('the compare summary', () => {
  const summaries = summarizeCompare(cells);
  const byMethod = (m: string) => summaries.find((s) => s.method === m)!;

  it('gives mean ± std over seeds of the final round', () => {
    const none = byMethod('none').final.shape;
    expect(none.values).toEqual(SEEDS.map((s) => 0.8 + s / 100));
    expect(none.mean).toBeCloseTo(0.835, 12);
    expect(none.std).toBeCloseTo(Math.sqrt(SEEDS.reduce((a, s) => a + (0.8 + s / 100 - 0.835) ** 2, 0) / 5), 12);
  });

  it('tests every method against none and against sft-continue: paired Wilcoxon p and the rank-biserial effect size', () => {
    const tabgraa = byMethod('tabgraa').final.shape;
    // Above none on all 6 seeds: the smallest exact two-sided p for n = 6, and r = +1.
    expect(tabgraa.vs.none).toMatchObject({ n: 6, p: 2 / 64, rankBiserial: 1 });
    expect(tabgraa.vs.none!.meanDifference).toBeCloseTo(0.03 + 0.0035 - 0.02 / 6, 10);
    // Against sft-continue: d = 0.01 + s/1000 for s = 1..5 (ranks 1..5 +), seed 6: 0.01 + 0.006 - 0.02 = -0.004 (rank 1 of |d|).
    const vsContinue = tabgraa.vs['sft-continue']!;
    expect(vsContinue.n).toBe(6);
    // |d| = 0.011, 0.012, 0.013, 0.014, 0.015, 0.004: W- = 1, W+ = 20, r = 19/21.
    expect(vsContinue.rankBiserial).toBeCloseTo(19 / 21, 12);
    expect(vsContinue.p).toBeCloseTo(4 / 64, 12);
    expect(byMethod('none').final.shape.vs.none).toBeNull();
    expect(byMethod('sft-continue').final.shape.vs['sft-continue']).toBeNull();
    expect(byMethod('none').final.shape.vs['sft-continue']!.rankBiserial).toBe(-1);
  });

  it("tests against none's mean over its draws too: rounds 0..T of none are independent tables of one model", () => {
    const draws = [1, 2, 3].flatMap((s) => [cell('none', 'na', s, [0.8, 0.7 + s / 100, 0.9]), cell('filter', 'random', s, [0.8, 0.85])]);
    const [none, filter] = summarizeCompare(draws);
    // Against the final draw (0.9) the filter loses 0.05 on every seed; against the mean of the three draws, (2.4 + s/100)/3, it gains 0.05 - s/300.
    expect(filter.final.shape.vs.none!.meanDifference).toBeCloseTo(-0.05, 12);
    expect(filter.final.shape.vs['none-draws']!.meanDifference).toBeCloseTo(0.85 - (0.8 + 0.72 + 0.9) / 3, 12);
    expect(filter.final.shape.vs['none-draws']!.rankBiserial).toBe(1);
    expect(none.final.shape.vs['none-draws']).toBeNull();
  });

  it('keeps per-round curves (mean ± std) and diagnostics (null where they do not apply), and the compute per round', () => {
    const tabgraa = byMethod('tabgraa');
    expect(tabgraa.curves.map((c) => c.round)).toEqual([0, 1]);
    expect(tabgraa.curves[0].shape.mean).toBeCloseTo(byMethod('none').curves[0].shape.mean, 12);
    expect(tabgraa.diagnostics).toHaveLength(1);
    expect(tabgraa.diagnostics[0].highLogRatio!.mean).toBeCloseTo(0.35, 12);
    expect(tabgraa.diagnostics[0].rewardAuc!.mean).toBeCloseTo(0.735, 12);
    expect(tabgraa.diagnostics[0].klToReference).toBeNull();
    expect(byMethod('none').diagnostics).toEqual([]);
    expect(tabgraa.budget).toEqual(budget);
    expect(tabgraa.rounds).toBe(1);
    expect(tabgraa.meanSeconds).toBeCloseTo(35, 12);
  });

  it('writes the tables, the tests against both baselines and the compute into report.md', () => {
    const md = compareMarkdown(summaries, 'test');
    expect(md).toContain('## Against `none`');
    expect(md).toContain('## Against `none`, averaged over its draws');
    expect(md).toContain('## Against `sft-continue`');
    expect(md).toMatch(/\| tabgraa \/ classifier \| \+0\.0302 \(p=0\.031, r=\+1\.00\)/);
    expect(md).toContain('| tabgraa / classifier | 1 | 6 | 64 | 384 | 35 |');
    expect(md).toContain('### tabgraa / classifier');
    expect(md).toMatch(/\| 1 \| 0\.800 ± 0\.000 \| 0\.200 ± 0\.000 \| 0\.350 ± 0\.187/);
  });
});
