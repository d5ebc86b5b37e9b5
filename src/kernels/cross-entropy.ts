import crossEntropyWgsl from './cross-entropy.wgsl?raw';
import type { Dispatch } from './dispatch';
import { type Binding, kernelDispatch } from './kernel-dispatch';
import type { GpuRuntime } from './runtime';

export interface TokenShape {
  batch: number;
  seqLen: number;
  vocab: number;
  /** A target token counts iff its id >= valueTokenStart (0: all count). */
  valueTokenStart: number;
}

const dimsOf = (s: TokenShape) => new Uint32Array([s.batch, s.seqLen, s.vocab, s.valueTokenStart]);

/** lse and per-position log-probs of counted targets, then their sum per row (logπ(y_b)). */
export function createTokenLogProbs(
  rt: GpuRuntime,
  shape: TokenShape,
  io: { logits: Binding; tokens: Binding; lse: Binding; tokenLogProbs: Binding; rowLogProbs: Binding },
): Dispatch[] {
  return [
    kernelDispatch(rt, {
      code: crossEntropyWgsl,
      entryPoint: 'forward',
      label: 'log-softmax forward',
      uniform: dimsOf(shape),
      bindings: [io.logits, io.tokens, io.lse, io.tokenLogProbs],
      items: shape.batch * shape.seqLen,
    }),
    kernelDispatch(rt, {
      code: crossEntropyWgsl,
      entryPoint: 'row_sum',
      label: 'row log-probs',
      uniform: dimsOf(shape),
      bindings: [io.tokenLogProbs, io.rowLogProbs],
      items: shape.batch,
    }),
  ];
}

/** loss[0] = Σ_b rowWeights[b]·rowLogProbs[b]. */
export function createWeightedLoss(rt: GpuRuntime, shape: TokenShape, io: { rowWeights: Binding; rowLogProbs: Binding; loss: Binding }): Dispatch {
  return kernelDispatch(rt, {
    code: crossEntropyWgsl,
    entryPoint: 'weighted_loss',
    label: 'weighted loss',
    uniform: dimsOf(shape),
    bindings: [io.rowWeights, io.rowLogProbs, io.loss],
    items: 1,
  });
}

/** dlogits = gradient of Σ_b rowWeights[b]·logπ(y_b) with respect to the logits. */
export function createWeightedCrossEntropyBackward(
  rt: GpuRuntime,
  shape: TokenShape,
  io: { logits: Binding; tokens: Binding; lse: Binding; rowWeights: Binding; dlogits: Binding },
): Dispatch {
  return kernelDispatch(rt, {
    code: crossEntropyWgsl,
    entryPoint: 'backward',
    label: 'weighted cross-entropy backward',
    uniform: dimsOf(shape),
    bindings: [io.logits, io.tokens, io.lse, io.rowWeights, io.dlogits],
    items: shape.batch * shape.seqLen * shape.vocab,
  });
}
