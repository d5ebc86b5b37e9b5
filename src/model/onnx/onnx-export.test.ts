import { fromBinary } from '@bufbuild/protobuf';
import { ModelProtoSchema, type TypeProto_Tensor } from 'onnx-buf';
import { describe, expect, it } from 'vitest';
import { nodeOnnxSession, ort, randomTokens } from '../../test-utils/onnx-node';
import { randomGptParams } from '../../test-utils/onnx-parity';
import { configFromPreset } from '../config';
import { referenceForward } from '../reference-gpt';
import { exportGptToOnnx, ONNX_OPSET } from './onnx-export';
import { runOnnxLogits } from './onnx-run';
import { compareLogits, f32ForwardTolerance } from './onnx-verify';

const config = configFromPreset('tiny', 41, 24);

describe('ONNX export graph', () => {
  it('is an opset-20 ONNX model built only from standard ops, with dynamic batch and seq', () => {
    const model = fromBinary(ModelProtoSchema, exportGptToOnnx(config, randomGptParams(config, 1)));
    expect(model.opsetImport.map((o) => [o.domain, Number(o.version)])).toEqual([['', ONNX_OPSET]]);
    const ops = new Set(model.graph!.node.map((n) => n.opType));
    expect([...ops].sort()).toEqual([
      'Add',
      'Concat',
      'Div',
      'Gather',
      'Gelu',
      'LayerNormalization',
      'MatMul',
      'Reshape',
      'Shape',
      'Slice',
      'Softmax',
      'Split',
      'Transpose',
    ]);
    const [input] = model.graph!.input;
    expect(input.name).toBe('input_ids');
    const dims = (input.type!.value.value as TypeProto_Tensor).shape!.dim.map((d) => d.value.value);
    expect(dims).toEqual(['batch', 'seq']);
    expect(model.graph!.output.map((o) => o.name)).toEqual(['logits']);
  });

  it('rejects a parameter buffer that does not fit the config', () => {
    expect(() => exportGptToOnnx(config, new Float32Array(10))).toThrow(/needs \d+/);
  });
});

describe('ONNX export vs float64 reference GPT (onnxruntime-web, wasm)', () => {
  const params = randomGptParams(config, 5);
  const sessionPromise = nodeOnnxSession(exportGptToOnnx(config, params));

  for (const [batch, seqLen] of [
    [3, config.contextLength],
    [2, 7],
    [1, 1],
  ] as const) {
    it(`batch ${batch} x seq ${seqLen}: logits match`, async () => {
      const tokens = randomTokens(batch * seqLen, config.vocabSize, 100 + seqLen);
      const got = await runOnnxLogits(ort, await sessionPromise, tokens, batch, seqLen);
      const want = referenceForward(config, params, tokens, batch, seqLen).logits;
      const { maxAbsDiff, maxAbsLogit } = compareLogits(got, want);
      console.log(`ONNX vs float64 reference: batch ${batch} seq ${seqLen}: max |diff| ${maxAbsDiff.toExponential(2)}, max |logit| ${maxAbsLogit.toFixed(2)}`);
      expect(maxAbsLogit).toBeGreaterThan(1);
      // n·u·max|logit| with n = 4d = 256 (see f32ForwardTolerance). Measured: about 6e-7 relative.
      // The erf GELU instead of the tanh one costs 2.4e-4 relative and fails here.
      expect(maxAbsDiff).toBeLessThan(f32ForwardTolerance(config.dModel, maxAbsLogit));
    });
  }
});
