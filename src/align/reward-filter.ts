import { takeRows } from '../data/split';
import { REWARD_REGISTRY } from './rewards';
import type { RunEvent } from './run-events';
import { type RoundSamples, type RunSession, roundSeed } from './run-session';

export type RowGroup = 'high' | 'low' | 'middle';

/** Indices of the `keep` highest rewards (ties: the earlier row), in sampling order. */
export function topRewardRows(rewards: ArrayLike<number>, keep: number): number[] {
  const order = Array.from({ length: rewards.length }, (_, i) => i).sort((a, b) => rewards[b] - rewards[a] || a - b);
  return order.slice(0, keep).sort((a, b) => a - b);
}

/** Kept rows are 'high', dropped rows 'low'. */
export function filterLabels(rewards: ArrayLike<number>, keep: number): RowGroup[] {
  const labels = new Array<RowGroup>(rewards.length).fill('low');
  for (const i of topRewardRows(rewards, keep)) labels[i] = 'high';
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
 * Reward-filtered sampling (`filter`), the baseline that trains nothing: sample filterFactor·N rows
 * from the current model, keep the N the reward ranks highest. Same reward and the same rows per
 * round as the alignment methods see; if they cannot beat this, their training is not what helps.
 */
export async function filterRound(session: RunSession, round: number, onEvent: (e: RunEvent) => void): Promise<{ kept: RoundSamples; pool: RoundSamples }> {
  const { config, data, codec } = session;
  const seed = roundSeed(config.seed, round);
  const pool = await session.sampleRows(config.rowsPerRound * config.filterFactor, seed);
  const rewards = await REWARD_REGISTRY[config.reward].score(pool.table, { train: data.train, schema: data.schema, seed });
  const groups = filterLabels(rewards, config.rowsPerRound);
  const keep = groups.flatMap((group, row) => (group === 'high' ? [row] : []));
  const { mean, std } = meanStd(rewards);
  onEvent({ type: 'round-samples', round, rows: pool.table, rewards: Array.from(rewards), groups, rewardMean: mean, rewardStd: std });
  const tokens = new Uint32Array(keep.length * codec.seqLen);
  keep.forEach((row, i) => tokens.set(pool.tokens.subarray(row * codec.seqLen, (row + 1) * codec.seqLen), i * codec.seqLen));
  return { kept: { tokens, table: takeRows(pool.table, keep) }, pool };
}
