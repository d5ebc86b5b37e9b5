// Browser half of the ONNX parity check (e2e/onnx.spec.ts waits for window.onnxCheck).
import * as ort from 'onnxruntime-web/webgpu';
import { acquireGpu } from '../../src/kernels/gpu-context';
import { createRuntime } from '../../src/kernels/runtime';
import { configFromPreset } from '../../src/model/config';
import { exportGptToOnnx } from '../../src/model/onnx/onnx-export';
import { checkOnnxParity, encodeDemoRows, formatParity, type ParityReport, randomGptParams } from '../../src/test-utils/onnx-parity';

declare global {
  interface Window {
    onnxCheck?: (ParityReport & { backend: string }) | { error: string };
  }
}

const logElement = document.getElementById('log')!;
const log = (line: string) => {
  logElement.textContent += `${line}\n`;
  console.log(line);
};

try {
  const ctx = await acquireGpu(navigator.gpu);
  log(`adapter: ${ctx.adapterName}`);
  const batch = 4;
  const { codec, tokens, seqLen } = await encodeDemoRows(await (await fetch('/adult.csv')).text(), batch, 2);
  const config = configFromPreset('tiny', codec.vocabSize, seqLen);
  const params = randomGptParams(config, 4);
  ort.env.wasm.numThreads = 1;
  const session = await ort.InferenceSession.create(exportGptToOnnx(config, params), { executionProviders: ['webgpu'] });
  const report = await checkOnnxParity({ ort, session, rt: createRuntime(ctx), config, params, tokens, batch, seqLen });
  log(formatParity(report, 'webgpu'));
  window.onnxCheck = { ...report, backend: 'webgpu' };
} catch (error) {
  log(`failed: ${(error as Error).stack ?? error}`);
  window.onnxCheck = { error: String((error as Error).message ?? error) };
}
