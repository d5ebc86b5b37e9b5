import { describe, expect, it } from 'vitest';
import { percentileRanks } from './percentile';

describe('percentileRanks', () => {
  it('counts the reference below each value, ties at half', () => {
    const reference = [5, 1, 3, 3, 9];
    expect(Array.from(percentileRanks(reference, [0, 1, 3, 4, 10]))).toEqual([0, 10, 40, 60, 100]);
  });

  it('refuses an empty reference', () => {
    expect(() => percentileRanks([], [1])).toThrow(/at least one reference value/);
  });
});
