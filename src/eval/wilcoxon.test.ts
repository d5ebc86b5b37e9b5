import { describe, expect, it } from 'vitest';
import { wilcoxonSignedRank } from './wilcoxon';

// Oracle p-values from scipy 1.17.1: scipy.stats.wilcoxon(x, y, method=..., correction=True, zero_method='wilcox').
describe('wilcoxonSignedRank', () => {
  it('matches scipy exact p-values', () => {
    const a = [1.83, 0.5, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.3];
    const b = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29];
    const result = wilcoxonSignedRank(a, b);
    expect(result.method).toBe('exact');
    expect(Math.min(result.wPlus, result.wMinus)).toBe(5);
    expect(result.p).toBeCloseTo(0.0390625, 12);
  });

  it('gives p = 0.0625 for five seeds that all improve: 5 seeds cannot reach 0.05', () => {
    expect(wilcoxonSignedRank([1, 2, 3, 4, 5], [0, 0, 0, 0, 0]).p).toBeCloseTo(0.0625, 12);
    expect(wilcoxonSignedRank([0, 0, 0, 0, 0], [1, 2, 3, 4, 5]).p).toBeCloseTo(0.0625, 12);
  });

  it('matches scipy normal approximation (continuity and tie corrections, zeros dropped)', () => {
    const u = [
      0.4, 0.2, 0.9, 0, -0.2, 0.7, 1.6, 0, -0.4, -1, -0.3, 0.3, -2, 0.1, -0.9, -0.4, -0.2, -0, 0.7, 1.3, 0.2, 1.7, -0.4, 0.7, 1.2, 0.4, -0.4, -0.6, -0.2, 0.5,
      -0.7, 0.1, 0.1, 0.8, 0.5, 0.7, -0.4, 0.2, 1.1, 1.8,
    ];
    const result = wilcoxonSignedRank(u, new Array(u.length).fill(0), 'normal');
    expect(result.n).toBe(37);
    expect(Math.min(result.wPlus, result.wMinus)).toBe(245.5);
    // simple-statistics' erf is accurate to ~1.2e-7, hence 6 digits.
    expect(result.p).toBeCloseTo(0.11087301542794108, 6);
  });

  it('is exact under ties: agrees with enumerating all 2^n sign patterns', () => {
    const d = [1, 1, 2, 3, 3, 3, -1, 4, -3, 5];
    const result = wilcoxonSignedRank(d, new Array(d.length).fill(0), 'exact');
    // Brute force over sign flips of the same (tied) ranks.
    const abs = d.map(Math.abs);
    const rank = (v: number) => {
      const below = abs.filter((w) => w < v).length;
      const equal = abs.filter((w) => w === v).length;
      return below + (equal + 1) / 2;
    };
    const ranks = abs.map(rank);
    const observed = Math.min(result.wPlus, result.wMinus);
    let atMost = 0;
    for (let mask = 0; mask < 1 << d.length; mask++) {
      const w = ranks.reduce((s, r, i) => s + (mask & (1 << i) ? r : 0), 0);
      if (w <= observed + 1e-9) atMost++;
    }
    expect(result.p).toBeCloseTo(Math.min(1, (2 * atMost) / 2 ** d.length), 12);
  });

  it('gives the matched-pairs rank-biserial correlation as the effect size', () => {
    // d = [3, -1, 2, 4] → ranks 3, 1, 2, 4: W+ = 9, W- = 1, r = (9 - 1)/10.
    expect(wilcoxonSignedRank([3, -1, 2, 4], [0, 0, 0, 0]).rankBiserial).toBeCloseTo(0.8, 12);
    expect(wilcoxonSignedRank([0, 0, 0, 0, 0], [1, 2, 3, 4, 5]).rankBiserial).toBe(-1);
    // Zero differences are dropped: the remaining pair all improves.
    expect(wilcoxonSignedRank([1, 1, 2], [1, 1, 1]).rankBiserial).toBe(1);
    expect(wilcoxonSignedRank([1, 2], [1, 2]).rankBiserial).toBe(0);
    const u = Array.from({ length: 60 }, (_, i) => Math.sin(i) + 0.3);
    const normal = wilcoxonSignedRank(u, new Array(60).fill(0), 'normal');
    expect(normal.rankBiserial).toBeCloseTo((normal.wPlus - normal.wMinus) / (normal.wPlus + normal.wMinus), 12);
    expect(normal.rankBiserial).toBeGreaterThan(0);
  });

  it('rejects unequal lengths with a clear message', () => {
    expect(() => wilcoxonSignedRank([1, 2], [1])).toThrow(/equal lengths/);
  });
});
