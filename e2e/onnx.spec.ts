import { expect, test } from '@playwright/test';
import { ONNX_PAGE_PORT } from './onnx-page/port';

// The exported ONNX model in onnxruntime-web's WebGPU backend, in Chromium, against our WGSL
// forward and the float64 reference (e2e/onnx-page/onnx-check.ts, served apart from the studio; the
// same check as the Node test src/model/onnx/onnx-parity-gpu.test.ts, which uses the wasm backend).
test.use({ baseURL: `http://127.0.0.1:${ONNX_PAGE_PORT}` });

test('ONNX export: onnxruntime-web WebGPU logits match the WGSL forward', async ({ page }) => {
  page.on('console', (message) => console.log(`[page] ${message.text()}`));
  await page.goto('/onnx-check.html');
  const handle = await page.waitForFunction(() => window.onnxCheck, undefined, { timeout: 300_000, polling: 500 });
  const result = (await handle.jsonValue())!;
  if ('error' in result) throw new Error(`the check page failed: ${result.error}`);
  console.log(`ONNX webgpu vs WGSL max |logit diff| ${result.onnxVsWgsl.toExponential(2)}, vs float64 ${result.onnxVsReference.toExponential(2)}`);
  expect(result.backend).toBe('webgpu');
  expect(result.maxAbsLogit).toBeGreaterThan(1);
  // Bound per f32 forward against float64: n·u·max|logit|, n = 4·dModel (f32ForwardTolerance).
  expect(result.onnxVsReference).toBeLessThan(result.perForwardTolerance);
  expect(result.wgslVsReference).toBeLessThan(result.perForwardTolerance);
  expect(result.onnxVsWgsl).toBeLessThan(2 * result.perForwardTolerance);
});
