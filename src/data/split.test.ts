import { describe, expect, it } from 'vitest';
import { createRng, randomPermutation } from './rng';
import { matchHoldout, sampleRows, splitTable } from './split';
import type { Table } from './types';

const table = (n: number): Table => ({
  header: ['id', 'label'],
  columns: [Array.from({ length: n }, (_, r) => r), Array.from({ length: n }, (_, r) => (r % 5 === 0 ? 'rare' : r % 7 === 0 ? null : 'common'))],
});

describe('seeded rng', () => {
  it('repeats for a seed, differs across seeds, stays in [0, 1)', () => {
    const a = Array.from({ length: 1000 }, createRng(42));
    expect(Array.from({ length: 1000 }, createRng(42))).toEqual(a);
    expect(Array.from({ length: 1000 }, createRng(43))).not.toEqual(a);
    expect(a.every((x) => x >= 0 && x < 1)).toBe(true);
    // Mean of 1000 uniforms: sd = sqrt(1/12/1000) ≈ 0.0091; allow 5 sd.
    expect(Math.abs(a.reduce((s, x) => s + x, 0) / a.length - 0.5)).toBeLessThan(0.046);
    expect([...randomPermutation(50, createRng(1))].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
});

describe('seeded training sample', () => {
  it('keeps the asked number of distinct rows in table order, the same for a seed and other for another', () => {
    const sample = sampleRows(table(1000), 300, 5);
    const ids = sample.columns[0] as number[];
    expect(ids).toHaveLength(300);
    expect(new Set(ids).size).toBe(300);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    // Every column follows the picked rows.
    expect(sample.columns[1]).toEqual(ids.map((r) => table(1000).columns[1][r]));
    expect(sampleRows(table(1000), 300, 5)).toEqual(sample);
    expect(sampleRows(table(1000), 300, 6).columns[0]).not.toEqual(ids);
    // Spread over the table, not its head: the mean id of a uniform sample is near 499.5 (sd ≈ 14).
    expect(Math.abs(ids.reduce((a, b) => a + b, 0) / 300 - 499.5)).toBeLessThan(75);
  });
});

describe('train/holdout split', () => {
  it('is seeded, disjoint, complete, order-keeping and of the asked size', () => {
    const { train, holdout } = splitTable(table(1000), 0.2, 7);
    expect(holdout.columns[0]).toHaveLength(200);
    expect(train.columns[0]).toHaveLength(800);
    const ids = [...train.columns[0], ...holdout.columns[0]] as number[];
    expect([...ids].sort((a, b) => a - b)).toEqual(table(1000).columns[0]);
    for (const part of [train, holdout]) expect(part.columns[0]).toEqual([...(part.columns[0] as number[])].sort((a, b) => a - b));
    expect(train.columns[1]).toEqual((train.columns[0] as number[]).map((r) => table(1000).columns[1][r]));
    expect(splitTable(table(1000), 0.2, 7)).toEqual({ train, holdout });
    expect(splitTable(table(1000), 0.2, 8).holdout).not.toEqual(holdout);
  });

  it('stratifies by a column, missing labels as their own class', () => {
    const { holdout } = splitTable(table(1000), 0.2, 3, 'label');
    const labels = holdout.columns[1];
    const count = (v: unknown) => labels.filter((x) => x === v).length;
    // 200 rare, 686 common, 114 missing in the whole table.
    expect([count('rare'), count('common'), count(null)]).toEqual([40, 137, 23]);
  });

  it('says what is wrong with a split it cannot make', () => {
    expect(() => splitTable(table(10), 1, 1)).toThrow(/between 0 and 1/);
    expect(() => splitTable(table(1), 0.5, 1)).toThrow(/needs at least 2 rows/);
    expect(() => splitTable(table(3), 0.1, 1)).toThrow(/leaves one side empty/);
    expect(() => splitTable(table(10), 0.2, 1, 'nope')).toThrow(/no such column/);
  });

  it('takes the user holdout file in the training column order', () => {
    const holdout: Table = { header: ['label', 'extra', 'id'], columns: [['a'], ['z'], [1]] };
    expect(matchHoldout(holdout, ['id', 'label'])).toEqual({ header: ['id', 'label'], columns: [[1], ['a']] });
    expect(() => matchHoldout(holdout, ['id', 'age'])).toThrow(/lacks the column\(s\) "age" of the training table/);
  });
});
