import type { Dispatch } from './dispatch';
import embeddingWgsl from './embedding.wgsl?raw';
import { type Binding, kernelDispatch } from './kernel-dispatch';
import type { GpuRuntime } from './runtime';

export interface EmbeddingShape {
  /** batch·seqLen token positions. */
  rows: number;
  seqLen: number;
  dim: number;
  /** Rows of the position table (the context length); the backward writes all of them. */
  positions: number;
}

const dimsOf = (s: EmbeddingShape) => new Uint32Array([s.rows, s.seqLen, s.dim, s.positions]);

/** out[n] = wte[tokens[n]] + wpe[n % seqLen]. */
export function createEmbeddingForward(rt: GpuRuntime, shape: EmbeddingShape, io: { tokens: Binding; wte: Binding; wpe: Binding; out: Binding }): Dispatch {
  return kernelDispatch(rt, {
    code: embeddingWgsl,
    entryPoint: 'forward',
    label: 'embedding forward',
    uniform: dimsOf(shape),
    bindings: [io.tokens, io.wte, io.wpe, io.out],
    items: shape.rows * shape.dim,
  });
}

/** dwte += scatter of dout by token (it already holds the tied head's gradient); dwpe = Σ over the batch. */
export function createEmbeddingBackward(
  rt: GpuRuntime,
  shape: EmbeddingShape,
  io: { tokens: Binding; dout: Binding; dwte: Binding; dwpe: Binding },
): Dispatch[] {
  return [
    kernelDispatch(rt, {
      code: embeddingWgsl,
      entryPoint: 'backward_wte',
      label: 'embedding backward wte',
      uniform: dimsOf(shape),
      bindings: [io.tokens, io.dout, io.dwte],
      items: shape.dim,
    }),
    kernelDispatch(rt, {
      code: embeddingWgsl,
      entryPoint: 'backward_wpe',
      label: 'embedding backward wpe',
      uniform: dimsOf(shape),
      bindings: [io.dout, io.dwpe],
      items: shape.positions * shape.dim,
    }),
  ];
}
