import type { Table } from '../data/types';
import { groupLabels, splitGroups } from './groups';
import { logRatioProbe } from './log-ratio-probe';
import { keptLabels, meanStd, type RowGroup } from './reward-filter';
import { REWARD_REGISTRY } from './rewards';
import type { RewardContext } from './rewards/reward';
import type { RoundDiagnostics } from './round-diagnostics';
import { METHOD_STEPS, type RunConfig } from './run-config';
import { type RunSession, roundSeed } from './run-session';

/** The rows a round scored, with the reward and group of each (the 'round-samples' event). */
export interface ScoredRound {
  tokens: Uint32Array;
  rows: Table;
  rewards: ArrayLike<number>;
  groups: RowGroup[];
}

/** How a method turns a round's rewards into groups: top/bottom q·N (preference objectives) or the N kept of a larger pool. */
export function rowGroups(config: RunConfig, rewards: ArrayLike<number>, round: number): RowGroup[] {
  if (METHOD_STEPS[config.method].keep !== 'all') return keptLabels(config, rewards, roundSeed(config.seed, round));
  return groupLabels(rewards.length, splitGroups(rewards, config.groupShare));
}

/** Share of rows with the same label in both labellings. */
export function groupAgreement(a: readonly RowGroup[], b: readonly RowGroup[]): number {
  if (a.length !== b.length) throw new Error(`groupAgreement: ${a.length} and ${b.length} labels; both labellings must cover the same rows.`);
  return a.filter((label, i) => label === b[i]).length / a.length;
}

/** The reward scored again on an independent out-of-fold split, and the classifier's AUC when it has one. */
export async function rescoreReward(config: RunConfig, rows: Table, context: RewardContext): Promise<{ rewards: Float64Array; auc: number | null }> {
  const reward = REWARD_REGISTRY[config.reward];
  if ('scoreWithAuc' in reward) return reward.scoreWithAuc(rows, context);
  return { rewards: await reward.score(rows, context), auc: null };
}

/** Any seed other than the round's own (roundSeed is what the round's reward used). */
export function rescoreSeed(seed: number, round: number): number {
  return (roundSeed(seed, round) + 0x9e3779b9) >>> 0;
}

function groupMean(values: ArrayLike<number>, groups: readonly RowGroup[], group: RowGroup): number | null {
  const picked = Array.from(values).filter((_, i) => groups[i] === group);
  return picked.length ? meanStd(picked).mean : null;
}

/**
 * A round's diagnostics, measured after its update: `scored` are the rows the reward ranked this
 * round (none for methods that score nothing), `policyTokens` rows the updated policy sampled, the
 * KL estimate's rows (a method that keeps N of a pool passes the pool: its kept rows are reweighted).
 */
export async function roundDiagnostics(
  session: RunSession,
  round: number,
  scored: ScoredRound | undefined,
  policyTokens: Uint32Array,
): Promise<RoundDiagnostics> {
  const { config, data } = session;
  const trained = METHOD_STEPS[config.method].update !== 'none';
  const probe = trained ? logRatioProbe(session) : undefined;
  const out: RoundDiagnostics = {
    round,
    highReward: null,
    lowReward: null,
    highLogRatio: null,
    lowLogRatio: null,
    klToReference: null,
    rewardAgreement: null,
    rewardAuc: null,
  };
  const policyDelta = probe && (await probe.logRatios(policyTokens));
  if (policyDelta) out.klToReference = meanStd(policyDelta).mean;
  if (!scored) return out;
  out.highReward = groupMean(scored.rewards, scored.groups, 'high');
  out.lowReward = groupMean(scored.rewards, scored.groups, 'low');
  if (probe) {
    // A method that keeps N of a pool scored the policy's own rows: their log-ratios are measured already.
    const delta = scored.tokens === policyTokens && policyDelta ? policyDelta : await probe.logRatios(scored.tokens);
    out.highLogRatio = groupMean(delta, scored.groups, 'high');
    out.lowLogRatio = groupMean(delta, scored.groups, 'low');
  }
  const again = await rescoreReward(config, scored.rows, { train: data.train, schema: data.schema, seed: rescoreSeed(config.seed, round) });
  out.rewardAgreement = groupAgreement(scored.groups, rowGroups(config, again.rewards, round));
  out.rewardAuc = again.auc;
  return out;
}
