import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';

/** A seeded generator: the same seed gives the same stream on every platform (integer math). */
export interface Rng {
  /** Uniform in [0, 1). */
  float(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
}

export function createRng(seed: number): Rng {
  const generator = xoroshiro128plus(seed | 0);
  return {
    float: () => uniformFloat64(generator),
    int: (n) => uniformInt(generator, 0, n - 1),
  };
}

/** A seed for a sub-task, so that adding a draw in one metric does not shift another's stream. */
export function deriveSeed(seed: number, salt: number): number {
  let h = Math.imul((seed | 0) ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(salt | 0, 0xc2b2ae35);
  h ^= h >>> 16;
  return Math.imul(h, 0x27d4eb2f) ^ (h >>> 15);
}

/** Fisher-Yates permutation of 0..n-1. */
export function permutation(n: number, rng: Rng): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order;
}

/** k distinct indices of 0..n-1, in ascending order (k >= n returns all). */
export function sampleIndices(n: number, k: number, rng: Rng): Int32Array {
  if (k >= n) return permutation(n, rng).sort();
  return permutation(n, rng).subarray(0, k).sort();
}
