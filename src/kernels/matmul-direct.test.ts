import { describe, expect, it } from 'vitest';
import type { Dispatch } from './dispatch';
import type { MatmulSpec } from './matmul';
import { countMatmulFailures } from './matmul-check';
import { createMatmulDirect } from './matmul-direct';
import type { GpuRuntime } from './runtime';
import { testRuntime } from './test-gpu';

const check = async (c: Parameters<typeof countMatmulFailures>[2]) => countMatmulFailures(await testRuntime(), createMatmulDirect, c);

// Awkward sizes: below, at and just past the 8-wide register block and the 64-wide tile.
const SIZES: Array<[number, number, number]> = [
  [1, 1, 1],
  [7, 13, 5],
  [9, 8, 3],
  [65, 127, 33],
  [63, 65, 17],
  [3, 200, 129],
  [128, 512, 2048],
];

describe('matmul-direct vs float64 reference (error within gamma_K * sum|a*b| + half an ulp)', () => {
  for (const [M, N, K] of SIZES) {
    for (const [transA, transB] of [[false, false], [false, true], [true, false]] as const) {
      if (M * N * K > 1e7 && (transA || transB)) continue;
      it(`${M}x${N}x${K} transA=${transA} transB=${transB}`, async () => {
        expect(await check({ M, N, K, transA, transB })).toBe(0);
      });
    }
  }
  it('A·Bᵀ at 128x512x2048 (the weight-gradient shape)', async () => {
    expect(await check({ M: 128, N: 512, K: 2048, transB: true })).toBe(0);
  });
  it('Aᵀ·B at 512x128x2048', async () => {
    expect(await check({ M: 512, N: 128, K: 2048, transA: true })).toBe(0);
  });
  it('fused bias, 65x127x33 with Bᵀ', async () => {
    expect(await check({ M: 65, N: 127, K: 33, transB: true, bias: true })).toBe(0);
  });
  it('accumulate into C, Aᵀ·B 33x65x70', async () => {
    expect(await check({ M: 33, N: 65, K: 70, transA: true, accumulate: true })).toBe(0);
  });
  it('batched, 3 products of 17x9x31 with bias and Bᵀ', async () => {
    expect(await check({ M: 17, N: 9, K: 31, batch: 3, bias: true, transB: true })).toBe(0);
  });
  it('the check fails a wrong kernel (one that skips the last k)', async () => {
    const skipLastK = (rt: GpuRuntime, spec: MatmulSpec): Dispatch => createMatmulDirect(rt, { ...spec, K: spec.K - 1 });
    // Passing K-1 also shifts A's row stride, so nearly every output is off by far more than the bound.
    expect(await countMatmulFailures(await testRuntime(), skipLastK, { M: 65, N: 9, K: 33, transB: true })).toBeGreaterThan(0);
  });
});
