import attentionWgsl from './attention.wgsl?raw';
import type { Dispatch } from './dispatch';
import { type Binding, kernelDispatch } from './kernel-dispatch';
import type { MatmulFactory } from './matmul';
import type { GpuRuntime } from './runtime';

export interface AttentionShape {
  batch: number;
  seqLen: number;
  heads: number;
  headDim: number;
}

const asBinding = (b: Binding): GPUBufferBinding => ('buffer' in b ? b : { buffer: b });

/** Where one operand of the (sequence, head) products lives: see MatmulSpec's offsets and strides. */
interface Operand {
  offset: number;
  ld: number;
  stride: number;
  outer: number;
}

function headProducts(shape: AttentionShape) {
  const { batch, seqLen: T, heads: H, headDim: hd } = shape;
  const d = H * hd;
  // Q, K, V of (sequence, head): T rows of width hd, 3d apart; out and dout rows are d apart.
  const packed = (part: number) => ({ offset: part * d, ld: 3 * d, stride: hd, outer: T * 3 * d });
  const rows = { offset: 0, ld: d, stride: hd, outer: T * d };
  const scores = { offset: 0, ld: T, stride: T * T, outer: H * T * T };
  return { batch: batch * H, innerBatch: H, T, hd, q: packed(0), k: packed(1), v: packed(2), rows, scores };
}

function product(
  rt: GpuRuntime,
  matmul: MatmulFactory,
  label: string,
  dims: { M: number; N: number; K: number; transA?: boolean; transB?: boolean },
  hp: ReturnType<typeof headProducts>,
  a: [Binding, Operand],
  b: [Binding, Operand],
  c: [Binding, Operand],
): Dispatch {
  return matmul(rt, {
    ...dims,
    label,
    batch: hp.batch,
    innerBatch: hp.innerBatch,
    a: asBinding(a[0]),
    lda: a[1].ld,
    offsetA: a[1].offset,
    strideA: a[1].stride,
    outerStrideA: a[1].outer,
    b: asBinding(b[0]),
    ldb: b[1].ld,
    offsetB: b[1].offset,
    strideB: b[1].stride,
    outerStrideB: b[1].outer,
    c: asBinding(c[0]),
    ldc: c[1].ld,
    offsetC: c[1].offset,
    strideC: c[1].stride,
    outerStrideC: c[1].outer,
  });
}

function softmaxPass(rt: GpuRuntime, shape: AttentionShape, entryPoint: string, bindings: Binding[]): Dispatch {
  const rows = shape.batch * shape.heads * shape.seqLen;
  const uniform = new Uint32Array([rows, shape.seqLen, 0, 0]);
  new Float32Array(uniform.buffer)[2] = 1 / Math.sqrt(shape.headDim);
  return kernelDispatch(rt, { code: attentionWgsl, entryPoint, label: `attention ${entryPoint}`, uniform, bindings, items: rows });
}

/**
 * Causal multi-head attention on GPT-2's packed rows qkv[n] = [q | k | v] (head h at columns
 * h·headDim.. of each part), as products batched over (sequence, head) through the model's matmul
 * plus a row-wise softmax: S = q·kᵀ, P = softmax(S·scale) causal, out = P·v. The causal half above
 * the diagonal is computed and zeroed, cheaper here than a kernel of its own for triangles.
 * probs: batch·heads·seqLen² floats, saved for the backward.
 */
export function createAttentionForward(
  rt: GpuRuntime,
  matmul: MatmulFactory,
  shape: AttentionShape,
  io: { qkv: Binding; out: Binding; probs: Binding },
): Dispatch[] {
  const hp = headProducts(shape);
  const { T, hd } = hp;
  return [
    product(rt, matmul, 'attention q·kᵀ', { M: T, N: T, K: hd, transB: true }, hp, [io.qkv, hp.q], [io.qkv, hp.k], [io.probs, hp.scores]),
    softmaxPass(rt, shape, 'softmax_forward', [io.probs]),
    product(rt, matmul, 'attention p·v', { M: T, N: hd, K: T }, hp, [io.probs, hp.scores], [io.qkv, hp.v], [io.out, hp.rows]),
  ];
}

/** dP = dout·vᵀ, dS = softmax backward, dq = dS·k, dk = dSᵀ·q, dv = Pᵀ·dout; writes all of dqkv, dscores (probs-sized) is scratch. */
export function createAttentionBackward(
  rt: GpuRuntime,
  matmul: MatmulFactory,
  shape: AttentionShape,
  io: { dout: Binding; qkv: Binding; probs: Binding; dscores: Binding; dqkv: Binding },
): Dispatch[] {
  const hp = headProducts(shape);
  const { T, hd } = hp;
  return [
    product(rt, matmul, 'attention dp = dout·vᵀ', { M: T, N: T, K: hd, transB: true }, hp, [io.dout, hp.rows], [io.qkv, hp.v], [io.dscores, hp.scores]),
    softmaxPass(rt, shape, 'softmax_backward', [io.probs, io.dscores]),
    product(rt, matmul, 'attention dq = ds·k', { M: T, N: hd, K: T }, hp, [io.dscores, hp.scores], [io.qkv, hp.k], [io.dqkv, hp.q]),
    product(rt, matmul, 'attention dk = dsᵀ·q', { M: T, N: hd, K: T, transA: true }, hp, [io.dscores, hp.scores], [io.qkv, hp.q], [io.dqkv, hp.k]),
    product(rt, matmul, 'attention dv = pᵀ·dout', { M: T, N: hd, K: T, transA: true }, hp, [io.probs, hp.scores], [io.dout, hp.rows], [io.dqkv, hp.v]),
  ];
}
