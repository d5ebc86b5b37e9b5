import { describe, expect, it } from 'vitest';
import { tableToCsv } from '../data/csv-export';
import { testRuntime } from '../kernels/test-gpu';
import { studioGpu } from './gpu-binding';
import { untrainedCheckpoint } from './test-table';

describe('studio GPU binding', () => {
  it('samples a saved checkpoint on the GPU, honouring fixed values, and writes CSV with the full header', async () => {
    const { schema, bytes } = await untrainedCheckpoint();
    const sample = await studioGpu(undefined).samplerFromCheckpoint(await testRuntime(), schema, bytes, 1);
    const table = await sample(6, { sex: 'Female' });
    expect(table.columns[0]).toHaveLength(6);
    expect(table.columns[table.header.indexOf('sex')].every((v) => v === 'Female')).toBe(true);
    const text = tableToCsv(table, schema).trimEnd().split('\n');
    expect(text[0]).toBe('age,sex,income');
    expect(text).toHaveLength(7);
  });
});
