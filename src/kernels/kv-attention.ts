import type { Dispatch } from './dispatch';
import type { Binding } from './kernel-dispatch';
import { positionUniforms } from './kv-position-uniforms';
import kvAttentionWgsl from './kv-attention.wgsl?raw';
import { bindAll } from './pipeline-cache';
import type { GpuRuntime } from './runtime';

export interface KvAttentionShape {
  batch: number;
  heads: number;
  headDim: number;
  /** Cache positions per row (the sequence length). */
  maxSeq: number;
}

/** Floats of one layer's K (or V) cache. */
export const kvCacheFloats = (s: KvAttentionShape) => s.batch * s.maxSeq * s.heads * s.headDim;

/**
 * One dispatch per position: result[pos] attends position pos of every row (qkv: batch rows of
 * [q | k | v]) to positions 0..pos, and stores its k and v in the caches ([batch, maxSeq, d] each).
 */
export function createKvAttention(
  rt: GpuRuntime, shape: KvAttentionShape, io: { qkv: Binding; kCache: Binding; vCache: Binding; out: Binding }, label = 'kv attention',
): Dispatch[] {
  const pipeline = rt.pipelines.get(kvAttentionWgsl, { MAX_SEQ: shape.maxSeq });
  const dims = positionUniforms(rt, `${label} dims`, shape.maxSeq, (pos) => [shape.heads, shape.headDim, shape.maxSeq, pos]);
  return dims.map((uniform, pos) => ({
    label: `${label} ${pos}`,
    pipeline,
    bindGroup: bindAll(rt.device, pipeline, [uniform, io.qkv, io.kCache, io.vCache, io.out], `${label} ${pos}`),
    workgroups: [shape.heads, shape.batch, 1] as const,
  }));
}
