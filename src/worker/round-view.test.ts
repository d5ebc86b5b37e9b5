import { describe, expect, it } from 'vitest';
import { applySchema } from '../data/apply-schema';
import type { CategoricalColumnSchema, NumericColumnSchema, Schema } from '../data/types';
import { associationDiff, columnDistribution, roundDistributions } from './round-view';
import { loadedCensus } from './test-table';

const age: NumericColumnSchema = { name: 'age', kind: 'numeric', integer: true, decimals: 0, min: 0, max: 100, missingShare: 0, flags: [] };
const sex: CategoricalColumnSchema = { name: 'sex', kind: 'categorical', categories: ['M', 'F'], counts: [3, 1], missingShare: 0, flags: [] };

describe('round view', () => {
  const sumsToOne = (bins: Array<{ real: number; synthetic: number }>) => {
    for (const side of ['real', 'synthetic'] as const) expect(bins.reduce((s, b) => s + b[side], 0)).toBeCloseTo(1, 12);
  };

  it('bins whole numbers in whole-width bins over the real range, shares summing to 1 on each side', () => {
    const d = columnDistribution(age, [0, 5, 50, 100], [99, 99, null, 12]);
    expect(d.bins).toHaveLength(11); // ten bins of 11 values + missing
    expect(d.bins[0]).toEqual({ label: '0–10', real: 0.5, synthetic: 0 });
    expect(d.bins[1]).toEqual({ label: '11–21', real: 0, synthetic: 0.25 });
    expect(d.bins[9]).toEqual({ label: '99–100', real: 0.25, synthetic: 0.5 });
    expect(d.bins.at(-1)).toEqual({ label: '(missing)', real: 0, synthetic: 0.25 });
    sumsToOne(d.bins);
  });

  it('draws a bar per value for a whole-number column with few values', () => {
    const children: NumericColumnSchema = { ...age, name: 'children', min: 1, max: 3 };
    const d = columnDistribution(children, [1, 1, 2, 3], [1, 2, 2, 2]);
    expect(d.bins).toEqual([
      { label: '1', real: 0.5, synthetic: 0.25 },
      { label: '2', real: 0.25, synthetic: 0.75 },
      { label: '3', real: 0.25, synthetic: 0 },
    ]);
  });

  it('gives every bin its own label, however narrow the range', () => {
    const narrow: NumericColumnSchema = { ...age, name: 'x', integer: false, decimals: 1, min: 0.1, max: 0.3 };
    const d = columnDistribution(narrow, [0.1, 0.15, 0.2, 0.3], [0.3, 0.3, 0.1, 0.25]);
    const labels = d.bins.map((b) => b.label);
    expect(new Set(labels).size).toBe(labels.length);
    expect(labels[0]).toBe('0.10–0.12');
    sumsToOne(d.bins);
  });

  it('orders categories by real frequency and pools the tail into "other"', () => {
    const many: CategoricalColumnSchema = {
      ...sex,
      categories: Array.from({ length: 14 }, (_, i) => `c${i}`),
      counts: Array.from({ length: 14 }, (_, i) => i),
    };
    const d = columnDistribution(many, ['c13', 'c0'], ['c0', 'c1']);
    expect(d.bins[0].label).toBe('c13');
    expect(d.bins.map((b) => b.label)).toContain('(other)');
    expect(d.bins.find((b) => b.label === '(other)')).toEqual({ label: '(other)', real: 0.5, synthetic: 1 });
  });

  it('matches columns by name and skips excluded ones', () => {
    const schema: Schema = { version: 1, rowCount: 2, columns: [age, sex, { ...sex, name: 'gone', excluded: 'Excluded by you.' }] };
    const real = {
      header: ['age', 'sex'],
      columns: [
        [1, 2],
        ['M', 'F'],
      ],
    };
    const synthetic = {
      header: ['sex', 'age'],
      columns: [
        ['F', 'F'],
        [3, 4],
      ],
    };
    const out = roundDistributions(schema, real, synthetic);
    expect(out.map((d) => d.name)).toEqual(['age', 'sex']);
    expect(out[1].bins.find((b) => b.label === 'F')).toEqual({ label: 'F', real: 0.5, synthetic: 1 });
  });

  it('scores association gaps on the real data layer', async () => {
    const { raw, schema } = await loadedCensus();
    const typed = applySchema(raw, schema);
    const same = associationDiff(schema, typed, typed);
    expect(same?.columns).toEqual(['age', 'sex', 'income']);
    // Identical tables: every pair agrees, so every gap is 0.
    for (const row of same!.values) for (const v of row) expect(v).toBeCloseTo(0, 12);
    // Synthetic sex made a copy of income: that pair's association differs from the real one.
    const tied = { ...typed, columns: [typed.columns[0], typed.columns[2].map((v) => (v === '>50K' ? 'Female' : 'Male')), typed.columns[2]] };
    const gaps = associationDiff(schema, typed, tied)!.values;
    expect(gaps[1][2]).toBeGreaterThan(0.1);
    expect(gaps[1][2]).toBe(gaps[2][1]);
  });
});
