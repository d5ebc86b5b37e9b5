import attentionWgsl from './attention.wgsl?raw';
import type { Dispatch } from './dispatch';
import { type Binding, kernelDispatch } from './kernel-dispatch';
import type { GpuRuntime } from './runtime';

export interface AttentionShape {
  batch: number;
  seqLen: number;
  heads: number;
  headDim: number;
}

const dimsOf = (s: AttentionShape) => new Uint32Array([s.batch, s.seqLen, s.heads, s.headDim]);
const sites = (s: AttentionShape) => s.batch * s.heads * s.seqLen;

/** probs: batch·heads·seqLen² floats saved for the backward (entries above the diagonal stay 0). */
export function createAttentionForward(
  rt: GpuRuntime, shape: AttentionShape, io: { qkv: Binding; out: Binding; probs: Binding },
): Dispatch {
  return kernelDispatch(rt, {
    code: attentionWgsl, entryPoint: 'forward', label: 'attention forward', uniform: dimsOf(shape),
    bindings: [io.qkv, io.out, io.probs], items: sites(shape),
  });
}

/** Writes all of dqkv; dscores (probs-sized) is scratch shared by the two passes. */
export function createAttentionBackward(
  rt: GpuRuntime, shape: AttentionShape,
  io: { dout: Binding; qkv: Binding; probs: Binding; dscores: Binding; dqkv: Binding },
): Dispatch[] {
  const pass = (entryPoint: string) => kernelDispatch(rt, {
    code: attentionWgsl, entryPoint, label: `attention ${entryPoint}`, uniform: dimsOf(shape),
    bindings: [io.dout, io.qkv, io.probs, io.dscores, io.dqkv], items: sites(shape),
  });
  return [pass('backward_query'), pass('backward_key_value')];
}
