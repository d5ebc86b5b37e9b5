import { acquireNodeGpu } from './node-gpu';
import { createRuntime, type GpuRuntime } from './runtime';

let shared: Promise<GpuRuntime> | undefined;

/** One Dawn device per test file (vitest runs files in separate processes). */
export function testRuntime(): Promise<GpuRuntime> {
  shared ??= acquireNodeGpu().then(createRuntime);
  return shared;
}

/** Deterministic values in [-1, 1) for test inputs. */
export function seededFloats(count: number, seed: number): Float32Array {
  const out = new Float32Array(count);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < count; i++) {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}
