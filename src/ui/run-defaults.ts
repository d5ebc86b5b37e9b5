import { DEFAULT_RUN_CONFIG, HOLDOUT_SHARE, type RunConfig } from '../worker/protocol';

/** Rows of the training split: what is left after the holdout. */
export function availableTrainRows(rowCount: number): number {
  return Math.max(1, rowCount - Math.round(rowCount * HOLDOUT_SHARE));
}

/** The project's defaults, with rows per round capped at the rows the model trains on. */
export function defaultRunConfig(rowCount: number): RunConfig {
  return { ...DEFAULT_RUN_CONFIG, rowsPerRound: Math.min(availableTrainRows(rowCount), DEFAULT_RUN_CONFIG.rowsPerRound) };
}
