import type { Table } from '../data/types';
import type { EvalMetrics } from '../eval/metrics';

export type { EvalMetrics };

/** What a run reports while it works; the CLI prints these, the studio charts them. */
export type RunEvent =
  | { type: 'phase'; phase: 'sft' | 'align' | 'done'; message: string }
  | {
      type: 'sft-step';
      step: number;
      /** Planned steps: the epochs asked for, or max epochs under `epochs: 'auto'` (early stopping may end sooner). */
      totalSteps: number;
      loss: number;
      msPerStep: number;
      epoch: number;
      /** The learning rate of this step (warmup, then decay). */
      lr: number;
      /** Seconds left of the SFT time budget (null without one): SFT ends within it, whatever the planned steps say. */
      budgetSecondsLeft: number | null;
    }
  | {
      /** After each SFT epoch: the mean value-token NLL per row on the validation slice (never trained on). */
      type: 'sft-epoch';
      epoch: number;
      maxEpochs: number;
      step: number;
      totalSteps: number;
      trainLoss: number;
      validationLoss: number;
      bestEpoch: number;
      bestValidationLoss: number;
      /** Set on the last epoch: why SFT ended. */
      stopped?: 'patience' | 'max-epochs' | 'time-budget' | 'epochs';
    }
  | {
      type: 'align-step';
      round: number;
      step: number;
      totalSteps: number;
      loss: number;
      highLogRatio: number;
      lowLogRatio: number;
    }
  | {
      type: 'round-samples';
      round: number;
      rows: Table;
      rewards: number[];
      /** Per row: 'high', 'low' or 'middle' (q < 0.5 leaves a middle). */
      groups: Array<'high' | 'low' | 'middle'>;
      rewardMean: number;
      rewardStd: number;
    }
  | { type: 'round-eval'; round: number; metrics: EvalMetrics; seconds: number }
  | { type: 'checkpoint'; round: number; bytes: Uint8Array };

/** Seconds of SFT left: the steps left at the measured step time, but never past the time budget. */
export function sftSecondsLeft(stepsLeft: number, msPerStep: number, budgetSecondsLeft: number | null): number {
  return Math.min((Math.max(0, stepsLeft) * msPerStep) / 1000, budgetSecondsLeft ?? Infinity);
}
