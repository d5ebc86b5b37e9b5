import type { RowCodec } from '../data/row-codec';
import { createRng, randomPermutation } from '../data/rng';
import type { Table } from '../data/types';
import type { GptModel } from '../model/gpt-model';
import { type DecayShape, LR_FLOOR, type LrSchedule, learningRateAt, plannedSchedule } from '../model/lr-schedule';
import { RowLogProbs } from '../model/row-log-probs';
import type { SftTrainer } from '../model/sft-trainer';
import type { RunEvent } from './run-events';

/** Fewest validation rows worth a loss estimate; smaller tables give a quarter of their rows. */
export const MIN_VALIDATION_ROWS = 200;
/** Under epochs 'auto', the decay phase lasts this share of the epochs before it (at least one). */
export const DECAY_SHARE = 0.2;
/** A validation loss must beat the best by this much (nats per row) to count as an improvement. */
const MIN_IMPROVEMENT = 1e-3;
const VALIDATION_BATCH = 64;

export interface SftRows {
  train: number[];
  validation: number[];
}

/** The seeded validation slice of the training rows (method.md §1); never trained on. */
export function splitValidation(rows: number, share: number, seed: number): SftRows {
  if (share <= 0 || rows < 8) return { train: Array.from({ length: rows }, (_, r) => r), validation: [] };
  const size = Math.max(Math.round(share * rows), Math.min(MIN_VALIDATION_ROWS, Math.floor(rows / 4)));
  const order = randomPermutation(rows, createRng((seed ^ 0x5f3759df) >>> 0));
  return { train: order.slice(size).sort((a, b) => a - b), validation: order.slice(0, size).sort((a, b) => a - b) };
}

export interface SftSettings {
  epochs: number | 'auto';
  maxEpochs: number;
  patience: number;
  /** Wall-clock budget in minutes (0: none); under 'auto' the decay starts early enough to end within it. */
  minutes: number;
  batch: number;
  peakLr: number;
  warmupSteps: number;
  shape: DecayShape;
  seed: number;
}

export interface SftEpoch {
  epoch: number;
  step: number;
  trainLoss: number;
  validationLoss: number;
  lr: number;
}

export interface SftSummary {
  epochs: SftEpoch[];
  /** The epoch whose parameters the model holds at the end (the best under 'auto', the last otherwise). */
  keptEpoch: number;
  stopped: NonNullable<Extract<RunEvent, { type: 'sft-epoch' }>['stopped']>;
  seconds: number;
}

export interface SupervisedParts {
  model: GptModel;
  sft: SftTrainer;
  codec: RowCodec;
  table: Table;
  rows: SftRows;
}

export interface StepGate {
  /** Called before every step: pause, stop, and letting the queue drain. */
  beforeStep(step: number): Promise<void>;
}

/**
 * Supervised training to convergence (method.md §1). A fixed epoch count decays the rate over the
 * whole run. Under 'auto' the rate stays at its peak after warmup while the validation loss improves;
 * after `patience` epochs without improvement (or when max epochs or the time budget come near), the
 * best parameters are restored and annealed over a decay phase; the best epoch's parameters are kept.
 */
export class SupervisedTraining {
  private readonly scorer: RowLogProbs;
  private readonly validationTokens: Uint32Array;
  private readonly best: GPUBuffer;
  private readonly rng: () => number;
  private order: number[] = [];
  private step = 0;

  constructor(private readonly parts: SupervisedParts, private readonly settings: SftSettings) {
    const { model, codec, table, rows } = parts;
    this.scorer = new RowLogProbs(model, { batch: VALIDATION_BATCH, seqLen: codec.seqLen, valueTokenStart: codec.valueTokenStart });
    this.validationTokens = codec.encodeRows(table, createRng((settings.seed ^ 0x2545f491) >>> 0), rows.validation);
    this.best = model.allocateParameterSet('best sft params');
    this.rng = createRng(settings.seed);
    if (settings.epochs === 'auto' && rows.validation.length === 0) {
      throw new Error('epochs "auto" needs a validation slice: give a validation share above 0, or a number of epochs.');
    }
  }

  get stepsPerEpoch(): number {
    return Math.max(1, Math.ceil(this.parts.rows.train.length / this.settings.batch));
  }

  /** Steps the run plans: exactly the epochs asked for, or max epochs under 'auto'. */
  get plannedSteps(): number {
    const { epochs, maxEpochs } = this.settings;
    return (epochs === 'auto' ? maxEpochs : epochs) * this.stepsPerEpoch;
  }

  /** Mean value-token NLL per validation row. */
  async validationLoss(): Promise<number> {
    if (this.validationTokens.length === 0) return NaN;
    const logp = await this.scorer.of(this.validationTokens);
    let sum = 0;
    for (const value of logp) sum -= value;
    return sum / logp.length;
  }

  async run(onEvent: (e: RunEvent) => void, gate: StepGate): Promise<SftSummary> {
    const started = performance.now();
    const { epochs, maxEpochs } = this.settings;
    const auto = epochs === 'auto';
    const lastEpoch = auto ? maxEpochs : epochs;
    let schedule: LrSchedule = auto
      ? { peak: this.settings.peakLr, warmupSteps: this.settings.warmupSteps, decayStart: Infinity, decaySteps: 0, shape: this.settings.shape, floor: LR_FLOOR }
      : plannedSchedule(this.settings.peakLr, this.settings.warmupSteps, this.plannedSteps, this.settings.shape);
    const history: SftEpoch[] = [];
    let bestEpoch = 0;
    let bestLoss = Infinity;
    let decayEndsAt = auto ? Infinity : lastEpoch;
    let stopped: SftSummary['stopped'] = auto ? 'max-epochs' : 'epochs';

    for (let epoch = 1; epoch <= Math.min(lastEpoch, decayEndsAt); epoch++) {
      const epochStarted = performance.now();
      const trainLoss = await this.trainEpoch(epoch, schedule, onEvent, gate, started);
      const validationLoss = await this.validationLoss();
      if (validationLoss < bestLoss - MIN_IMPROVEMENT || (Number.isNaN(validationLoss) && bestEpoch === 0)) {
        bestLoss = Number.isNaN(validationLoss) ? bestLoss : validationLoss;
        bestEpoch = epoch;
        if (auto) this.parts.model.rt.recorder.submit([this.parts.model.copyParamsOp(this.best)]);
      }
      history.push({ epoch, step: this.step, trainLoss, validationLoss, lr: learningRateAt(schedule, this.step) });

      if (auto && decayEndsAt === Infinity) {
        const epochSeconds = (performance.now() - epochStarted) / 1000;
        const decayEpochs = Math.max(1, Math.round(DECAY_SHARE * epoch));
        const budgetSeconds = this.settings.minutes * 60;
        const elapsed = (performance.now() - started) / 1000;
        const reason =
          epoch - bestEpoch >= this.settings.patience ? 'patience'
          : epoch + decayEpochs >= maxEpochs ? 'max-epochs'
          : budgetSeconds > 0 && elapsed + (decayEpochs + 1) * epochSeconds > budgetSeconds ? 'time-budget'
          : undefined;
        if (reason) {
          stopped = reason;
          if (bestEpoch !== epoch) this.restoreBest();
          schedule = { ...schedule, decayStart: this.step, decaySteps: decayEpochs * this.stepsPerEpoch };
          decayEndsAt = epoch + decayEpochs;
        }
      }
      const last = epoch === Math.min(lastEpoch, decayEndsAt);
      onEvent({
        type: 'sft-epoch', epoch, maxEpochs: lastEpoch, step: this.step, totalSteps: this.plannedSteps,
        trainLoss, validationLoss, bestEpoch, bestValidationLoss: bestLoss, ...(last ? { stopped } : {}),
      });
    }
    const finalEpoch = history.length;
    if (auto && bestEpoch !== finalEpoch) this.restoreBest();
    await this.parts.model.rt.device.queue.onSubmittedWorkDone();
    return { epochs: history, keptEpoch: auto ? bestEpoch : finalEpoch, stopped, seconds: (performance.now() - started) / 1000 };
  }

  private restoreBest(): void {
    this.parts.model.rt.recorder.submit([this.parts.model.copyParamsOp(this.parts.model.params, this.best)]);
  }

  /** One pass over the training rows in a fresh seeded order; returns the mean of the losses read. */
  private async trainEpoch(epoch: number, schedule: LrSchedule, onEvent: (e: RunEvent) => void, gate: StepGate, started: number): Promise<number> {
    const { sft, codec, table, rows } = this.parts;
    const { batch } = this.settings;
    const losses: number[] = [];
    let lastRead = sft.lastLossStep;
    for (let k = 0; k < this.stepsPerEpoch; k++) {
      this.step++;
      await gate.beforeStep(this.step);
      if (this.order.length < batch) this.order = [...this.order, ...randomPermutation(rows.train.length, this.rng).map((i) => rows.train[i])];
      const lr = learningRateAt(schedule, this.step);
      sft.step(codec.encodeRows(table, this.rng, this.order.splice(0, batch)), lr);
      if (k === this.stepsPerEpoch - 1) await sft.settle();
      if (sft.lastLoss !== undefined && sft.lastLossStep !== lastRead) {
        lastRead = sft.lastLossStep;
        losses.push(sft.lastLoss);
        onEvent({
          type: 'sft-step', step: this.step, totalSteps: this.plannedSteps, loss: sft.lastLoss,
          msPerStep: (performance.now() - started) / this.step, epoch, lr,
        });
      }
    }
    return losses.length ? losses.reduce((a, b) => a + b, 0) / losses.length : NaN;
  }
}
