import { describe, expect, it } from 'vitest';
import type { CategoricalColumnSchema, NumericColumnSchema, Schema } from '../data/types';
import { guessTarget } from './target-guess';

const num = (name: string, min: number, max: number): NumericColumnSchema => ({
  name,
  kind: 'numeric',
  integer: true,
  decimals: 0,
  min,
  max,
  missingShare: 0,
  flags: [],
});
const cat = (name: string, n: number): CategoricalColumnSchema => ({
  name,
  kind: 'categorical',
  categories: Array.from({ length: n }, (_, i) => `v${i}`),
  counts: Array(n).fill(1),
  missingShare: 0,
  flags: [],
});
const schema = (...columns: Schema['columns']): Schema => ({ version: 1, rowCount: 100, columns });

describe('guessTarget', () => {
  it('takes a column named like a label, wherever it is, before the last column', () => {
    expect(guessTarget(schema(num('age', 17, 90), cat('income', 2), cat('sex', 2)))).toEqual({ column: 'income', reason: 'its name, "income"' });
    expect(guessTarget(schema(cat('Class', 3), num('x', 0, 9)))?.column).toBe('Class');
    expect(guessTarget(schema(num('x', 0, 9), num('y', 0, 1000)))?.column).toBe('y');
  });

  it('skips a label-named column that is left out', () => {
    expect(guessTarget(schema({ ...cat('target', 2), excluded: 'Excluded by you.' }, num('x', 0, 9)))).toBeUndefined();
  });

  it('takes the last column when it has 2 to 20 classes or is a 0/1 flag', () => {
    expect(guessTarget(schema(num('a', 0, 9), cat('diagnosis', 5)))).toEqual({ column: 'diagnosis', reason: 'it is the last column and has 5 values' });
    expect(guessTarget(schema(num('a', 0, 9), num('survived', 0, 1)))?.column).toBe('survived');
  });

  it('guesses nothing from a last column that is not class-like', () => {
    expect(guessTarget(schema(cat('a', 3), cat('city', 21)))).toBeUndefined();
    expect(guessTarget(schema(cat('a', 3), cat('flag', 1)))).toBeUndefined();
    expect(guessTarget(schema(cat('species', 3), num('year', 2007, 2009)))).toBeUndefined();
  });
});
