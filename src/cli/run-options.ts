import { DEFAULT_RUN_CONFIG, type Objective, type RewardName, type RunConfig } from '../align/run-config';
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
  rounds: { type: 'string', default: String(DEFAULT_RUN_CONFIG.rounds) },
  rows: { type: 'string', default: String(DEFAULT_RUN_CONFIG.rowsPerRound) },
  'group-size': { type: 'string', default: String(DEFAULT_RUN_CONFIG.groupSize) },
  beta: { type: 'string', default: String(DEFAULT_RUN_CONFIG.beta) },
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
  --epochs E          SFT epochs (default ${DEFAULT_RUN_CONFIG.epochs})
  --rounds T          alignment rounds (default ${DEFAULT_RUN_CONFIG.rounds})
  --rows N            rows sampled per round, and rows written out (default ${DEFAULT_RUN_CONFIG.rowsPerRound})
  --group-size G      rows per group in a minibatch (default ${DEFAULT_RUN_CONFIG.groupSize})
  --beta B            objective temperature beta (default ${DEFAULT_RUN_CONFIG.beta})
  --lr LR             alignment learning rate (default ${DEFAULT_RUN_CONFIG.learningRate})
  --sft-lr LR         SFT learning rate (default ${DEFAULT_RUN_CONFIG.sftLearningRate})
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

export function runConfigFrom(values: Values, method: Objective, reward: RewardName, seed: number): RunConfig {
  return {
    ...DEFAULT_RUN_CONFIG,
    preset: values.preset as PresetName,
    epochs: numberOption(values, 'epochs', true),
    rounds: numberOption(values, 'rounds', true),
    method,
    reward,
    rowsPerRound: numberOption(values, 'rows', true),
    seed,
    groupSize: numberOption(values, 'group-size', true),
    beta: numberOption(values, 'beta'),
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
