import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { PeerBackend } from './peer-bench';

/**
 * Switches tfjs (in Node) to a backend. webgpu runs on Dawn through the `webgpu` package's
 * navigator.gpu, installed before the backend module registers itself; `keepAlive` holds the
 * Dawn instance for the life of the process. Resolves with a note on how it was set up.
 */
export async function useNodeBackend(name: PeerBackend, keepAlive: unknown[]): Promise<string> {
  if (name === 'webgpu') {
    if (!tf.findBackendFactory('webgpu')) {
      const { create, globals } = await import('webgpu');
      Object.assign(globalThis, globals);
      const gpu = create([]);
      keepAlive.push(gpu);
      Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
      await import('@tensorflow/tfjs-backend-webgpu');
    }
    if (!(await tf.setBackend('webgpu'))) throw new Error('tfjs could not start its webgpu backend on Dawn');
    return 'tfjs-backend-webgpu on Dawn (webgpu package)';
  }
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  const dist = dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'));
  wasm.setWasmPaths(join(dist, '/'));
  const threads = availableParallelism();
  wasm.setThreadsCount(threads);
  if (!(await tf.setBackend('wasm'))) throw new Error('tfjs could not start its wasm backend');
  return `tfjs-backend-wasm, SIMD ${await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')}, multithread ${await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')} (asked for ${threads} threads, got ${wasm.getThreadsCount()})`;
}
