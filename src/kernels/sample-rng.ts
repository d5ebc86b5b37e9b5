/**
 * The sampler's counter-based random numbers: a PCG hash of (seed, row, position), so every row draws
 * the same stream whatever the batch size, and the GPU and the CPU agree. Mirrors sample-pick.wgsl.
 */
export function pcgHash(v: number): number {
  const state = (Math.imul(v >>> 0, 747796405) + 2891336453) >>> 0;
  const word = Math.imul(((state >>> ((state >>> 28) + 4)) ^ state) >>> 0, 277803737) >>> 0;
  return ((word >>> 22) ^ word) >>> 0;
}

/** Uniform in [0, 1) with 24 random bits, exactly the value the pick kernel uses. */
export function sampleUniform(seed: number, row: number, pos: number): number {
  return (pcgHash((seed ^ pcgHash((row ^ pcgHash(pos)) >>> 0)) >>> 0) >>> 8) / 16777216;
}
