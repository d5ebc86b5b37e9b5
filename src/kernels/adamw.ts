import adamwWgsl from './adamw.wgsl?raw';
import type { Dispatch } from './dispatch';
import { type Binding, kernelDispatch } from './kernel-dispatch';
import { THREADS } from './prelude';
import type { GpuRuntime } from './runtime';
import { uniformLayout } from './uniform-layout';

/** Floats per decay flag: every parameter tensor starts on such a block. */
export const ADAMW_DECAY_BLOCK = 64;

export interface AdamWHyper {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  /** Decoupled weight decay, on matrices only (the layout's decay flags). */
  weightDecay: number;
  /** Global gradient-norm clip; 0 = off. Fixed at creation whether clipping is recorded. */
  maxGradNorm: number;
}

/** What the uniform holds for one step: the hyper-parameters, the bias corrections and the float count. */
export interface AdamHyperWords extends AdamWHyper {
  biasCorrection1: number;
  biasCorrection2: number;
  count: number;
}

/** Hyper in adamw.wgsl. */
export const ADAMW_UNIFORM = uniformLayout<AdamHyperWords>([
  ['lr', 'f32'],
  ['beta1', 'f32'],
  ['beta2', 'f32'],
  ['eps', 'f32'],
  ['weightDecay', 'f32'],
  ['biasCorrection1', 'f32'],
  ['biasCorrection2', 'f32'],
  ['maxGradNorm', 'f32'],
  ['count', 'u32'],
]);

/** The uniform's bytes for one step. */
export function adamwUniformData(h: AdamHyperWords): ArrayBuffer {
  return ADAMW_UNIFORM.pack(h);
}

/**
 * The AdamW update over `count` floats, preceded by the global gradient norm when clipping (the
 * uniform's max_grad_norm must then be > 0). `hyper` is a uniform buffer the caller rewrites per step.
 */
export function createAdamW(
  rt: GpuRuntime,
  count: number,
  io: { hyper: GPUBuffer; params: Binding; grads: Binding; m: Binding; v: Binding; decayBlocks: Binding; clip: boolean },
): Dispatch[] {
  const ops: Dispatch[] = [];
  let normSquared: Binding = rt.unused;
  if (io.clip) {
    const partials = rt.arena.storage('adamw norm partials', THREADS * 4);
    normSquared = rt.arena.storage('adamw grad norm squared', 4);
    ops.push(
      kernelDispatch(rt, {
        code: adamwWgsl,
        entryPoint: 'norm_partial',
        label: 'grad norm partial',
        uniform: io.hyper,
        bindings: [io.grads, partials],
        items: THREADS * THREADS,
      }),
      kernelDispatch(rt, {
        code: adamwWgsl,
        entryPoint: 'norm_final',
        label: 'grad norm final',
        bindings: [partials, normSquared],
        items: THREADS,
      }),
    );
  }
  ops.push(
    kernelDispatch(rt, {
      code: adamwWgsl,
      entryPoint: 'main',
      label: 'adamw',
      uniform: io.hyper,
      bindings: [io.params, io.grads, io.m, io.v, io.decayBlocks, normSquared],
      items: count,
    }),
  );
  return ops;
}
