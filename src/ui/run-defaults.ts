import { DEFAULT_RUN_CONFIG, HOLDOUT_SHARE, type RunConfig } from '../worker/protocol';

/** The project's defaults, with rows per round capped at the rows the model trains on. */
export function defaultRunConfig(rowCount: number): RunConfig {
  const trainRows = Math.max(1, Math.floor(rowCount * (1 - HOLDOUT_SHARE)));
  return { ...DEFAULT_RUN_CONFIG, rowsPerRound: Math.min(trainRows, DEFAULT_RUN_CONFIG.rowsPerRound) };
}
