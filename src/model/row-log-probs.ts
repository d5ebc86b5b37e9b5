import { readFloats } from '../kernels/readback';
import { type BatchPlan, createBatchPlan } from './batch-plan';
import type { GptModel } from './gpt-model';

export interface RowLogProbOptions {
  /** Rows per forward pass. */
  batch: number;
  seqLen: number;
  valueTokenStart: number;
  /** Parameter set to score with (default: the model's own), e.g. the frozen reference. */
  params?: GPUBuffer;
}

/**
 * log π(y) of token rows (the sum of value-token log-probs, method.md §1) through a forward-only
 * plan: one submit and one readback per `batch` rows. Serves reference log-probs, the validation
 * loss and row scoring.
 */
export class RowLogProbs {
  private readonly plan: BatchPlan;
  private readonly chunk: Uint32Array<ArrayBuffer>;

  constructor(
    private readonly model: GptModel,
    private readonly options: RowLogProbOptions,
  ) {
    this.plan = createBatchPlan(model, { ...options, backward: false });
    this.chunk = new Uint32Array(options.batch * options.seqLen);
  }

  /** One log-prob per row of `tokens` (rows × seqLen). */
  async of(tokens: Uint32Array): Promise<Float32Array> {
    const { seqLen, batch } = this.options;
    if (tokens.length % seqLen !== 0) throw new Error(`Row log-probs: ${tokens.length} tokens are not whole rows of ${seqLen}.`);
    const rows = tokens.length / seqLen;
    const out = new Float32Array(rows);
    const { device, recorder } = this.model.rt;
    for (let start = 0; start < rows; start += batch) {
      const count = Math.min(batch, rows - start);
      this.chunk.fill(0);
      this.chunk.set(tokens.subarray(start * seqLen, (start + count) * seqLen));
      device.queue.writeBuffer(this.plan.tokens, 0, this.chunk);
      recorder.submit(this.plan.forward);
      out.set((await readFloats(device, this.plan.rowLogProbs, 0, batch)).subarray(0, count), start);
    }
    return out;
  }
}
