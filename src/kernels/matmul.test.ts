import { describe, expect, it } from 'vitest';
import type { Dispatch } from './dispatch';
import type { MatmulSpec } from './matmul';
import { countMatmulFailures, type MatmulCase } from './matmul-check';
import { MATMULS, type MatmulChoice, runnableMatmuls } from './matmul-variants';
import type { GpuRuntime } from './runtime';
import { testRuntime } from './test-gpu';

const KERNELS: Record<MatmulChoice, string> = {
  tiled: 'tiled (shared-memory tiles)',
  direct: 'direct (register blocks from global memory)',
  lanes: 'lanes (4-wide subgroups share their reads)',
};
const runnable = runnableMatmuls((await testRuntime()).ctx.features);

// Awkward sizes: below, at and just past the 4/8-wide register blocks and the 64-wide tiles.
const SIZES: Array<[number, number, number]> = [
  [1, 1, 1],
  [7, 13, 5],
  [9, 8, 3],
  [65, 127, 33],
  [63, 65, 17],
  [3, 200, 129],
  [128, 512, 2048],
];

const EXTRA_CASES: Array<[string, MatmulCase]> = [
  ['A·Bᵀ at 128x512x2048 (the weight-gradient shape)', { M: 128, N: 512, K: 2048, transB: true }],
  ['Aᵀ·B at 512x128x2048', { M: 512, N: 128, K: 2048, transA: true }],
  ['fused bias, 65x127x33 with Bᵀ', { M: 65, N: 127, K: 33, transB: true, bias: true }],
  ['accumulate into C, Aᵀ·B 33x65x70', { M: 33, N: 65, K: 70, transA: true, accumulate: true }],
  ['batched, 3 products of 17x9x31 with bias and Bᵀ', { M: 17, N: 9, K: 31, batch: 3, bias: true, transB: true }],
  ['row strides wider than packed, 19x21x23', { M: 19, N: 21, K: 23, rowPadding: 5 }],
  ['row strides with Aᵀ and accumulate, 19x21x23', { M: 19, N: 21, K: 23, rowPadding: 3, transA: true, accumulate: true }],
  ['two-axis batch (2 × 3 products, attention-like) with Bᵀ and row strides', { M: 11, N: 13, K: 7, batch: 6, innerBatch: 3, transB: true, rowPadding: 4 }],
  ['matrices starting 3 floats into their buffers, Aᵀ, 2 products', { M: 9, N: 10, K: 12, batch: 2, transA: true, startOffset: 3 }],
];

for (const [choice, name] of Object.entries(KERNELS) as Array<[MatmulChoice, string]>) {
  const create = MATMULS[choice];
  describe.skipIf(!runnable.includes(choice))(`matmul ${name} vs float64 reference (error within gamma_K * sum|a*b| + half an ulp)`, () => {
    const check = async (c: MatmulCase) => countMatmulFailures(await testRuntime(), create, c);
    for (const [M, N, K] of SIZES) {
      for (const [transA, transB] of [
        [false, false],
        [false, true],
        [true, false],
      ] as const) {
        if (M * N * K > 1e7 && (transA || transB)) continue;
        it(`${M}x${N}x${K} transA=${transA} transB=${transB}`, async () => {
          expect(await check({ M, N, K, transA, transB })).toBe(0);
        });
      }
    }
    for (const [label, c] of EXTRA_CASES) {
      it(label, async () => {
        expect(await check(c)).toBe(0);
      });
    }
    it('refuses a batch beyond the GPU grid with a message, before building anything', async () => {
      const rt = await testRuntime();
      const batch = rt.device.limits.maxComputeWorkgroupsPerDimension + 1;
      const buffer = { buffer: rt.unused };
      expect(() => create(rt, { M: 2, N: 2, K: 2, batch, a: buffer, b: buffer, c: buffer })).toThrow(/workgroups, beyond this GPU's \d+ per dimension/);
    });
    it('the check fails a wrong kernel (one that skips the last k)', async () => {
      const skipLastK = (rt: GpuRuntime, spec: MatmulSpec): Dispatch => create(rt, { ...spec, K: spec.K - 1 });
      // Passing K-1 also shifts A's row stride, so nearly every output is off by far more than the bound.
      expect(await countMatmulFailures(await testRuntime(), skipLastK, { M: 65, N: 9, K: 33, transB: true })).toBeGreaterThan(0);
    });
  });
}
