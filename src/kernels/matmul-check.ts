import type { Dispatch } from './dispatch';
import { withErrorScope } from './error-scope';
import type { MatmulSpec } from './matmul';
import { f32SumErrorBound, matmulReference } from './matmul.reference';
import { readFloats } from './readback';
import type { GpuRuntime } from './runtime';
import { seededFloats } from './test-gpu';

export type MatmulFactory = (rt: GpuRuntime, spec: MatmulSpec) => Dispatch;

export interface MatmulCase {
  M: number;
  N: number;
  K: number;
  transA?: boolean;
  transB?: boolean;
  bias?: boolean;
  accumulate?: boolean;
  batch?: number;
}

/**
 * Runs one matmul kernel on seeded inputs and counts the outputs whose error against the float64
 * reference exceeds the f32 summation bound gamma_terms * sum|terms| plus half an ulp for the
 * final rounding (see matmul.reference.ts). Any correct summation order satisfies it.
 */
export async function countMatmulFailures(rt: GpuRuntime, create: MatmulFactory, c: MatmulCase): Promise<number> {
  const batch = c.batch ?? 1;
  const a = seededFloats(batch * c.M * c.K, 1 + c.M);
  const b = seededFloats(batch * c.K * c.N, 2 + c.N);
  const bias = c.bias ? seededFloats(c.N, 3) : undefined;
  const c0 = c.accumulate ? seededFloats(batch * c.M * c.N, 4) : undefined;
  const out = await withErrorScope(rt.device, async () => {
    const A = rt.arena.upload('A', a);
    const B = rt.arena.upload('B', b);
    const C = c0 ? rt.arena.upload('C', c0) : rt.arena.storage('C', batch * c.M * c.N * 4);
    const biasBuffer = bias ? rt.arena.upload('bias', bias) : undefined;
    const dispatch = create(rt, {
      ...c,
      a: { buffer: A },
      b: { buffer: B },
      c: { buffer: C },
      bias: biasBuffer ? { buffer: biasBuffer } : undefined,
    });
    rt.recorder.submit([dispatch]);
    return readFloats(rt.device, C, 0, batch * c.M * c.N);
  });
  let failures = 0;
  const size = c.M * c.N;
  for (let z = 0; z < batch; z++) {
    const ref = matmulReference({
      M: c.M, N: c.N, K: c.K, transA: !!c.transA, transB: !!c.transB,
      a: a.subarray(z * c.M * c.K, (z + 1) * c.M * c.K),
      b: b.subarray(z * c.K * c.N, (z + 1) * c.K * c.N),
      bias,
      c0: c0?.subarray(z * size, (z + 1) * size),
    });
    const terms = c.K + (bias ? 1 : 0) + (c0 ? 1 : 0);
    for (let i = 0; i < size; i++) {
      const error = Math.abs(out[z * size + i] - ref.value[i]);
      const bound = f32SumErrorBound(terms, ref.absSum[i]) + Math.abs(ref.value[i]) * 2 ** -24;
      if (!(error <= bound)) failures++;
    }
  }
  return failures;
}
