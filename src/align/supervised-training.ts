import { createRng, randomPermutation } from '../data/rng';
import type { RowCodec } from '../data/row-codec';
import type { Table } from '../data/types';
import type { GptModel } from '../model/gpt-model';
import { type DecayShape, LR_FLOOR, type LrSchedule, learningRateAt, plannedSchedule } from '../model/lr-schedule';
import { RowLogProbs } from '../model/row-log-probs';
import type { SftTrainer } from '../model/sft-trainer';
import type { RunEvent } from './run-events';

/** Fewest validation rows worth a loss estimate; smaller tables give a quarter of their rows. */
export const MIN_VALIDATION_ROWS = 200;
/**
 * Under epochs 'auto', the decay phase lasts this share of the epochs before it (at least one).
 * Measured on the Adult 5,000-row bar (docs/results/adult-default-fit.md): 0.2 annealed for 3
 * epochs to a Shape error of 2.15 %, 0.5 for 6 epochs to 1.60 % (validation NLL 28.99 → 28.91).
 */
export const DECAY_SHARE = 0.5;
/**
 * Under 'auto', the patience also spans at least this many steps: an epoch of a few hundred rows is
 * a handful of steps, and a small validation slice is noisy, so three such epochs without a better
 * loss are no plateau (measured: penguins and a 500-row telco_churn sample stopped after 11–13
 * epochs, 50–66 steps, below the independent-marginals floor on Trend). Three Adult epochs are 213.
 */
export const MIN_PATIENCE_STEPS = 200;
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

export type SftStopReason = NonNullable<Extract<RunEvent, { type: 'sft-epoch' }>['stopped']>;

export interface SftSummary {
  epochs: SftEpoch[];
  /** The epoch whose parameters the model holds at the end (the best under 'auto', the last otherwise). */
  keptEpoch: number;
  stopped: SftStopReason;
  seconds: number;
}

/** Where SFT stands after an epoch: with the model's checkpoint and the best parameters, enough to resume. */
export interface SftProgress {
  epoch: number;
  step: number;
  bestEpoch: number;
  bestLoss: number | null;
  /** The decay phase once placed (epochs 'auto' places it when it stops improving). */
  decay: { startStep: number; steps: number; endEpoch: number } | null;
  stopped: SftStopReason;
  history: SftEpoch[];
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
  /** Called after every epoch with the state to resume from (the caller saves the model and `best`). */
  afterEpoch?(progress: SftProgress): Promise<void>;
}

/**
 * Supervised training to convergence (method.md §1). A fixed epoch count decays the rate over the
 * whole run. Under 'auto' the rate stays at its peak after warmup while the validation loss improves;
 * after `patience` epochs (and MIN_PATIENCE_STEPS steps) without improvement (or when max epochs or the time budget come near), the
 * best parameters are restored and annealed over a decay phase; the best epoch's parameters are kept.
 * Every epoch draws its row order from its own seeded stream, so a run resumed after an epoch
 * continues exactly as it would have.
 */
export class SupervisedTraining {
  /** The best epoch's parameters so far (epochs 'auto'). */
  readonly best: GPUBuffer;
  private readonly scorer: RowLogProbs;
  private readonly validationTokens: Uint32Array;
  private progress: SftProgress;

  constructor(
    private readonly parts: SupervisedParts,
    private readonly settings: SftSettings,
  ) {
    const { model, codec, table, rows } = parts;
    if (settings.epochs === 'auto' && rows.validation.length === 0) {
      throw new Error('epochs "auto" needs a validation slice: give a validation share above 0, or a number of epochs.');
    }
    this.scorer = new RowLogProbs(model, { batch: VALIDATION_BATCH, seqLen: codec.seqLen, valueTokenStart: codec.valueTokenStart });
    this.validationTokens = codec.encodeRows(table, createRng((settings.seed ^ 0x2545f491) >>> 0), rows.validation);
    this.best = model.allocateParameterSet('best sft params');
    const auto = settings.epochs === 'auto';
    this.progress = { epoch: 0, step: 0, bestEpoch: 0, bestLoss: null, decay: null, stopped: auto ? 'max-epochs' : 'epochs', history: [], seconds: 0 };
  }

  get stepsPerEpoch(): number {
    return Math.max(1, Math.ceil(this.parts.rows.train.length / this.settings.batch));
  }

  /** Epochs without a better validation loss that end the stable phase under 'auto'. */
  get patienceEpochs(): number {
    return patienceInEpochs(this.settings.patience, this.stepsPerEpoch);
  }

  /** Steps the run plans: exactly the epochs asked for, or max epochs under 'auto'. */
  get plannedSteps(): number {
    const { epochs, maxEpochs } = this.settings;
    return (epochs === 'auto' ? maxEpochs : epochs) * this.stepsPerEpoch;
  }

  /** Continue from a saved state; the caller has restored the model's checkpoint and `best`. */
  resumeFrom(progress: SftProgress): void {
    this.progress = structuredClone(progress);
  }

  /** The wall-clock budget of an 'auto' run in seconds; 0 when there is none. */
  private get budgetSeconds(): number {
    return this.settings.epochs === 'auto' ? this.settings.minutes * 60 : 0;
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
    const started = performance.now() - this.progress.seconds * 1000;
    const { epochs, maxEpochs } = this.settings;
    const patience = this.patienceEpochs;
    const auto = epochs === 'auto';
    const lastEpoch = auto ? maxEpochs : epochs;
    const p = this.progress;
    const endEpoch = () => Math.min(lastEpoch, p.decay?.endEpoch ?? lastEpoch);

    while (p.epoch < endEpoch()) {
      const epoch = p.epoch + 1;
      const epochStarted = performance.now();
      const schedule = this.schedule();
      const trainLoss = await this.trainEpoch(epoch, schedule, onEvent, gate, started);
      const validationLoss = await this.validationLoss();
      if (p.bestEpoch === 0 || validationLoss < (p.bestLoss ?? Infinity) - MIN_IMPROVEMENT) {
        p.bestLoss = Number.isNaN(validationLoss) ? null : validationLoss;
        p.bestEpoch = epoch;
        if (auto) this.parts.model.rt.recorder.submit([this.parts.model.copyParamsOp(this.best)]);
      }
      p.history.push({ epoch, step: p.step, trainLoss, validationLoss, lr: learningRateAt(schedule, p.step) });
      p.epoch = epoch;

      if (auto && !p.decay) {
        const epochSeconds = (performance.now() - epochStarted) / 1000;
        const decayEpochs = Math.max(1, Math.round(DECAY_SHARE * epoch));
        const budgetSeconds = this.budgetSeconds;
        const elapsed = (performance.now() - started) / 1000;
        const reason: SftStopReason | undefined =
          epoch - p.bestEpoch >= patience
            ? 'patience'
            : epoch + decayEpochs >= maxEpochs
              ? 'max-epochs'
              : budgetSeconds > 0 && elapsed + (decayEpochs + 1) * epochSeconds > budgetSeconds
                ? 'time-budget'
                : undefined;
        if (reason) {
          p.stopped = reason;
          if (p.bestEpoch !== epoch) this.restoreBest();
          p.decay = { startStep: p.step, steps: decayEpochs * this.stepsPerEpoch, endEpoch: epoch + decayEpochs };
        }
      }
      p.seconds = (performance.now() - started) / 1000;
      const last = epoch === endEpoch();
      onEvent({
        type: 'sft-epoch',
        epoch,
        maxEpochs: lastEpoch,
        step: p.step,
        totalSteps: this.plannedSteps,
        trainLoss,
        validationLoss,
        bestEpoch: p.bestEpoch,
        bestValidationLoss: p.bestLoss ?? NaN,
        ...(last ? { stopped: p.stopped } : {}),
      });
      if (!last) await gate.afterEpoch?.(structuredClone(p));
    }
    if (auto && p.bestEpoch !== p.epoch) this.restoreBest();
    await this.parts.model.rt.device.queue.onSubmittedWorkDone();
    return { epochs: p.history, keptEpoch: auto ? p.bestEpoch : p.epoch, stopped: p.stopped, seconds: (performance.now() - started) / 1000 };
  }

  private schedule(): LrSchedule {
    const { peakLr, warmupSteps, shape, epochs } = this.settings;
    if (epochs !== 'auto') return plannedSchedule(peakLr, warmupSteps, this.plannedSteps, shape);
    const decay = this.progress.decay;
    return { peak: peakLr, warmupSteps, decayStart: decay?.startStep ?? Infinity, decaySteps: decay?.steps ?? 0, shape, floor: LR_FLOOR };
  }

  private restoreBest(): void {
    this.parts.model.rt.recorder.submit([this.parts.model.copyParamsOp(this.parts.model.params, this.best)]);
  }

  /** One pass over the training rows in the epoch's own seeded order; returns the mean of the losses read. */
  private async trainEpoch(epoch: number, schedule: LrSchedule, onEvent: (e: RunEvent) => void, gate: StepGate, started: number): Promise<number> {
    const { sft, codec, table, rows } = this.parts;
    const { batch, seed } = this.settings;
    const rng = createRng(epochSeed(seed, epoch));
    const order = randomPermutation(rows.train.length, rng).map((i) => rows.train[i]);
    const losses: number[] = [];
    let lastRead = sft.lastLossStep;
    for (let k = 0; k < this.stepsPerEpoch; k++) {
      const step = ++this.progress.step;
      await gate.beforeStep(step);
      // The last batch of an epoch is topped up from the start of the epoch's order.
      const batchRows = Array.from({ length: batch }, (_, i) => order[(k * batch + i) % order.length]);
      const lr = learningRateAt(schedule, step);
      sft.step(codec.encodeRows(table, rng, batchRows), lr);
      if (k === this.stepsPerEpoch - 1) await sft.settle();
      if (sft.lastLoss !== undefined && sft.lastLossStep !== lastRead) {
        lastRead = sft.lastLossStep;
        losses.push(sft.lastLoss);
        const elapsedMs = performance.now() - started;
        onEvent({
          type: 'sft-step',
          step,
          totalSteps: this.plannedSteps,
          loss: sft.lastLoss,
          msPerStep: elapsedMs / step,
          epoch,
          lr,
          budgetSecondsLeft: this.budgetSeconds > 0 ? Math.max(0, this.budgetSeconds - elapsedMs / 1000) : null,
        });
      }
    }
    return losses.length ? losses.reduce((a, b) => a + b, 0) / losses.length : NaN;
  }
}

/** The patience asked for, stretched to span at least MIN_PATIENCE_STEPS steps. */
export function patienceInEpochs(patience: number, stepsPerEpoch: number): number {
  return Math.max(patience, Math.ceil(MIN_PATIENCE_STEPS / stepsPerEpoch));
}

function epochSeed(seed: number, epoch: number): number {
  return (Math.imul(seed, 0x9e3779b1) ^ Math.imul(epoch, 0x85ebca6b)) >>> 0;
}
