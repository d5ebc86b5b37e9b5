import { createBatchPlan } from '../batch-plan';
import type { GptModel } from '../gpt-model';
import type { SamplerForward } from './sampler-core';

/** The full-recompute forward: every drawn position reruns the training forward over the whole row. */
export function createFullForward(model: GptModel, params: GPUBuffer, batch: number, seqLen: number, valueTokenStart: number): SamplerForward {
  const plan = createBatchPlan(model, { batch, seqLen, valueTokenStart, params, backward: false });
  const V = model.config.vocabSize;
  return {
    tokens: plan.tokens,
    always: () => [],
    head: () => plan.forward,
    logits: plan.logits,
    logitsAt: (pos) => ({ offset: (pos - 1) * V, rowStride: seqLen * V }),
  };
}
