import type { Copy, StepOp } from '../kernels/dispatch';
import { createObjectiveKernel, type ObjectiveAnchors, type ObjectiveKernel } from '../kernels/objective';
import { Readback } from '../kernels/readback';
import { AdamW } from '../model/adamw-optimizer';
import { type BatchPlan, createBatchPlan } from '../model/batch-plan';
import type { GptModel } from '../model/gpt-model';
import { RowLogProbs } from '../model/row-log-probs';
import { PREFERENCE_OBJECTIVE_IDS, type PreferenceObjective } from './objectives';

export interface AlignmentHyper extends ObjectiveAnchors {
  objective: PreferenceObjective;
  beta: number;
  learningRate: number;
}

export interface AlignmentTrainerOptions {
  groupSize: number;
  seqLen: number;
  valueTokenStart: number;
  /** The frozen reference parameters (a copy of the SFT model). */
  reference: GPUBuffer;
}

export interface AlignmentStats {
  /** The optimizer step these stats were measured at (before its update). */
  step: number;
  loss: number;
  highLogRatio: number;
  lowLogRatio: number;
}

/**
 * One alignment step = ONE submit with no readback: policy forward on G high + G low rows, the
 * objective kernel turning log-probs into per-row weights, the weighted backward, AdamW
 * (method.md §4). Reference log-probs are computed once per round by a forward-only plan bound to
 * the frozen parameters, and uploaded with each minibatch.
 */
export class AlignmentTrainer {
  readonly adamw: AdamW;
  lastStats: AlignmentStats | undefined;
  private readonly plan: BatchPlan;
  private readonly reference: RowLogProbs;
  private readonly referenceLogp: GPUBuffer;
  private readonly ops: StepOp[];
  private readonly opsWithStats: StepOp[];
  private readonly statsReadback: Readback;
  private readonly objective: ObjectiveKernel;
  private pending: Promise<void> | undefined;

  constructor(
    private readonly model: GptModel,
    options: AlignmentTrainerOptions,
  ) {
    const { rt } = model;
    const batch = 2 * options.groupSize;
    const shape = { batch, seqLen: options.seqLen, valueTokenStart: options.valueTokenStart };
    this.plan = createBatchPlan(model, { ...shape, backward: true });
    this.reference = new RowLogProbs(model, { ...shape, params: options.reference });
    this.referenceLogp = rt.arena.storage('reference logp', batch * 4);
    const stats = rt.arena.storage('objective stats', 16);
    const staging = rt.arena.staging('objective stats readback', 16);
    this.statsReadback = new Readback(staging, 12);
    this.adamw = new AdamW(model, { weightDecay: 0 });
    this.objective = createObjectiveKernel(rt, {
      groupSize: options.groupSize,
      policyLogp: { buffer: this.plan.rowLogProbs },
      referenceLogp: { buffer: this.referenceLogp },
      weights: { buffer: this.plan.rowWeights },
      stats: { buffer: stats },
    });
    const copyStats: Copy = { label: 'stats readback', source: stats, sourceOffset: 0, destination: staging, destinationOffset: 0, size: 16 };
    this.ops = [...this.plan.forward, this.objective.dispatch, ...this.plan.backward, ...this.adamw.ops];
    this.opsWithStats = [...this.ops, copyStats];
  }

  /** Sets the objective and its hyper-parameters, and starts a fresh optimizer (zero moments). */
  start(hyper: AlignmentHyper): void {
    this.objective.configure(PREFERENCE_OBJECTIVE_IDS[hyper.objective], hyper.beta, hyper);
    this.adamw.setHyper({ lr: hyper.learningRate });
    this.adamw.step = 0;
    const zeros = new Float32Array(this.model.floats);
    this.model.rt.device.queue.writeBuffer(this.model.adamM, 0, zeros);
    this.model.rt.device.queue.writeBuffer(this.model.adamV, 0, zeros);
    this.lastStats = undefined;
  }

  /** log πref(y) of every row of `tokens` (rows × seqLen). */
  referenceLogProbs(tokens: Uint32Array): Promise<Float32Array> {
    return this.reference.of(tokens);
  }

  /** One step on G high rows then G low rows (tokens 2G × seqLen) with their reference log-probs. */
  step(tokens: Uint32Array<ArrayBuffer>, referenceLogp: Float32Array<ArrayBuffer>): void {
    const { device } = this.model.rt;
    device.queue.writeBuffer(this.plan.tokens, 0, tokens);
    device.queue.writeBuffer(this.referenceLogp, 0, referenceLogp);
    this.adamw.beginStep();
    const readStats = !this.pending;
    this.model.rt.recorder.submit(readStats ? this.opsWithStats : this.ops);
    if (readStats) {
      const step = this.adamw.step;
      this.pending = this.statsReadback.read().then(([loss, highLogRatio, lowLogRatio]) => {
        this.lastStats = { step, loss, highLogRatio, lowLogRatio };
        this.pending = undefined;
      });
    }
  }

  async settle(): Promise<void> {
    await this.pending;
  }
}
