import type { Copy, StepOp } from '../kernels/dispatch';
import { Readback } from '../kernels/readback';
import { AdamW, type AdamWHyper } from './adamw-optimizer';
import { type BatchPlan, createBatchPlan } from './batch-plan';
import type { GptModel } from './gpt-model';

export interface SftTrainerOptions {
  batch: number;
  seqLen: number;
  valueTokenStart: number;
  adamw?: Partial<AdamWHyper>;
  /** Read the loss back (asynchronously) every this many steps (default 10). */
  lossEvery?: number;
}

/** Targets that count in a batch of token rows (see the token mask contract in batch-plan.ts). */
export function countedTargets(tokens: Uint32Array, seqLen: number, valueTokenStart: number): number {
  let counted = 0;
  for (let n = 0; n < tokens.length; n++) if (n % seqLen !== seqLen - 1 && tokens[n + 1] >= valueTokenStart) counted++;
  return counted;
}

/**
 * Supervised fine-tuning: next-token loss on real rows, as the weighted objective with every row
 * weighing −1/(counted tokens), so weightedLoss is the mean NLL. One submit per step, no sync readback.
 */
export class SftTrainer {
  readonly plan: BatchPlan;
  readonly adamw: AdamW;
  /** Mean NLL of the latest step whose loss came back, and that step. */
  lastLoss: number | undefined;
  lastLossStep = 0;
  private readonly ops: StepOp[];
  private readonly opsWithLossCopy: StepOp[];
  private readonly readback: Readback;
  private readonly weights: Float32Array;
  private pending: Promise<void> | undefined;

  constructor(
    readonly model: GptModel,
    private readonly options: SftTrainerOptions,
  ) {
    this.plan = createBatchPlan(model, { ...options, backward: true });
    this.adamw = new AdamW(model, options.adamw);
    const staging = model.rt.arena.staging('sft loss readback', 16);
    this.readback = new Readback(staging, 4);
    const copy: Copy = { label: 'loss readback', source: this.plan.weightedLoss, sourceOffset: 0, destination: staging, destinationOffset: 0, size: 4 };
    this.ops = [...this.plan.forward, ...this.plan.backward, ...this.adamw.ops];
    this.opsWithLossCopy = [...this.ops, copy];
    this.weights = new Float32Array(options.batch);
  }

  /** One AdamW step on a batch of token rows (batch·seqLen ids), at learning rate `lr` if given. */
  step(tokens: Uint32Array, lr?: number): void {
    const { batch, seqLen, valueTokenStart } = this.options;
    if (tokens.length !== batch * seqLen) throw new Error(`SFT step: expected ${batch}×${seqLen} tokens, got ${tokens.length}.`);
    const counted = countedTargets(tokens, seqLen, valueTokenStart);
    if (counted === 0) throw new Error('SFT step: no target counts in this batch; check valueTokenStart against the vocabulary.');
    const queue = this.model.rt.device.queue;
    this.weights.fill(-1 / counted);
    queue.writeBuffer(this.plan.tokens, 0, tokens.buffer, tokens.byteOffset, tokens.byteLength);
    queue.writeBuffer(this.plan.rowWeights, 0, this.weights.buffer, 0, this.weights.byteLength);
    if (lr !== undefined) this.adamw.setHyper({ lr });
    this.adamw.beginStep();
    const readLoss = !this.pending && this.adamw.step % (this.options.lossEvery ?? 10) === 0;
    this.model.rt.recorder.submit(readLoss ? this.opsWithLossCopy : this.ops);
    if (readLoss) {
      const step = this.adamw.step;
      this.pending = this.readback.read().then((values) => {
        this.lastLoss = values[0];
        this.lastLossStep = step;
        this.pending = undefined;
      });
    }
  }

  /** Waits for the loss read in flight, if any. */
  async settle(): Promise<void> {
    await this.pending;
  }
}
