import { OBJECTIVES, type Objective, REWARDS, type RewardName } from '../align/run-config';
import { REWARD_FREE } from './compare-grid';

/** Without --pairs, --methods or --rewards: the references, each sampling method and TabGRAA with its own reward and the random falsifier, the other objectives with the classifier. */
export const DEFAULT_PAIRS =
  'none/na,sft-continue/na,filter/classifier,filter/random,resample/realness,resample/random,tabgraa/classifier,tabgraa/random,dpo/classifier,kto/classifier,npo/classifier';
export const CROSSED_METHODS = 'none,sft-continue,filter,resample,tabgraa,dpo,kto,npo';
export const CROSSED_REWARDS = 'classifier,random';

export type Pair = { method: Objective; reward: RewardName | 'na' };

function parseList<T extends string>(text: string, allowed: readonly T[], flag: string): T[] {
  const items = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const item of items) {
    if (!allowed.includes(item as T)) throw new Error(`--${flag}: unknown "${item}". Choose from: ${allowed.join(', ')}.`);
  }
  if (!items.length) throw new Error(`--${flag} is empty.`);
  return items as T[];
}

function crossPairs(methods: Objective[], rewards: RewardName[]): Pair[] {
  return methods.flatMap((method): Pair[] => (REWARD_FREE.has(method) ? [{ method, reward: 'na' }] : rewards.map((reward) => ({ method, reward }))));
}

function parsePairs(text: string): Pair[] {
  return text.split(',').map((item) => {
    const [method, reward = 'na'] = item.trim().split('/');
    parseList(method, OBJECTIVES, 'pairs');
    if (REWARD_FREE.has(method)) return { method: method as Objective, reward: 'na' as const };
    parseList(reward, REWARDS, 'pairs');
    return { method: method as Objective, reward: reward as RewardName };
  });
}

/** Which method/reward pairs `compare` runs: --pairs (DEFAULT_PAIRS when no flag is given), or --methods × --rewards. */
export function comparePairs(flags: { pairs?: string; methods?: string; rewards?: string }): Pair[] {
  const crossed = flags.methods !== undefined || flags.rewards !== undefined;
  if (crossed && flags.pairs !== undefined) throw new Error('give --pairs, or --methods and --rewards to cross, not both.');
  if (!crossed) return parsePairs(flags.pairs ?? DEFAULT_PAIRS);
  return crossPairs(
    parseList<Objective>(flags.methods ?? CROSSED_METHODS, OBJECTIVES, 'methods'),
    parseList<RewardName>(flags.rewards ?? CROSSED_REWARDS, REWARDS, 'rewards'),
  );
}
