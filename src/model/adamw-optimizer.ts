import { ADAMW_UNIFORM, type AdamWHyper, adamwUniformData, createAdamW } from '../kernels/adamw';
import type { StepOp } from '../kernels/dispatch';
import type { GptModel } from './gpt-model';

export type { AdamWHyper };

export const DEFAULT_ADAMW: AdamWHyper = { lr: 1e-3, beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.1, maxGradNorm: 0 };

/**
 * AdamW over the model's flat buffers: `ops` go last in a step's submit. Call beginStep() before each
 * submit: it counts the step and writes the bias corrections (one small queue.writeBuffer).
 */
export class AdamW {
  readonly ops: StepOp[];
  /** Steps taken so far (restore it from a checkpoint to resume). */
  step = 0;
  private hyper: AdamWHyper;
  private readonly uniform: GPUBuffer;

  constructor(
    private readonly model: GptModel,
    hyper: Partial<AdamWHyper> = {},
  ) {
    this.hyper = { ...DEFAULT_ADAMW, ...hyper };
    this.uniform = model.rt.arena.uniform('adamw hyper', new Uint8Array(ADAMW_UNIFORM.bytes));
    this.ops = createAdamW(model.rt, model.floats, {
      hyper: this.uniform,
      params: model.params,
      grads: model.grads,
      m: model.adamM,
      v: model.adamV,
      decayBlocks: model.decayBlocks,
      clip: this.hyper.maxGradNorm > 0,
    });
  }

  setHyper(changes: Partial<AdamWHyper>): void {
    const next = { ...this.hyper, ...changes };
    if (next.maxGradNorm > 0 !== this.hyper.maxGradNorm > 0) {
      throw new Error('AdamW: clipping on/off is fixed when the optimizer is created; create a new AdamW to change it.');
    }
    this.hyper = next;
  }

  beginStep(): void {
    this.step++;
    const h = this.hyper;
    this.model.rt.device.queue.writeBuffer(
      this.uniform,
      0,
      adamwUniformData({
        ...h,
        biasCorrection1: 1 - h.beta1 ** this.step,
        biasCorrection2: 1 - h.beta2 ** this.step,
        count: this.model.floats,
      }),
    );
  }
}
