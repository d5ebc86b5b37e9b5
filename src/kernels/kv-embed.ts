import { type Dispatch, workgroupCount } from './dispatch';
import type { Binding } from './kernel-dispatch';
import kvEmbedWgsl from './kv-embed.wgsl?raw';
import { positionUniforms } from './kv-position-uniforms';
import { bindAll } from './pipeline-cache';
import { preludePipeline, THREADS } from './prelude';
import type { GpuRuntime } from './runtime';

export interface KvEmbedShape {
  rows: number;
  seqLen: number;
  dim: number;
}

/** One dispatch per position: result[pos] writes x[row] = wte[tokens[row, pos]] + wpe[pos] for every row. */
export function createKvEmbed(rt: GpuRuntime, shape: KvEmbedShape, io: { tokens: Binding; wte: Binding; wpe: Binding; out: Binding }): Dispatch[] {
  const pipeline = preludePipeline(rt, kvEmbedWgsl);
  const dims = positionUniforms(rt, 'kv embed dims', shape.seqLen, (pos) => [shape.rows, shape.seqLen, shape.dim, pos]);
  return dims.map((uniform, pos) => ({
    label: `kv embed ${pos}`,
    pipeline,
    bindGroup: bindAll(rt.device, pipeline, [uniform, io.tokens, io.wte, io.wpe, io.out], `kv embed ${pos}`),
    workgroups: [workgroupCount(shape.rows * shape.dim, THREADS), 1, 1] as const,
  }));
}
