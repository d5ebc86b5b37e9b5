import { describe, expect, it } from 'vitest';
import { testRuntime } from '../../kernels/test-gpu';
import { encodedDemoRows, nodeOnnxSession, ort } from '../../test-utils/onnx-node';
import { checkOnnxParity, formatParity, randomGptParams } from '../../test-utils/onnx-parity';
import { configFromPreset } from '../config';
import { exportGptToOnnx } from './onnx-export';

describe('ONNX export (onnxruntime-web, wasm) vs the WGSL forward on encoded demo rows (tiny preset)', () => {
  it('gives the same logits on a batch of adult rows', async () => {
    const batch = 4;
    const { codec, tokens, seqLen } = await encodedDemoRows(batch, 2);
    const config = configFromPreset('tiny', codec.vocabSize, seqLen);
    const params = randomGptParams(config, 4);
    const session = await nodeOnnxSession(exportGptToOnnx(config, params));
    const report = await checkOnnxParity({ ort, session, rt: await testRuntime(), config, params, tokens, batch, seqLen });
    console.log(formatParity(report, 'wasm'));
    expect(report.maxAbsLogit).toBeGreaterThan(1);
    // Each f32 forward must be within n·u·max|logit| of float64 (f32ForwardTolerance, n = 4d = 256),
    // and ONNX and WGSL within twice that of each other.
    expect(report.onnxVsReference).toBeLessThan(report.perForwardTolerance);
    expect(report.wgslVsReference).toBeLessThan(report.perForwardTolerance);
    expect(report.onnxVsWgsl).toBeLessThan(2 * report.perForwardTolerance);
    expect(report.ok).toBe(true);
  });
});
