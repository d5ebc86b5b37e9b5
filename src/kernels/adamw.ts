import adamwWgsl from './adamw.wgsl?raw';
import type { Dispatch } from './dispatch';
import { type Binding, kernelDispatch } from './kernel-dispatch';
import type { GpuRuntime } from './runtime';

/** Bytes of the hyper-parameter uniform (see Hyper in adamw.wgsl). */
export const ADAMW_UNIFORM_BYTES = 48;
/** Floats per decay flag: every parameter tensor starts on such a block. */
export const ADAMW_DECAY_BLOCK = 64;
const NORM_PARTIALS = 64;

export interface AdamHyperWords {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  biasCorrection1: number;
  biasCorrection2: number;
  /** 0: no clipping. */
  maxGradNorm: number;
  count: number;
}

/** The uniform's bytes for one step. */
export function adamwUniformData(h: AdamHyperWords): ArrayBuffer {
  const data = new ArrayBuffer(ADAMW_UNIFORM_BYTES);
  new Float32Array(data, 0, 8).set([h.lr, h.beta1, h.beta2, h.eps, h.weightDecay, h.biasCorrection1, h.biasCorrection2, h.maxGradNorm]);
  new Uint32Array(data, 32, 1)[0] = h.count;
  return data;
}

/**
 * The AdamW update over `count` floats, preceded by the global gradient norm when clipping (the
 * uniform's max_grad_norm must then be > 0). `hyper` is a uniform buffer the caller rewrites per step.
 */
export function createAdamW(
  rt: GpuRuntime, count: number,
  io: { hyper: GPUBuffer; params: Binding; grads: Binding; m: Binding; v: Binding; decayBlocks: Binding; clip: boolean },
): Dispatch[] {
  const ops: Dispatch[] = [];
  let normSquared: Binding = rt.unused;
  if (io.clip) {
    const partials = rt.arena.storage('adamw norm partials', NORM_PARTIALS * 4);
    normSquared = rt.arena.storage('adamw grad norm squared', 4);
    ops.push(
      kernelDispatch(rt, {
        code: adamwWgsl, entryPoint: 'norm_partial', label: 'grad norm partial', uniform: io.hyper,
        bindings: [io.grads, partials], items: NORM_PARTIALS * 64,
      }),
      kernelDispatch(rt, {
        code: adamwWgsl, entryPoint: 'norm_final', label: 'grad norm final', bindings: [partials, normSquared], items: 64,
      }),
    );
  }
  ops.push(kernelDispatch(rt, {
    code: adamwWgsl, entryPoint: 'main', label: 'adamw', uniform: io.hyper,
    bindings: [io.params, io.grads, io.m, io.v, io.decayBlocks, normSquared], items: count,
  }));
  return ops;
}
