import { withErrorScope } from './error-scope';
import type { MatmulFactory } from './matmul';
import { f32SumErrorBound, matmulReference } from './matmul.reference';
import { readFloats } from './readback';
import type { GpuRuntime } from './runtime';
import { seededFloats } from './test-gpu';

export interface MatmulCase {
  M: number;
  N: number;
  K: number;
  transA?: boolean;
  transB?: boolean;
  bias?: boolean;
  accumulate?: boolean;
  batch?: number;
  /** Store every matrix inside rows this many floats wider than packed (exercises lda/ldb/ldc). */
  rowPadding?: number;
  /** Split the batch into (batch / innerBatch) × innerBatch with a gap between outer groups. */
  innerBatch?: number;
  /** Start every matrix this many floats into its buffer. */
  startOffset?: number;
}

/** Where the matrices of a case live in their buffers: row strides and per-product offsets. */
interface CaseLayout {
  lda: number;
  ldb: number;
  ldc: number;
  /** First float of product z of A, B and C. */
  offset: (z: number, stride: number, outer: number) => number;
  sizes: { a: number; b: number; c: number };
  strides: { a: number; b: number; c: number };
  outer: { a: number; b: number; c: number };
}

function caseLayout(c: MatmulCase): CaseLayout {
  const batch = c.batch ?? 1;
  const pad = c.rowPadding ?? 0;
  const inner = c.innerBatch ?? batch;
  const lda = (c.transA ? c.M : c.K) + pad;
  const ldb = (c.transB ? c.K : c.N) + pad;
  const ldc = c.N + pad;
  const rows = { a: c.transA ? c.K : c.M, b: c.transB ? c.N : c.K, c: c.M };
  const strides = { a: rows.a * lda, b: rows.b * ldb, c: rows.c * ldc };
  // Outer groups are one product apart more than packed, so a kernel that ignores them lands wrong.
  const outer = { a: (inner + 1) * strides.a, b: (inner + 1) * strides.b, c: (inner + 1) * strides.c };
  const groups = Math.ceil(batch / inner);
  const start = c.startOffset ?? 0;
  const offset = (z: number, stride: number, outerStride: number) => start + Math.floor(z / inner) * outerStride + (z % inner) * stride;
  const sizes = { a: start + groups * outer.a, b: start + groups * outer.b, c: start + groups * outer.c };
  return { lda, ldb, ldc, offset, sizes, strides, outer };
}

/** Copies a rows×cols matrix stored with row stride ld from `start` of a buffer into a packed array. */
function unpack(buffer: Float32Array, start: number, rows: number, cols: number, ld: number): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) out.set(buffer.subarray(start + r * ld, start + r * ld + cols), r * cols);
  return out;
}

/**
 * Runs one matmul kernel on seeded inputs and counts the outputs whose error against the float64
 * reference exceeds the f32 summation bound gamma_terms * sum|terms| plus half an ulp for the
 * final rounding (see matmul.reference.ts). Any correct summation order satisfies it.
 */
export async function countMatmulFailures(rt: GpuRuntime, create: MatmulFactory, c: MatmulCase): Promise<number> {
  const batch = c.batch ?? 1;
  const layout = caseLayout(c);
  const a = seededFloats(layout.sizes.a, 1 + c.M);
  const b = seededFloats(layout.sizes.b, 2 + c.N);
  const bias = c.bias ? seededFloats(c.N, 3) : undefined;
  // C starts as seeded values: the accumulation input where the case accumulates, and everywhere
  // a sentinel that must survive outside the products' rows.
  const c0 = seededFloats(layout.sizes.c, 4);
  const out = await withErrorScope(rt.device, async () => {
    const A = rt.arena.upload('A', a);
    const B = rt.arena.upload('B', b);
    const C = rt.arena.upload('C', c0);
    const biasBuffer = bias ? rt.arena.upload('bias', bias) : undefined;
    const dispatch = create(rt, {
      ...c,
      lda: layout.lda,
      ldb: layout.ldb,
      ldc: layout.ldc,
      strideA: layout.strides.a,
      strideB: layout.strides.b,
      strideC: layout.strides.c,
      outerStrideA: layout.outer.a,
      outerStrideB: layout.outer.b,
      outerStrideC: layout.outer.c,
      offsetA: c.startOffset,
      offsetB: c.startOffset,
      offsetC: c.startOffset,
      a: { buffer: A },
      b: { buffer: B },
      c: { buffer: C },
      bias: biasBuffer ? { buffer: biasBuffer } : undefined,
    });
    rt.recorder.submit([dispatch]);
    return readFloats(rt.device, C, 0, layout.sizes.c);
  });
  let failures = 0;
  const written = new Uint8Array(layout.sizes.c);
  for (let z = 0; z < batch; z++) {
    const [aRows, aCols] = c.transA ? [c.K, c.M] : [c.M, c.K];
    const [bRows, bCols] = c.transB ? [c.N, c.K] : [c.K, c.N];
    const cStart = layout.offset(z, layout.strides.c, layout.outer.c);
    const ref = matmulReference({
      M: c.M,
      N: c.N,
      K: c.K,
      transA: !!c.transA,
      transB: !!c.transB,
      a: unpack(a, layout.offset(z, layout.strides.a, layout.outer.a), aRows, aCols, layout.lda),
      b: unpack(b, layout.offset(z, layout.strides.b, layout.outer.b), bRows, bCols, layout.ldb),
      bias,
      c0: c.accumulate ? unpack(c0, cStart, c.M, c.N, layout.ldc) : undefined,
    });
    const terms = c.K + (bias ? 1 : 0) + (c.accumulate ? 1 : 0);
    for (let r = 0; r < c.M; r++) {
      for (let col = 0; col < c.N; col++) {
        const at = cStart + r * layout.ldc + col;
        written[at] = 1;
        const expected = ref.value[r * c.N + col];
        const error = Math.abs(out[at] - expected);
        const bound = f32SumErrorBound(terms, ref.absSum[r * c.N + col]) + Math.abs(expected) * 2 ** -24;
        if (!(error <= bound)) failures++;
      }
    }
  }
  for (let i = 0; i < layout.sizes.c; i++) if (!written[i] && out[i] !== c0[i]) failures++;
  return failures;
}
