import { describe, expect, it } from 'vitest';
import { withErrorScope } from './error-scope';
import { createMatmul } from './matmul';
import { f32SumErrorBound, matmulReference } from './matmul.reference';
import { readFloats } from './readback';
import { seededFloats, testRuntime } from './test-gpu';

interface Case {
  M: number;
  N: number;
  K: number;
  transA?: boolean;
  transB?: boolean;
  bias?: boolean;
  accumulate?: boolean;
  batch?: number;
}

async function runCase(c: Case): Promise<{ worstRatio: number; failures: number }> {
  const rt = await testRuntime();
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
    const dispatch = createMatmul(rt, {
      ...c,
      a: { buffer: A },
      b: { buffer: B },
      c: { buffer: C },
      bias: biasBuffer ? { buffer: biasBuffer } : undefined,
    });
    rt.recorder.submit([dispatch]);
    return readFloats(rt.device, C, 0, batch * c.M * c.N);
  });
  let worstRatio = 0;
  let failures = 0;
  for (let z = 0; z < batch; z++) {
    const ref = matmulReference({
      M: c.M, N: c.N, K: c.K, transA: !!c.transA, transB: !!c.transB,
      a: a.subarray(z * c.M * c.K, (z + 1) * c.M * c.K),
      b: b.subarray(z * c.K * c.N, (z + 1) * c.K * c.N),
      bias,
      c0: c0?.subarray(z * c.M * c.N, (z + 1) * c.M * c.N),
    });
    const terms = c.K + (bias ? 1 : 0) + (c0 ? 1 : 0);
    for (let i = 0; i < c.M * c.N; i++) {
      const error = Math.abs(out[z * c.M * c.N + i] - ref.value[i]);
      // The f32 result is also rounded once on output: add half an ulp of the value.
      const bound = f32SumErrorBound(terms, ref.absSum[i]) + Math.abs(ref.value[i]) * 2 ** -24;
      worstRatio = Math.max(worstRatio, error / bound);
      if (!(error <= bound)) failures++;
    }
  }
  return { worstRatio, failures };
}

const SIZES: Array<[number, number, number]> = [
  [1, 1, 1],
  [7, 13, 5],
  [65, 127, 33],
  [63, 65, 17],
  [3, 200, 129],
  [128, 512, 2048],
];

describe('matmul vs float64 reference (error within the f32 summation bound gamma_K * sum|a*b|)', () => {
  for (const [M, N, K] of SIZES) {
    for (const [transA, transB] of [[false, false], [false, true], [true, false]] as const) {
      if (M * N * K > 1e7 && (transA || transB)) continue;
      it(`${M}x${N}x${K} transA=${transA} transB=${transB}`, async () => {
        const { failures } = await runCase({ M, N, K, transA, transB });
        expect(failures).toBe(0);
      });
    }
  }
  it('A·Bᵀ at 128x512x2048 (the weight-gradient shape)', async () => {
    expect((await runCase({ M: 128, N: 512, K: 2048, transB: true })).failures).toBe(0);
  });
  it('Aᵀ·B at 512x128x2048', async () => {
    expect((await runCase({ M: 512, N: 128, K: 2048, transA: true })).failures).toBe(0);
  });
  it('fused bias, 65x127x33 with Bᵀ', async () => {
    expect((await runCase({ M: 65, N: 127, K: 33, transB: true, bias: true })).failures).toBe(0);
  });
  it('accumulate into C, Aᵀ·B 33x65x70', async () => {
    expect((await runCase({ M: 33, N: 65, K: 70, transA: true, accumulate: true })).failures).toBe(0);
  });
  it('batched, 3 products of 17x9x31 with bias', async () => {
    expect((await runCase({ M: 17, N: 9, K: 31, batch: 3, bias: true })).failures).toBe(0);
  });
  it('the bound is tight enough to catch a wrong kernel (a dropped K slice fails it)', async () => {
    const rt = await testRuntime();
    const a = seededFloats(65 * 33, 7);
    const b = seededFloats(33 * 9, 8);
    const A = rt.arena.upload('A', a.map((v, i) => (i % 33 === 32 ? 0 : v)));
    const B = rt.arena.upload('B', b);
    const C = rt.arena.storage('C', 65 * 9 * 4);
    rt.recorder.submit([createMatmul(rt, { M: 65, N: 9, K: 33, a: { buffer: A }, b: { buffer: B }, c: { buffer: C } })]);
    const out = await readFloats(rt.device, C, 0, 65 * 9);
    const ref = matmulReference({ M: 65, N: 9, K: 33, transA: false, transB: false, a, b });
    let failures = 0;
    for (let i = 0; i < out.length; i++) {
      if (Math.abs(out[i] - ref.value[i]) > f32SumErrorBound(33, ref.absSum[i]) + Math.abs(ref.value[i]) * 2 ** -24) failures++;
    }
    expect(failures).toBeGreaterThan(0);
  });
});
