import type { GpuRuntime } from './runtime';

/** Uniform bindings must start on 256-byte boundaries. */
const SLOT_BYTES = 256;

/**
 * One 16-byte uniform per position, all in one buffer: the sampler records every position's
 * dispatches into one encoder, so a position cannot be a value written between them.
 */
export function positionUniforms(rt: GpuRuntime, label: string, positions: number, words: (pos: number) => number[]): GPUBufferBinding[] {
  const data = new Uint32Array((positions * SLOT_BYTES) / 4);
  for (let pos = 0; pos < positions; pos++) data.set(words(pos), (pos * SLOT_BYTES) / 4);
  const buffer = rt.arena.uniform(label, data);
  return Array.from({ length: positions }, (_, pos) => ({ buffer, offset: pos * SLOT_BYTES, size: 16 }));
}
