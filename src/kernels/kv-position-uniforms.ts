import type { GpuRuntime } from './runtime';

/** Uniform bindings must start on 256-byte boundaries. */
const SLOT_BYTES = 256;

/** Words of each position's uniform. */
const WORDS = 8;

/**
 * One uniform of up to 8 u32 per position, all in one buffer: the sampler records every position's
 * dispatches into one encoder, so a position cannot be a value written between them.
 */
export function positionUniforms(rt: GpuRuntime, label: string, positions: number, words: (pos: number) => number[]): GPUBufferBinding[] {
  const data = new Uint32Array((positions * SLOT_BYTES) / 4);
  for (let pos = 0; pos < positions; pos++) {
    const values = words(pos);
    if (values.length > WORDS) throw new Error(`positionUniforms: at most ${WORDS} words per position, got ${values.length}.`);
    data.set(values, (pos * SLOT_BYTES) / 4);
  }
  const buffer = rt.arena.uniform(label, data);
  return Array.from({ length: positions }, (_, pos) => ({ buffer, offset: pos * SLOT_BYTES, size: WORDS * 4 }));
}
