// The browser half of the benchmark: the same suite as bench/main.ts, on navigator.gpu.
// Playwright (e2e/bench.spec.ts) waits for window.benchResult and saves it.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { acquireGpu } from '../../src/kernels/gpu-context';
import { createRuntime } from '../../src/kernels/runtime';
import { runSuite, type SuiteResult } from '../suite';

declare global {
  interface Window {
    benchResult?: SuiteResult | { error: string };
  }
}

const logElement = document.getElementById('log')!;
const log = (line: string) => {
  logElement.textContent += `${line}\n`;
  console.log(line);
};

setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimd,
});
setThreadsCount(navigator.hardwareConcurrency);

async function useBackend(name: 'webgpu' | 'wasm'): Promise<string> {
  if (!(await tf.setBackend(name))) throw new Error(`tfjs could not start its ${name} backend in this browser`);
  if (name === 'webgpu') return 'tfjs-backend-webgpu on navigator.gpu';
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  const threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
  return `tfjs-backend-wasm, SIMD ${simd}, multithread ${threads} (crossOriginIsolated ${self.crossOriginIsolated}, ${navigator.hardwareConcurrency} cores)`;
}

try {
  const quick = new URLSearchParams(location.search).has('quick');
  const ctx = await acquireGpu(navigator.gpu);
  log(`adapter: ${ctx.adapterName} ${JSON.stringify(ctx.features)}`);
  const demoCsv = async () => (await fetch('/adult.csv')).text();
  window.benchResult = await runSuite({ source: 'browser', rt: createRuntime(ctx), tf, useBackend, demoCsv, log }, quick);
  log('done');
} catch (error) {
  log(`failed: ${(error as Error).stack ?? error}`);
  window.benchResult = { error: String((error as Error).message ?? error) };
}
