/**
 * How long a run will take on this adapter, from a short measurement taken before Start
 * (speed-probe.ts), and the page's defaults chosen so the demo finishes in minutes.
 */
import { type RoundBudget, roundBudget } from '../align/round-budget';
import { METHOD_STEPS, type RunConfig } from '../align/run-config';
import { splitValidation } from '../align/supervised-training';
import type { PresetName } from '../model/config';

/** One model size measured on this adapter and table. */
export interface PresetSpeed {
  preset: PresetName;
  sftBatch: number;
  sftStepMs: number;
  sampleBatchRows: number;
  sampleBatchMs: number;
}

/** Evaluation and reward scoring of `rows` rows (CPU work, the same for every model size). */
export interface RoundWorkSpeed {
  rows: number;
  evalMs: number;
  rewardMs: number;
}

export interface SpeedProfile {
  adapterName: string;
  /** Rows of the training split (before any sample the page takes). */
  trainRows: number;
  presets: Partial<Record<PresetName, PresetSpeed>>;
  roundWork: RoundWorkSpeed;
}

export interface RunTimeEstimate {
  /** SFT epochs the estimate assumes: the number asked for, or the most under 'auto' within the time budget. */
  sftEpochs: number;
  sftStepsPerEpoch: number;
  sftSeconds: number;
  /** One alignment round: sample, score, align, evaluate. */
  roundSeconds: number;
  /** SFT, the SFT model's evaluation (round 0) and every round. */
  totalSeconds: number;
}

/** Model sizes from small to large; the page never picks one above the project's default. */
export const PRESET_ORDER: PresetName[] = ['tiny', 'small', 'base'];
/** The page's defaults aim at this much SFT and this much for all rounds together. */
export const SFT_BUDGET_SECONDS = 5 * 60;
export const ROUNDS_BUDGET_SECONDS = 4 * 60;
/** Under 'auto', a default that leaves fewer epochs than this for training and the decay is too short. */
const MIN_PLANNED_EPOCHS = 4;
/** The page does not shrink the training rows below this to fit the budget (the estimate then says so). */
const MIN_TRAIN_ROWS = 1000;
/** A larger model costs at least this many times a smaller one's step here; below it, measuring it is pointless. */
const LARGER_MODEL_FACTOR = 2;
/** An alignment step: forward and backward of the policy plus a reference forward, ≈ 4/3 of an SFT step on as many rows. */
const ALIGN_STEP_FACTOR = 4 / 3;
/** A validation pass is forward only: about a third of a training step per batch. */
const VALIDATION_STEP_FACTOR = 1 / 3;
/** Cheap evaluation caps every table at this many rows (src/eval). */
const EVAL_ROW_CAP = 2000;
const ROWS_PER_ROUND_CHOICES = [2000, 1000, 512, 256];

/** The rows SFT trains on and validates on: the same seeded split the run makes. */
function sftRows(trainRows: number, share: number): { fit: number; validation: number } {
  const { train, validation } = splitValidation(trainRows, share, 0);
  return { fit: train.length, validation: validation.length };
}

function epochSeconds(speed: PresetSpeed, trainRows: number, config: RunConfig): { seconds: number; steps: number } {
  const { fit, validation } = sftRows(trainRows, config.validationShare);
  const steps = Math.max(1, Math.ceil(fit / config.sftBatch));
  const validationSteps = Math.ceil(validation / config.sftBatch) * VALIDATION_STEP_FACTOR;
  return { seconds: ((steps + validationSteps) * speed.sftStepMs) / 1000, steps };
}

function sampleSeconds(speed: PresetSpeed, rows: number): number {
  return (Math.ceil(rows / speed.sampleBatchRows) * speed.sampleBatchMs) / 1000;
}

function evalSeconds(work: RoundWorkSpeed, rows: number): number {
  return (work.evalMs * Math.min(rows, EVAL_ROW_CAP)) / Math.max(1, work.rows) / 1000;
}

/** A round's reward scoring and training, from the budget `compare` reports (align/round-budget.ts). */
function alignSeconds(speed: PresetSpeed, work: RoundWorkSpeed, config: RunConfig, budget: RoundBudget): number {
  // The preference objectives score their sampled rows with the reward, the methods that keep N by the reward their whole pool.
  const { update, keep } = METHOD_STEPS[config.method];
  const scoresRewards = update === 'preference' || keep !== 'all';
  const rewardSeconds = scoresRewards ? (work.rewardMs * budget.rowsSampledPerRound) / Math.max(1, work.rows) / 1000 : 0;
  const stepFactor = update === 'sft' ? 1 : ALIGN_STEP_FACTOR;
  return rewardSeconds + (budget.stepsPerRound * speed.sftStepMs * (budget.rowsPerStep / config.sftBatch) * stepFactor) / 1000;
}

export function estimateRun(config: RunConfig, speed: PresetSpeed, work: RoundWorkSpeed, trainRows: number): RunTimeEstimate {
  const epoch = epochSeconds(speed, trainRows, config);
  let sftEpochs = config.epochs === 'auto' ? config.maxEpochs : config.epochs;
  if (config.epochs === 'auto' && config.sftMinutes > 0) sftEpochs = Math.max(1, Math.min(sftEpochs, Math.floor((config.sftMinutes * 60) / epoch.seconds)));
  const sftSeconds = sftEpochs * epoch.seconds;
  const budget = roundBudget(config);
  const evaluation = sampleSeconds(speed, budget.rowsSampledPerRound) + evalSeconds(work, config.rowsPerRound);
  const roundSeconds = alignSeconds(speed, work, config, budget) + evaluation;
  return { sftEpochs, sftStepsPerEpoch: epoch.steps, sftSeconds, roundSeconds, totalSeconds: sftSeconds + evaluation + config.rounds * roundSeconds };
}

/** Training rows for which `epochs` epochs of this model fit in the SFT budget (at most all of them). */
function rowsFitting(speed: PresetSpeed, config: RunConfig, trainRows: number, epochs: number): number {
  const perRow = epochSeconds(speed, trainRows, config).seconds / trainRows;
  return Math.min(trainRows, Math.floor(SFT_BUDGET_SECONDS / (epochs * perRow)));
}

function candidatePresets(base: RunConfig): PresetName[] {
  return PRESET_ORDER.slice(0, PRESET_ORDER.indexOf(base.preset) + 1);
}

/** Rows the page's defaults aim to train on: all, or a sample big enough to learn from. */
function wantedRows(trainRows: number): number {
  return Math.min(trainRows, 5 * MIN_TRAIN_ROWS);
}

/**
 * The next model size worth measuring, or undefined: sizes go up from tiny to the project's default,
 * and a larger one is measured only while the last measured one leaves room for a model twice as slow.
 */
export function nextPresetToMeasure(base: RunConfig, profile: Pick<SpeedProfile, 'presets' | 'trainRows'>): PresetName | undefined {
  let previous: PresetSpeed | undefined;
  for (const preset of candidatePresets(base)) {
    const speed = profile.presets[preset];
    if (!speed) {
      if (!previous) return preset;
      const slower = { ...previous, sftStepMs: previous.sftStepMs * LARGER_MODEL_FACTOR };
      return rowsFitting(slower, { ...base, preset }, profile.trainRows, MIN_PLANNED_EPOCHS) >= wantedRows(profile.trainRows) ? preset : undefined;
    }
    previous = speed;
  }
  return undefined;
}

export interface PageDefaults {
  config: RunConfig;
  /** Train on a seeded sample of this many rows of the training split (all of them when equal). */
  trainRows: number;
}

/**
 * Defaults that finish in minutes here: the largest measured model (up to the project's default) that
 * fits MIN_PLANNED_EPOCHS over enough rows in the SFT budget, the training rows cut to fit, max epochs
 * and the time budget set from the measured epoch time, and rows per round (then rounds) cut until
 * the rounds fit theirs.
 */
export function pageDefaults(base: RunConfig, profile: SpeedProfile): PageDefaults {
  const measured = candidatePresets(base).filter((p) => profile.presets[p]);
  if (measured.length === 0) throw new Error('No model size was measured on this adapter yet.');
  const fits = (p: PresetName) => rowsFitting(profile.presets[p]!, base, profile.trainRows, MIN_PLANNED_EPOCHS) >= wantedRows(profile.trainRows);
  const preset = [...measured].reverse().find(fits) ?? measured[0];
  const speed = profile.presets[preset]!;
  const trainRows = Math.min(profile.trainRows, Math.max(MIN_TRAIN_ROWS, rowsFitting(speed, base, profile.trainRows, MIN_PLANNED_EPOCHS)));
  const epoch = epochSeconds(speed, trainRows, base).seconds;
  const maxEpochs = Math.max(2, Math.min(base.maxEpochs, Math.floor(SFT_BUDGET_SECONDS / epoch)));
  let config: RunConfig = { ...base, preset, epochs: 'auto', maxEpochs, sftMinutes: SFT_BUDGET_SECONDS / 60 };

  const roundsFit = (c: RunConfig) => c.rounds * estimateRun(c, speed, profile.roundWork, trainRows).roundSeconds <= ROUNDS_BUDGET_SECONDS;
  const choices = [...new Set([base.rowsPerRound, ...ROWS_PER_ROUND_CHOICES])].filter((n) => n <= base.rowsPerRound && n <= trainRows).sort((a, b) => b - a);
  const rowsPerRound = choices.find((n) => roundsFit({ ...config, rowsPerRound: n })) ?? choices.at(-1) ?? base.rowsPerRound;
  config = { ...config, rowsPerRound };
  if (!roundsFit(config)) {
    const round = estimateRun(config, speed, profile.roundWork, trainRows).roundSeconds;
    config = { ...config, rounds: Math.max(1, Math.floor(ROUNDS_BUDGET_SECONDS / round)) };
  }
  return { config, trainRows };
}
