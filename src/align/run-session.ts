import { createRng } from '../data/rng';
import { RowCodec } from '../data/row-codec';
import type { Schema, Table } from '../data/types';
import { type EvalMode, evaluate } from '../eval/evaluate';
import { readFloats } from '../kernels/readback';
import type { GpuRuntime } from '../kernels/runtime';
import { decodeCheckpoint, restoreCheckpoint, saveCheckpoint } from '../model/checkpoint';
import { configFromPreset } from '../model/config';
import { GptModel } from '../model/gpt-model';
import { createSampler, type Sampler } from '../model/sampler/sampler';
import { SftTrainer } from '../model/sft-trainer';
import { AlignmentTrainer } from './alignment-trainer';
import { groupLabels, groupMinibatches, splitGroups } from './groups';
import { isPreferenceObjective } from './objectives';
import { REWARD_REGISTRY } from './rewards';
import { type RunConfig, validateRunConfig } from './run-config';
import type { EvalMetrics, RunEvent } from './run-events';
import { type SftProgress, type SftRows, type SftSummary, SupervisedTraining, splitValidation } from './supervised-training';

export interface RunData {
  train: Table;
  holdout: Table;
  schema: Schema;
}

export interface RunControl {
  signal?: AbortSignal;
  /** Resolves when the run may go on (the studio's pause button). */
  paused?: () => Promise<void>;
  /** Called after every SFT epoch but the last with what `resumeSft` needs to continue from there. */
  saveSftProgress?: (saved: SavedSftProgress) => Promise<void>;
}

/** An SFT run between epochs: the model's checkpoint (with the SFT state in its extra) and the best parameters so far. */
export interface SavedSftProgress {
  epoch: number;
  checkpoint: Uint8Array;
  best: Uint8Array;
}

export interface RoundSamples {
  tokens: Uint32Array;
  table: Table;
}

/** What a checkpoint carries besides the buffers, so a run can be reopened and resumed. */
export interface CheckpointExtra {
  round: number;
  runConfig: RunConfig;
  schema: Schema;
  /** Set on checkpoints saved between SFT epochs. */
  sftProgress?: SftProgress;
}

const SAMPLER_BATCH = 256;
const SYNC_EVERY_STEPS = 8;

/**
 * One run's model and state on one device: SFT, then the generate–score–align rounds of
 * method.md §2. Both the CLI and the studio's worker drive it.
 */
export class RunSession {
  readonly codec: RowCodec;
  readonly model: GptModel;
  /** Frozen copy of the SFT parameters. */
  readonly reference: GPUBuffer;
  readonly sft: SftTrainer;
  /** Training rows the SFT steps on, and the validation slice it never trains on. */
  readonly sftRows: SftRows;
  /** The SFT phase's per-epoch curve, once it has run in this session. */
  sftSummary: SftSummary | undefined;
  /** How each round is scored: 'cheap' keeps a studio round short; `compare` may ask for the full evaluator. */
  evaluationMode: EvalMode = 'cheap';
  /** Built on first use: a session restored from a checkpoint never trains SFT, so it skips the validation plan and buffers. */
  private readonly newSupervised: () => SupervisedTraining;
  private supervisedTraining: SupervisedTraining | undefined;
  private sampler: Sampler | undefined;
  private aligner: AlignmentTrainer | undefined;

  private currentConfig: RunConfig;

  constructor(
    readonly rt: GpuRuntime,
    readonly data: RunData,
    config: RunConfig,
    codec?: RowCodec,
  ) {
    validateRunConfig(config);
    this.currentConfig = config;
    this.codec = codec ?? RowCodec.fromSchema(data.schema, config.tableOrderShare);
    const gpt = configFromPreset(config.preset, this.codec.vocabSize, this.codec.seqLen);
    this.codec.assertFitsModel(gpt.vocabSize, gpt.contextLength);
    this.model = GptModel.create(rt, gpt, { seed: config.seed });
    this.reference = this.model.allocateParameterSet('reference params');
    this.sftRows = splitValidation(this.trainRows, config.validationShare, config.seed);
    const stepsPerEpoch = Math.ceil(this.sftRows.train.length / config.sftBatch);
    this.sft = new SftTrainer(this.model, {
      batch: config.sftBatch,
      seqLen: this.codec.seqLen,
      valueTokenStart: this.codec.valueTokenStart,
      adamw: { lr: config.sftLearningRate },
      lossEvery: Math.max(1, Math.min(10, stepsPerEpoch)),
    });
    this.newSupervised = () =>
      new SupervisedTraining(
        { model: this.model, sft: this.sft, codec: this.codec, table: data.train, rows: this.sftRows },
        {
          epochs: config.epochs,
          maxEpochs: config.maxEpochs,
          patience: config.patience,
          minutes: config.sftMinutes,
          batch: config.sftBatch,
          peakLr: config.sftLearningRate,
          warmupSteps: config.warmupSteps,
          shape: config.lrSchedule,
          seed: config.seed,
        },
      );
  }

  get config(): RunConfig {
    return this.currentConfig;
  }

  /**
   * Switches the alignment method, reward or hyper-parameters, e.g. to run every method of
   * `compare` from the same SFT checkpoint. The model shape and SFT settings must not change.
   */
  configure(config: RunConfig): void {
    validateRunConfig(config);
    const fixed: Array<keyof RunConfig> = ['preset', 'sftBatch', 'groupSize'];
    for (const key of fixed) {
      if (config[key] !== this.currentConfig[key]) throw new Error(`A run session cannot change ${key} once created.`);
    }
    this.currentConfig = config;
  }

  /** Before round 1: a fresh optimizer for the alignment updates (SFT-continue keeps SFT's). */
  startAlignment(): void {
    const { method, beta, learningRate, klWeight, highNllWeight } = this.config;
    if (!isPreferenceObjective(method)) return;
    this.aligner ??= new AlignmentTrainer(this.model, {
      groupSize: this.config.groupSize,
      seqLen: this.codec.seqLen,
      valueTokenStart: this.codec.valueTokenStart,
      reference: this.reference,
    });
    this.aligner.start({ objective: method, beta, learningRate, klWeight, highNllWeight });
  }

  get trainRows(): number {
    return this.data.train.columns[0]?.length ?? 0;
  }

  private get supervised(): SupervisedTraining {
    this.supervisedTraining ??= this.newSupervised();
    return this.supervisedTraining;
  }

  /** SFT to convergence (see SupervisedTraining), then freeze the result as the reference; returns its checkpoint (round 0). */
  async trainSftAndFreeze(onEvent: (e: RunEvent) => void, control: RunControl): Promise<Uint8Array> {
    const save = control.saveSftProgress;
    this.sftSummary = await this.supervised.run(onEvent, {
      beforeStep: (step) => this.betweenSteps(control, step),
      afterEpoch:
        save &&
        (async (progress) => {
          const extra: CheckpointExtra = { round: 0, runConfig: this.config, schema: this.data.schema, sftProgress: progress };
          const checkpoint = await saveCheckpoint(this.model, this.sft.adamw, this.codec.toJSON(), extra);
          const best = await readFloats(this.rt.device, this.supervised.best, 0, this.model.floats);
          await save({ epoch: progress.epoch, checkpoint, best: new Uint8Array(best.buffer, best.byteOffset, best.byteLength) });
        }),
    });
    this.freezeReference();
    return this.saveCheckpoint(0);
  }

  /** What the SFT phase will do, for the user. */
  describeSft(): string {
    const { epochs, maxEpochs, sftBatch, sftMinutes } = this.config;
    const patience = this.supervised.patienceEpochs;
    const { train, validation } = this.sftRows;
    const steps = this.supervised.stepsPerEpoch;
    const plan =
      epochs === 'auto'
        ? `until the validation loss stops improving (patience ${patience}, at most ${maxEpochs} epochs${sftMinutes > 0 ? ` or ${sftMinutes} min` : ''}), then annealed`
        : `${epochs} epoch${epochs === 1 ? '' : 's'}`;
    return `Supervised training ${plan}: ${steps} steps of ${sftBatch} rows per epoch on ${train.length} rows, validation on ${validation.length} held-out rows.`;
  }

  /** Mean value-token NLL per row of the validation slice under the current parameters. */
  validationLoss(): Promise<number> {
    return this.supervised.validationLoss();
  }

  /** The SFT model becomes the frozen reference of every later round. */
  freezeReference(): void {
    this.rt.recorder.submit([this.model.copyParamsOp(this.reference)]);
  }

  async sampleRows(rows: number, seed: number, where?: Record<string, string | number>): Promise<RoundSamples> {
    this.sampler ??= createSampler(this.model, this.codec, { batch: Math.min(SAMPLER_BATCH, Math.max(1, rows)) });
    const tokens = await this.sampler.sample(rows, { seed, temperature: this.config.temperature, where });
    return { tokens, table: this.codec.decodeRows(tokens, rows) };
  }

  async evaluate(synthetic: Table, seed: number): Promise<EvalMetrics> {
    const { train, holdout, schema } = this.data;
    const report = await evaluate({ train, holdout, synthetic, schema, target: this.config.target ?? schema.target, mode: this.evaluationMode, seed });
    const { details: _details, ...metrics } = report;
    return metrics;
  }

  /** One round's update from rows sampled by the current policy (method.md §2). */
  async alignRound(round: number, samples: RoundSamples, onEvent: (e: RunEvent) => void, control: RunControl): Promise<void> {
    const { config } = this;
    const reward = REWARD_REGISTRY[config.reward];
    const seed = roundSeed(config.seed, round);
    const rewards = await reward.score(samples.table, { train: this.data.train, schema: this.data.schema, seed });
    const groups = splitGroups(rewards, config.groupShare);
    const mean = rewards.reduce((a, b) => a + b, 0) / rewards.length;
    const std = Math.sqrt(rewards.reduce((a, b) => a + (b - mean) ** 2, 0) / rewards.length);
    onEvent({
      type: 'round-samples',
      round,
      rows: samples.table,
      rewards: Array.from(rewards),
      groups: groupLabels(rewards.length, groups),
      rewardMean: mean,
      rewardStd: std,
    });

    const batches = groupMinibatches(groups, config.groupSize, createRng(seed));
    if (!this.aligner) throw new Error('startAlignment() must run before the first alignment round.');
    const used = [...groups.high, ...groups.low];
    const referenceLogp = await this.aligner.referenceLogProbs(gatherRows(samples.tokens, used, this.codec.seqLen));
    const referenceOf = new Map(used.map((row, i) => [row, referenceLogp[i]]));
    const aligner = this.aligner;
    const firstStep = aligner.adamw.step + 1;
    let reported = aligner.lastStats?.step;
    const report = () => {
      const stats = aligner.lastStats;
      if (!stats || stats.step === reported || stats.step < firstStep) return;
      reported = stats.step;
      const { step, ...values } = stats;
      onEvent({ type: 'align-step', round, step: step - firstStep + 1, totalSteps: batches.length, ...values });
    };
    for (const [k, batch] of batches.entries()) {
      await this.betweenSteps(control, k);
      const rows = [...batch.high, ...batch.low];
      const last = k === batches.length - 1;
      // Stats are read asynchronously whenever no read is in flight; the round's last step always reports.
      if (last) await aligner.settle();
      report();
      aligner.step(
        gatherRows(samples.tokens, rows, this.codec.seqLen),
        Float32Array.from(rows, (r) => referenceOf.get(r)!),
      );
      if (last) await aligner.settle();
      report();
    }
    await this.rt.device.queue.onSubmittedWorkDone();
  }

  async saveCheckpoint(round: number): Promise<Uint8Array> {
    const extra: CheckpointExtra = { round, runConfig: this.config, schema: this.data.schema };
    return saveCheckpoint(this.model, this.sft.adamw, this.codec.toJSON(), extra);
  }

  /** Continues an SFT run from where `saveSftProgress` left it (call trainSftAndFreeze next). */
  resumeSft(saved: Pick<SavedSftProgress, 'checkpoint' | 'best'>): number {
    const checkpoint = decodeCheckpoint(saved.checkpoint);
    this.assertSameCodec(checkpoint.codec);
    const progress = (checkpoint.extra as CheckpointExtra | undefined)?.sftProgress;
    if (!progress) throw new Error('This checkpoint was not saved between SFT epochs, so there is no SFT to resume from it.');
    const best = new Float32Array(saved.best.slice().buffer);
    if (best.length !== this.model.floats)
      throw new Error(`The saved best parameters hold ${best.length} floats, the model needs ${this.model.floats}: save them again with this checkpoint.`);
    restoreCheckpoint(this.model, this.sft.adamw, checkpoint);
    this.model.uploadParams(best, this.supervised.best);
    this.supervised.resumeFrom(progress);
    return progress.epoch;
  }

  /** Loads the policy (and, from the SFT checkpoint, the frozen reference). */
  restore(sftCheckpoint: Uint8Array, latest?: Uint8Array): number {
    const sft = decodeCheckpoint(sftCheckpoint);
    this.assertSameCodec(sft.codec);
    restoreCheckpoint(this.model, this.sft.adamw, sft);
    this.freezeReference();
    if (!latest) return 0;
    const policy = decodeCheckpoint(latest);
    this.assertSameCodec(policy.codec);
    restoreCheckpoint(this.model, this.sft.adamw, policy);
    return (policy.extra as CheckpointExtra | undefined)?.round ?? 0;
  }

  private assertSameCodec(codec: unknown): void {
    if (JSON.stringify(codec) !== JSON.stringify(this.codec.toJSON())) {
      throw new Error(
        'This checkpoint was saved for a table with another schema (columns, categories or ranges differ). Load it with the table it was trained on.',
      );
    }
  }

  /** Lets the queue drain now and then, and honours pause and stop between steps. */
  async betweenSteps(control: RunControl, step: number): Promise<void> {
    if (step % SYNC_EVERY_STEPS === 0) await this.rt.device.queue.onSubmittedWorkDone();
    await control.paused?.();
    if (control.signal?.aborted) throw new RunStoppedError();
  }
}

export class RunStoppedError extends Error {
  constructor() {
    super('The run was stopped.');
    this.name = 'RunStoppedError';
  }
}

export function roundSeed(seed: number, round: number): number {
  return (seed * 1009 + round * 7919) >>> 0;
}

function gatherRows(tokens: Uint32Array, rows: number[], seqLen: number): Uint32Array<ArrayBuffer> {
  const out = new Uint32Array(rows.length * seqLen);
  rows.forEach((r, i) => out.set(tokens.subarray(r * seqLen, (r + 1) * seqLen), i * seqLen));
  return out;
}
