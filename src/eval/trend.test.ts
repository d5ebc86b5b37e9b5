import { describe, expect, it } from 'vitest';
import type { ColumnSchema } from '../data/types';
import { trend } from './trend';

const numeric = (name: string): ColumnSchema => ({ name, kind: 'numeric', integer: false, decimals: 2, min: 0, max: 10, missingShare: 0, flags: [] });
const categorical = (name: string): ColumnSchema => ({ name, kind: 'categorical', categories: [], counts: [], missingShare: 0, flags: [] });
const table = (columns: Record<string, Array<string | number | null>>) => ({ header: Object.keys(columns), columns: Object.values(columns) });

describe('trend', () => {
  it('numeric pairs: 1 - |rho_s - rho_r| / 2 with Pearson rho', () => {
    const real = table({ x: [1, 2, 3, 4], y: [1, 2, 3, 4] });
    // rho([1,2,3,4], [1,3,2,4]) = 4 / 5 = 0.8 -> 1 - 0.2 / 2 = 0.9; reversed: rho = -1 -> 0.
    expect(trend(real, table({ x: [1, 2, 3, 4], y: [1, 3, 2, 4] }), [numeric('x'), numeric('y')]).score).toBeCloseTo(0.9, 12);
    expect(trend(real, table({ x: [1, 2, 3, 4], y: [4, 3, 2, 1] }), [numeric('x'), numeric('y')]).score).toBeCloseTo(0, 12);
  });

  it('categorical pairs: 1 - 0.5 sum |R - S| over the joint table', () => {
    const real = table({ a: ['p', 'p', 'q', 'q'], b: ['x', 'x', 'y', 'y'] });
    const synthetic = table({ a: ['p', 'p', 'q', 'q'], b: ['y', 'x', 'y', 'x'] });
    // R: px .5, qy .5; S: each of py px qy qx .25 -> sum = 1 -> 0.5 (marginals alone would score 1).
    expect(trend(real, synthetic, [categorical('a'), categorical('b')]).score).toBeCloseTo(0.5, 12);
  });

  it('mixed pairs bin the numeric column into 10 equal-width bins of the real range, ends open', () => {
    const real = table({ n: [0, 10, 0, 10], c: ['a', 'b', 'a', 'b'] });
    // Real range 0..10 (width 1): -5 -> first bin, 25 -> last bin, so the joint table matches exactly.
    expect(trend(real, table({ n: [-5, 25, 0.5, 9.5], c: ['a', 'b', 'a', 'b'] }), [numeric('n'), categorical('c')]).score).toBe(1);
    // 1.0 sits on the edge between the first two bins and goes up, as numpy.digitize does: no longer with the 0s.
    expect(trend(real, table({ n: [1, 10, 0, 10], c: ['a', 'b', 'a', 'b'] }), [numeric('n'), categorical('c')]).score).toBeCloseTo(0.75, 12);
    // Swapped association: R (0,a) .5 (9,b) .5; S (0,b) .5 (9,a) .5 -> 0.
    expect(trend(real, table({ n: [10, 0, 10, 0], c: ['a', 'b', 'a', 'b'] }), [numeric('n'), categorical('c')]).score).toBe(0);
  });

  it('returns a symmetric pair matrix and leaves undefined pairs out of the mean', () => {
    const real = table({ x: [1, 2, 3, 4], k: [5, 5, 5, 5], c: ['a', 'a', 'b', 'b'] });
    const synthetic = table({ x: [4, 3, 2, 1], k: [1, 2, 3, 4], c: ['a', 'a', 'b', 'b'] });
    const result = trend(real, synthetic, [numeric('x'), numeric('k'), categorical('c')]);
    expect(result.columns).toEqual(['x', 'k', 'c']);
    expect(result.matrix[0][0]).toBeNull();
    expect(result.matrix[0][1]).toBeNull(); // k is constant in the real table: rho undefined
    expect(result.matrix[0][2]).toBe(result.matrix[2][0]);
    const defined = result.pairs.filter((p) => p.score !== null);
    expect(defined).toHaveLength(2);
    expect(result.score).toBeCloseTo((defined[0].score! + defined[1].score!) / 2, 12);
  });
});
