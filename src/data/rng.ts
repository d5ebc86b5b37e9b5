import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/**
 * The one seeded random source of the engine: call it for a uniform float in [0, 1); `int(n)` gives
 * a uniform integer in [0, n). Integer-only state, so the same seed gives the same stream everywhere.
 */
export interface Rng {
  (): number;
  int(n: number): number;
}

export function createRng(seed: number): Rng {
  const generator = xoroshiro128plus(seed);
  return Object.assign(() => uniformFloat64(generator), { int: (n: number) => uniformInt(generator, 0, n - 1) });
}

/** A seed for a sub-task, so that adding a draw in one metric does not shift another's stream. */
export function deriveSeed(seed: number, salt: number): number {
  let h = Math.imul((seed | 0) ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(salt | 0, 0xc2b2ae35);
  h ^= h >>> 16;
  return Math.imul(h, 0x27d4eb2f) ^ (h >>> 15);
}

/** An index in [0, n) from a float draw: ⌊u·n⌋. */
const scaledFloat = (rng: () => number) => (n: number) => Math.floor(rng() * n);

interface Swappable<T> {
  length: number;
  [index: number]: T;
}

/**
 * Fisher–Yates in place, from the last item down; `below(n)` draws an index in [0, n). The callers
 * pick float draws (scaledFloat) or exact integer draws (Rng.int): each keeps the stream its seeded
 * results were made with.
 */
function fisherYates<T, L extends Swappable<T>>(items: L, below: (n: number) => number): L {
  for (let i = items.length - 1; i > 0; i--) swap(items, i, below(i + 1));
  return items;
}

/** The first `count` items become a uniform sample in draw order (Fisher–Yates from the front, stopped early). */
export function partialShuffle<T, L extends Swappable<T>>(items: L, count: number, below: (n: number) => number): L {
  for (let i = 0; i < count; i++) swap(items, i, i + below(items.length - i));
  return items;
}

function swap<T>(items: Swappable<T>, i: number, j: number): void {
  const t = items[i];
  items[i] = items[j];
  items[j] = t;
}

/** Shuffles `items` in place with float draws. */
export function shuffleInPlace<T>(items: T[], rng: () => number): T[] {
  return fisherYates(items, scaledFloat(rng));
}

/** A uniformly random permutation of 0..n-1, float draws (the data, alignment and sampler streams). */
export function randomPermutation(n: number, rng: () => number): number[] {
  return shuffleInPlace(
    Array.from({ length: n }, (_, i) => i),
    rng,
  );
}

/** A uniformly random permutation of 0..n-1, exact integer draws (the evaluation streams). */
export function permutation(n: number, rng: Rng): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return fisherYates(order, rng.int);
}

/** k distinct indices of 0..n-1, in ascending order (k >= n returns all); integer draws. */
export function sampleIndices(n: number, k: number, rng: Rng): Int32Array {
  if (k >= n) return permutation(n, rng).sort();
  return permutation(n, rng).subarray(0, k).sort();
}

/** `count` distinct indices of 0..total-1 in draw order (all of them, in order, when total <= count); float draws. */
export function pickDistinct(total: number, count: number, rng: () => number): number[] {
  const all = Array.from({ length: total }, (_, i) => i);
  if (total <= count) return all;
  return partialShuffle(all, count, scaledFloat(rng)).slice(0, count);
}
