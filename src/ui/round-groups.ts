/** What the round charts draw about the two groups, from the run history (pure, tested in Node). */
import type { AlignPoint, RoundSamples } from '../worker/run-history';

export const REWARD_BINS = 10;

export interface RewardBin {
  label: string;
  /** Share of the group's rows in this bin (each group sums to 1). */
  high: number;
  low: number;
}

/**
 * Rewards lie in [0, 1] (method.md §3): the share of each group's rows per tenth. Filter and resample rounds
 * label kept rows high and dropped rows low, so the same chart shows what filtering kept.
 */
export function rewardHistogram(samples: Pick<RoundSamples, 'rewards' | 'groups'>): RewardBin[] {
  const counts = { high: new Array<number>(REWARD_BINS).fill(0), low: new Array<number>(REWARD_BINS).fill(0) };
  samples.rewards.forEach((reward, i) => {
    const group = samples.groups[i];
    if (group === 'middle') return;
    counts[group][Math.min(REWARD_BINS - 1, Math.max(0, Math.floor(reward * REWARD_BINS)))]++;
  });
  const total = (group: 'high' | 'low') =>
    Math.max(
      1,
      counts[group].reduce((a, b) => a + b, 0),
    );
  return Array.from({ length: REWARD_BINS }, (_, b) => ({
    label: `${(b / REWARD_BINS).toFixed(1)}–${((b + 1) / REWARD_BINS).toFixed(1)}`,
    high: counts.high[b] / total('high'),
    low: counts.low[b] / total('low'),
  }));
}

export function groupMeans(samples: Pick<RoundSamples, 'rewards' | 'groups'>): { high: number | null; low: number | null } {
  const mean = (group: 'high' | 'low') => {
    const picked = samples.rewards.filter((_, i) => samples.groups[i] === group);
    return picked.length ? picked.reduce((a, b) => a + b, 0) / picked.length : null;
  };
  return { high: mean('high'), low: mean('low') };
}

export interface RoundLogRatios {
  round: number;
  high: number;
  low: number;
}

/** Each round's last reported alignment step: the groups' mean log-ratios where the round ended. */
export function roundEndLogRatios(align: AlignPoint[]): RoundLogRatios[] {
  const last = new Map<number, AlignPoint>();
  for (const point of align) {
    const seen = last.get(point.round);
    if (!seen || point.step >= seen.step) last.set(point.round, point);
  }
  return [...last.values()].sort((a, b) => a.round - b.round).map((p) => ({ round: p.round, high: p.highLogRatio, low: p.lowLogRatio }));
}
