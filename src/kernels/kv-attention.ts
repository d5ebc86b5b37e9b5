import { type Dispatch, workgroupCount } from './dispatch';
import type { Binding } from './kernel-dispatch';
import kvAttentionWgsl from './kv-attention.wgsl?raw';
import { positionUniforms } from './kv-position-uniforms';
import { bindAll } from './pipeline-cache';
import { preludePipeline, THREADS } from './prelude';
import type { GpuRuntime } from './runtime';

export interface KvAttentionShape {
  batch: number;
  heads: number;
  headDim: number;
  /** Cache positions per row (the sequence length). */
  maxSeq: number;
}

/** As MAX_HEAD_DIM in kv-attention.wgsl (the size of each invocation's output accumulator). */
const MAX_HEAD_DIM = 128;

/** Floats of one layer's K (or V) cache. */
export const kvCacheFloats = (s: KvAttentionShape) => s.batch * s.maxSeq * s.heads * s.headDim;

/**
 * One dispatch per position: result[pos] attends position pos of every row (qkv: batch rows of
 * [q | k | v]) to positions 0..pos, and stores its k and v in the caches ([batch, maxSeq, d] each).
 */
export function createKvAttention(
  rt: GpuRuntime,
  shape: KvAttentionShape,
  io: { qkv: Binding; kCache: Binding; vCache: Binding; out: Binding },
  label = 'kv attention',
): Dispatch[] {
  if (shape.headDim > MAX_HEAD_DIM) {
    throw new Error(`The sampler's attention supports head sizes up to ${MAX_HEAD_DIM}, got ${shape.headDim}: use more heads or a smaller dModel.`);
  }
  const pipeline = preludePipeline(rt, kvAttentionWgsl);
  const dims = positionUniforms(rt, `${label} dims`, shape.maxSeq, (pos) => [shape.batch, shape.heads, shape.headDim, shape.maxSeq, pos]);
  return dims.map((uniform, pos) => ({
    label: `${label} ${pos}`,
    pipeline,
    bindGroup: bindAll(rt.device, pipeline, [uniform, io.qkv, io.kCache, io.vCache, io.out], `${label} ${pos}`),
    workgroups: [workgroupCount(shape.batch * shape.heads, THREADS), 1, 1] as const,
  }));
}
