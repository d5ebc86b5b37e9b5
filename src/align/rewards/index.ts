import type { RewardName } from '../run-config';
import { classifierReward } from './classifier-reward';
import { distanceReward, proximityReward } from './distance-reward';
import { randomReward } from './random-reward';
import type { Reward } from './reward';

export const REWARD_REGISTRY: Record<RewardName, Reward> = {
  classifier: classifierReward,
  distance: distanceReward,
  proximity: proximityReward,
  random: randomReward,
};
