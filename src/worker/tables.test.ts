import { describe, expect, it } from 'vitest';
import { sampleRows } from '../data/split';
import { runTables } from './tables';
import { loadedCensus } from './test-table';

describe('worker tables', () => {
  it('parses, types and splits on the real data layer', async () => {
    const { raw, schema } = await loadedCensus();
    expect(schema.columns.map((c) => c.kind)).toEqual(['numeric', 'categorical', 'categorical']);
    const { train, holdout } = runTables(raw, { ...schema, target: 'income', task: 'classification' }, 1, undefined);
    expect(train.columns[0].length + holdout.columns[0].length).toBe(40);
    expect(holdout.columns[0].length).toBe(8);
    // A training sample: the seeded sample of the same split, the holdout untouched; all rows when asked for more.
    const sampled = runTables(raw, { ...schema, target: 'income', task: 'classification' }, 1, 10);
    expect(sampled.train).toEqual(sampleRows(train, 10, 1));
    expect(sampled.holdout).toEqual(holdout);
    expect(runTables(raw, { ...schema, target: 'income', task: 'classification' }, 1, 500).train).toEqual(train);
  });
});
