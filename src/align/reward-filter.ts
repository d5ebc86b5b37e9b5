import { createRng, deriveSeed } from '../data/rng';
import { takeRows } from '../data/split';
import { REWARD_REGISTRY } from './rewards';
import { METHOD_STEPS, type RunConfig } from './run-config';
import type { RunEvent } from './run-events';
import { type RoundSamples, type RunSession, roundSeed } from './run-session';

export type RowGroup = 'high' | 'low' | 'middle';

/** Indices of the `keep` highest rewards (ties: the earlier row), in sampling order. */
export function topRewardRows(rewards: ArrayLike<number>, keep: number): number[] {
  const order = Array.from({ length: rewards.length }, (_, i) => i).sort((a, b) => rewards[b] - rewards[a] || a - b);
  return order.slice(0, keep).sort((a, b) => a - b);
}

const RATIO_CLIP = 0.01;
const RESAMPLE_SALT = 0x7e5a;

/** A reward read as P(real) becomes the density ratio of real to model rows, p/(1 − p), p kept off 0 and 1 so no row is certain. */
export function densityRatio(reward: number): number {
  const p = Math.min(1 - RATIO_CLIP, Math.max(RATIO_CLIP, reward));
  return p / (1 - p);
}

/** `keep` rows drawn without replacement with probability ∝ weight (Efraimidis–Spirakis: the largest keys log(u)/w), in sampling order. */
export function weightedDraw(weights: ArrayLike<number>, keep: number, seed: number): number[] {
  // Hashed: the first draws of streams seeded 1, 2, 3... are close to each other.
  const rng = createRng(deriveSeed(seed, RESAMPLE_SALT));
  return topRewardRows(
    Array.from(weights, (w) => Math.log(rng()) / w),
    keep,
  );
}

/**
 * The rows a method keeps of its pool: `filter` the N highest rewards, `resample` and
 * `sft-resample` N drawn with probability ∝ the density ratio the reward implies (importance
 * resampling: where the classifier cannot tell real from model rows the weights are flat and the
 * draw is a plain sample).
 */
export function keptRows(config: RunConfig, rewards: ArrayLike<number>, seed: number): number[] {
  if (METHOD_STEPS[config.method].keep === 'weighted') return weightedDraw(Array.from(rewards, densityRatio), config.rowsPerRound, seed);
  return topRewardRows(rewards, config.rowsPerRound);
}

/** Kept rows are 'high', dropped rows 'low'. */
export function keptLabels(config: RunConfig, rewards: ArrayLike<number>, seed: number): RowGroup[] {
  const labels = new Array<RowGroup>(rewards.length).fill('low');
  for (const i of keptRows(config, rewards, seed)) labels[i] = 'high';
  return labels;
}

export function meanStd(values: ArrayLike<number>): { mean: number; std: number } {
  const n = values.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  const mean = n ? sum / n : NaN;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (values[i] - mean) ** 2;
  return { mean, std: n ? Math.sqrt(squares / n) : NaN };
}

/**
 * Reward-filtered sampling (`filter`, `resample`), the baselines that train nothing: sample
 * filterFactor·N rows from the current model, keep N of them by the reward (keptRows). Same reward
 * and the same rows per round as the alignment methods see; if they cannot beat this, their
 * training is not what helps.
 */
export async function filterRound(session: RunSession, round: number, onEvent: (e: RunEvent) => void): Promise<{ kept: RoundSamples; pool: RoundSamples }> {
  const { config, data, codec } = session;
  const seed = roundSeed(config.seed, round);
  const pool = await session.sampleRows(config.rowsPerRound * config.filterFactor, seed);
  const rewards = await REWARD_REGISTRY[config.reward].score(pool.table, { train: data.train, schema: data.schema, seed });
  const groups = keptLabels(config, rewards, seed);
  const keep = groups.flatMap((group, row) => (group === 'high' ? [row] : []));
  const { mean, std } = meanStd(rewards);
  onEvent({ type: 'round-samples', round, rows: pool.table, rewards: Array.from(rewards), groups, rewardMean: mean, rewardStd: std });
  const tokens = new Uint32Array(keep.length * codec.seqLen);
  keep.forEach((row, i) => tokens.set(pool.tokens.subarray(row * codec.seqLen, (row + 1) * codec.seqLen), i * codec.seqLen));
  return { kept: { tokens, table: takeRows(pool.table, keep) }, pool };
}
