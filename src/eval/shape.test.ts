import { describe, expect, it } from 'vitest';
import type { Schema } from '../data/types';
import { ksComplement, shape, tvComplement } from './shape';

describe('KSComplement', () => {
  it('is 1 - the largest gap between the two empirical CDFs', () => {
    // CDF gaps at 1..6: .25 .5 .5 .5 .25 0 -> KS = 0.5.
    expect(ksComplement([1, 2, 3, 4], [3, 4, 5, 6])).toBeCloseTo(0.5, 12);
  });
  it('steps over tied values in both samples at once', () => {
    // At 1: 2/3 vs 1/3; at 2: 1 vs 1 -> KS = 1/3. Stepping one value at a time would report 2/3 - 0 at the first 1.
    expect(ksComplement([1, 1, 2], [1, 2, 2])).toBeCloseTo(2 / 3, 12);
  });
  it('drops missing cells and is symmetric', () => {
    expect(ksComplement([1, null, 2], [2, 1])).toBe(1);
    expect(ksComplement([0, 0, 5], [5, 6, 7, 8])).toBeCloseTo(ksComplement([5, 6, 7, 8], [0, 0, 5]), 12);
  });
  it('scores 0 when one side has no values', () => {
    expect(ksComplement([1, 2], [null, null])).toBe(0);
  });
});

describe('TVComplement', () => {
  it('counts missing as a value and penalises categories only the synthetic side has', () => {
    // R: a .5, b .25, missing .25; S: a .25, b .5, c .25 -> sum |R - S| = 1 -> 1 - 0.5.
    expect(tvComplement(['a', 'a', 'b', null], ['a', 'b', 'b', 'c'])).toBeCloseTo(0.5, 12);
    expect(tvComplement(['a', 'b'], ['b', 'a'])).toBe(1);
    expect(tvComplement(['a'], ['z'])).toBe(0);
  });
});

describe('shape', () => {
  it('averages the per-column scores and reports the error in percent', () => {
    const schema: Schema = {
      version: 1,
      rowCount: 4,
      columns: [
        { name: 'n', kind: 'numeric', integer: true, decimals: 0, min: 1, max: 6, missingShare: 0, flags: [] },
        { name: 'c', kind: 'categorical', categories: ['a', 'b'], counts: [2, 2], missingShare: 0, flags: [] },
      ],
    };
    const real = {
      header: ['n', 'c'],
      columns: [
        [1, 2, 3, 4],
        ['a', 'a', 'b', 'b'],
      ],
    };
    const synthetic = {
      header: ['c', 'n'],
      columns: [
        ['a', 'b', 'b', 'b'],
        [3, 4, 5, 6],
      ],
    };
    const result = shape(real, synthetic, schema.columns);
    expect(result.columns.map((c) => [c.column, c.metric, c.score])).toEqual([
      ['n', 'KSComplement', 0.5],
      ['c', 'TVComplement', 0.75],
    ]);
    expect(result.score).toBeCloseTo(0.625, 12);
    expect(result.errorPct).toBeCloseTo(37.5, 10);
  });
});
