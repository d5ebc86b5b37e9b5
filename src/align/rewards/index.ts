import type { RewardName } from '../run-config';
import { boostedClassifierReward, type ClassifierReward, classifierReward, realnessReward } from './classifier-reward';
import { distanceReward, proximityReward } from './distance-reward';
import { randomReward } from './random-reward';
import type { Reward } from './reward';

export const REWARD_REGISTRY: Record<RewardName, Reward | ClassifierReward> = {
  classifier: classifierReward,
  'classifier-gbdt': boostedClassifierReward,
  distance: distanceReward,
  proximity: proximityReward,
  realness: realnessReward,
  random: randomReward,
};
