import { acquireNodeGpu } from './node-gpu';
import { createRuntime, type GpuRuntime } from './runtime';
import { xorshift32 } from './xorshift';

let shared: Promise<GpuRuntime> | undefined;

/** One Dawn device per test file (vitest runs files in separate processes). */
export function testRuntime(): Promise<GpuRuntime> {
  shared ??= acquireNodeGpu().then(createRuntime);
  return shared;
}

/** Deterministic values in [-1, 1) for test inputs. */
export function seededFloats(count: number, seed: number): Float32Array {
  const next = xorshift32(seed);
  return Float32Array.from({ length: count }, () => next() / 2 ** 31 - 1);
}
