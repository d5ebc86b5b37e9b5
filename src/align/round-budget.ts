import { type RunConfig, SAMPLING_METHODS } from './run-config';

/** What one round of a method costs: gradient steps, rows per step, rows sampled from the model. */
export interface RoundBudget {
  stepsPerRound: number;
  rowsPerStep: number;
  rowsSampledPerRound: number;
}

/** AdamW steps per round of the alignment methods: one epoch of G-row minibatches over the high group (groups.ts). */
export function alignmentStepsPerRound(config: RunConfig): number {
  return Math.floor(Math.floor(config.groupShare * config.rowsPerRound) / config.groupSize);
}

/**
 * The compute of one round per method. Every trained method (the preference objectives and the
 * compute-matched `sft-continue`) takes the same steps of 2·G rows; `none` and the sampling methods
 * train nothing, and `filter` and `resample` sample filterFactor·N rows to keep N.
 */
export function roundBudget(config: RunConfig): RoundBudget {
  if (config.method === 'none') return { stepsPerRound: 0, rowsPerStep: 0, rowsSampledPerRound: config.rowsPerRound };
  if (SAMPLING_METHODS.includes(config.method)) return { stepsPerRound: 0, rowsPerStep: 0, rowsSampledPerRound: config.rowsPerRound * config.filterFactor };
  return { stepsPerRound: alignmentStepsPerRound(config), rowsPerStep: 2 * config.groupSize, rowsSampledPerRound: config.rowsPerRound };
}
