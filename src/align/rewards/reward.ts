import type { Schema, Table } from '../../data/types';

/** What a reward may look at: the REAL TRAINING rows only, never the holdout (method.md §3). */
export interface RewardContext {
  train: Table;
  schema: Schema;
  seed: number;
}

/** Maps each decoded synthetic row to a score in [0, 1], higher = better. */
export interface Reward {
  /** One line for reports: what it measures and with which model. */
  description: string;
  score(rows: Table, context: RewardContext): Promise<Float64Array>;
}
