import { DEFAULT_RUN_CONFIG, LR_SCHEDULES, type Objective, type RewardName, type RunConfig } from '../align/run-config';
import type { PresetName } from '../model/config';
import type { TableSources } from './load-tables';

/** Options shared by `fit` and `compare` (node:util parseArgs format). */
export const RUN_OPTIONS = {
  holdout: { type: 'string' },
  split: { type: 'string', default: '0.2' },
  target: { type: 'string' },
  'train-rows': { type: 'string' },
  preset: { type: 'string', default: DEFAULT_RUN_CONFIG.preset },
  epochs: { type: 'string', default: String(DEFAULT_RUN_CONFIG.epochs) },
  'max-epochs': { type: 'string', default: String(DEFAULT_RUN_CONFIG.maxEpochs) },
  patience: { type: 'string', default: String(DEFAULT_RUN_CONFIG.patience) },
  'sft-minutes': { type: 'string', default: String(DEFAULT_RUN_CONFIG.sftMinutes) },
  'lr-schedule': { type: 'string', default: DEFAULT_RUN_CONFIG.lrSchedule },
  warmup: { type: 'string', default: String(DEFAULT_RUN_CONFIG.warmupSteps) },
  'validation-share': { type: 'string', default: String(DEFAULT_RUN_CONFIG.validationShare) },
  'table-order-share': { type: 'string', default: String(DEFAULT_RUN_CONFIG.tableOrderShare) },
  rounds: { type: 'string', default: String(DEFAULT_RUN_CONFIG.rounds) },
  rows: { type: 'string', default: String(DEFAULT_RUN_CONFIG.rowsPerRound) },
  'filter-factor': { type: 'string', default: String(DEFAULT_RUN_CONFIG.filterFactor) },
  'group-size': { type: 'string', default: String(DEFAULT_RUN_CONFIG.groupSize) },
  beta: { type: 'string', default: String(DEFAULT_RUN_CONFIG.beta) },
  kl: { type: 'string', default: String(DEFAULT_RUN_CONFIG.klWeight) },
  'high-nll': { type: 'string', default: String(DEFAULT_RUN_CONFIG.highNllWeight) },
  lr: { type: 'string', default: String(DEFAULT_RUN_CONFIG.learningRate) },
  'sft-lr': { type: 'string', default: String(DEFAULT_RUN_CONFIG.sftLearningRate) },
  'sft-batch': { type: 'string', default: String(DEFAULT_RUN_CONFIG.sftBatch) },
  temperature: { type: 'string', default: String(DEFAULT_RUN_CONFIG.temperature) },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

export const RUN_OPTIONS_USAGE = `  --holdout FILE      real holdout for evaluation (else --split of the table, default 0.2)
  --target COL        column for the utility metric (MLE)
  --train-rows N      train on a seeded sample of N training rows
  --preset P          tiny | small | base (default ${DEFAULT_RUN_CONFIG.preset})
  --epochs E          SFT epochs: a number, or auto = until the validation loss stops improving,
                      then annealed (default ${DEFAULT_RUN_CONFIG.epochs})
  --max-epochs E      at most this many epochs under --epochs auto (default ${DEFAULT_RUN_CONFIG.maxEpochs})
  --patience P        epochs without a better validation loss before the decay starts (default ${DEFAULT_RUN_CONFIG.patience})
  --sft-minutes M     wall-clock budget for SFT under --epochs auto, 0 = none (default ${DEFAULT_RUN_CONFIG.sftMinutes})
  --lr-schedule S     ${LR_SCHEDULES.join(' | ')}: the decay after warmup (default ${DEFAULT_RUN_CONFIG.lrSchedule})
  --warmup N          warmup steps of the SFT learning rate (default ${DEFAULT_RUN_CONFIG.warmupSteps})
  --validation-share Q  share of training rows held out for the validation loss (default ${DEFAULT_RUN_CONFIG.validationShare})
  --table-order-share Q  share of SFT rows kept in the table's column order, the order sampling then
                      uses; the rest are shuffled so any column can condition any other (default ${DEFAULT_RUN_CONFIG.tableOrderShare})
  --rounds T          alignment rounds (default ${DEFAULT_RUN_CONFIG.rounds})
  --rows N            rows sampled per round, and rows written out (default ${DEFAULT_RUN_CONFIG.rowsPerRound})
  --filter-factor K   methods filter, resample and sft-resample: sample K·N rows per round and keep
                      N, the N the reward ranks highest (filter) or N drawn ∝ the density ratio
                      p/(1 − p) the reward implies, read as P(real) (resample, sft-resample)
                      (default ${DEFAULT_RUN_CONFIG.filterFactor})
  --group-size G      rows per group in a minibatch (default ${DEFAULT_RUN_CONFIG.groupSize})
  --beta B            objective temperature beta (default ${DEFAULT_RUN_CONFIG.beta})
  --kl W              preference methods: add W·½·mean Δ², a pull of every row's log-ratio back
                      toward the SFT model (default ${DEFAULT_RUN_CONFIG.klWeight} = off)
  --high-nll W        preference methods: add W·(NLL of the high group), supervised steps on the
                      round's best sampled rows (default ${DEFAULT_RUN_CONFIG.highNllWeight} = off)
  --lr LR             alignment learning rate (default ${DEFAULT_RUN_CONFIG.learningRate}, chosen at 500 rows per round;
                      the steps per round grow with --rows, and at 2,000 rows TabGRAA drifts at it
                      where 2.5e-5 does not: docs/results/frozen-compare.md)
  --sft-lr LR         peak SFT learning rate (default ${DEFAULT_RUN_CONFIG.sftLearningRate})
  --sft-batch B       SFT rows per step (default ${DEFAULT_RUN_CONFIG.sftBatch})
  --temperature TAU   sampling temperature (default ${DEFAULT_RUN_CONFIG.temperature})`;

type Values = Record<string, unknown>;

export function numberOption(values: Values, name: string, integer = false): number {
  const text = values[name];
  const value = Number(text);
  if (typeof text !== 'string' || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
    throw new Error(`--${name} must be ${integer ? 'an integer' : 'a number'}, got "${text}".`);
  }
  return value;
}

function choiceOption<T extends string>(values: Values, name: string, choices: readonly T[]): T {
  const text = values[name];
  if (typeof text !== 'string' || !choices.includes(text as T)) throw new Error(`--${name} must be one of ${choices.join(', ')}, got "${text}".`);
  return text as T;
}

export function runConfigFrom(values: Values, method: Objective, reward: RewardName, seed: number): RunConfig {
  return {
    ...DEFAULT_RUN_CONFIG,
    preset: values.preset as PresetName,
    epochs: values.epochs === 'auto' ? 'auto' : numberOption(values, 'epochs', true),
    maxEpochs: numberOption(values, 'max-epochs', true),
    patience: numberOption(values, 'patience', true),
    sftMinutes: numberOption(values, 'sft-minutes'),
    lrSchedule: choiceOption(values, 'lr-schedule', LR_SCHEDULES),
    warmupSteps: numberOption(values, 'warmup', true),
    validationShare: numberOption(values, 'validation-share'),
    tableOrderShare: numberOption(values, 'table-order-share'),
    rounds: numberOption(values, 'rounds', true),
    method,
    reward,
    rowsPerRound: numberOption(values, 'rows', true),
    filterFactor: numberOption(values, 'filter-factor', true),
    seed,
    groupSize: numberOption(values, 'group-size', true),
    beta: numberOption(values, 'beta'),
    klWeight: numberOption(values, 'kl'),
    highNllWeight: numberOption(values, 'high-nll'),
    learningRate: numberOption(values, 'lr'),
    sftLearningRate: numberOption(values, 'sft-lr'),
    sftBatch: numberOption(values, 'sft-batch', true),
    temperature: numberOption(values, 'temperature'),
    target: typeof values.target === 'string' ? values.target : undefined,
  };
}

/** Where the tables of a run come from: the positional file (or the demo table) and the options. */
export function tableSourcesFrom(values: Values, train: string | undefined, seed: number): TableSources {
  return {
    train,
    holdout: typeof values.holdout === 'string' ? values.holdout : undefined,
    split: numberOption(values, 'split'),
    target: typeof values.target === 'string' ? values.target : undefined,
    trainRows: values['train-rows'] === undefined ? undefined : numberOption(values, 'train-rows', true),
    seed,
  };
}
