import { describe, expect, it } from 'vitest';
import { onnxFiles } from './onnx-files';
import { untrainedCheckpoint } from './test-table';

describe('ONNX files', () => {
  it('exports the checkpoint as ONNX with its grammar sidecar', async () => {
    const { schema, bytes } = await untrainedCheckpoint();
    const { model, sidecar } = onnxFiles(bytes, schema, 'model.onnx');
    expect(model.byteLength).toBeGreaterThan(1000);
    const parsed = JSON.parse(sidecar);
    expect(parsed.format).toBe('tabgraa-onnx-sidecar');
    expect(parsed.grammar.columns.map((c: { name: string }) => c.name).sort()).toEqual(['age', 'income', 'sex']);
  });
});
