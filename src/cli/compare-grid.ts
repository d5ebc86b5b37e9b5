/** The cells of `compare`'s grid and the slice a shard runs. Pure: no files, no GPU. */

export const MARGINALS = 'marginals-baseline';
/** Methods that use no reward run once per seed, with reward "na". */
export const REWARD_FREE: ReadonlySet<string> = new Set(['none', 'sft-continue']);

export interface GridCell {
  seed: number;
  method: string;
  reward: string;
}

export interface Shard {
  /** 0-based, as Kubernetes' JOB_COMPLETION_INDEX. */
  index: number;
  count: number;
}

/** "K/N" with 0 ≤ K < N. */
export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!match || count < 1 || index >= count) {
    throw new Error(`--shard must be K/N with N ≥ 1 and K in 0..N-1 (0-based, e.g. 0/4 … 3/4), got "${text}".`);
  }
  return { index, count };
}

export function cellName(cell: GridCell): string {
  return `${cell.method}-${cell.reward}-seed${cell.seed}`;
}

/** Seed-major: per seed the marginals baseline, then every method/reward pair. */
export function gridCells(seeds: number[], pairs: Array<{ method: string; reward: string }>): GridCell[] {
  return seeds.flatMap((seed) => [{ seed, method: MARGINALS, reward: 'na' }, ...pairs.map((p) => ({ seed, ...p }))]);
}

/**
 * A contiguous block of the list: shard K of N takes items ⌊K·L/N⌋ … ⌊(K+1)·L/N⌋ − 1. Contiguous
 * blocks of a seed-major grid keep a seed's cells (which share its SFT) on one or two shards.
 */
export function shardSlice<T>(items: readonly T[], shard: Shard): T[] {
  const from = Math.floor((shard.index * items.length) / shard.count);
  const to = Math.floor(((shard.index + 1) * items.length) / shard.count);
  return items.slice(from, to);
}
