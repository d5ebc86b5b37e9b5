import { METHOD_STEPS, type RunConfig } from './run-config';

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
 * compute-matched SFT of `sft-continue` and `sft-resample`) takes the same steps of 2·G rows; the
 * methods that keep N rows by the reward sample filterFactor·N.
 */
export function roundBudget(config: RunConfig): RoundBudget {
  const { update, keep } = METHOD_STEPS[config.method];
  const trained = update !== 'none';
  return {
    stepsPerRound: trained ? alignmentStepsPerRound(config) : 0,
    rowsPerStep: trained ? 2 * config.groupSize : 0,
    rowsSampledPerRound: keep === 'all' ? config.rowsPerRound : config.rowsPerRound * config.filterFactor,
  };
}
