import type { PresetName } from '../model/config';

export const OBJECTIVES = ['tabgraa', 'tabgraa-logsigmoid', 'dpo', 'kto', 'npo', 'sft-continue', 'none'] as const;
export type Objective = (typeof OBJECTIVES)[number];

export const REWARDS = ['classifier', 'distance', 'proximity', 'random'] as const;
export type RewardName = (typeof REWARDS)[number];

/** Everything that defines a run; saved with it so it can be resumed and reproduced. */
export interface RunConfig {
  preset: PresetName;
  epochs: number;
  rounds: number;
  method: Objective;
  reward: RewardName;
  /** Rows sampled per round (N). */
  rowsPerRound: number;
  seed: number;
  /** Rows per group in an alignment minibatch (G). */
  groupSize: number;
  /** Share of rows in each of the high and low groups (q). */
  groupShare: number;
  beta: number;
  learningRate: number;
  sftLearningRate: number;
  sftBatch: number;
  temperature: number;
  target?: string;
}
