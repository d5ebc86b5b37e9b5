import { describe, expect, it } from 'vitest';
import { createLayerNormBackward, createLayerNormForward } from './layernorm';
import { layerNormBackward, layerNormForward } from './reference-ops';
import { F32_U, normwiseError, runAndRead, upload } from './test-compare';
import { seededFloats, testRuntime } from './test-gpu';

// Awkward sizes: 37 rows of width 45; gamma/beta packed with beta 64 floats after gamma (as in the layout).
const rows = 37;
const dim = 45;
const betaOffset = 64;
const gammaBeta = new Float32Array(betaOffset + dim);
gammaBeta.set(seededFloats(dim, 5).map((v) => 1 + 0.5 * v));
gammaBeta.set(seededFloats(dim, 6), betaOffset);
const gamma = gammaBeta.subarray(0, dim);
const beta = gammaBeta.subarray(betaOffset);
const shape = { rows, dim, betaOffset };
// Row means and variances are sums of dim terms; the normalised value's error is a few dim·u.
const TOLERANCE = 8 * dim * F32_U;

describe('LayerNorm kernels vs float64', () => {
  it('forward with fused residual add writes the sum, the normalised rows and (mean, rstd)', async () => {
    const rt = await testRuntime();
    const x = seededFloats(rows * dim, 1);
    const delta = seededFloats(rows * dim, 2);
    const sum = rt.arena.storage('sum', rows * dim * 4);
    const out = rt.arena.storage('y', rows * dim * 4);
    const stats = rt.arena.storage('stats', rows * 8);
    const op = createLayerNormForward(rt, shape, {
      x: upload(rt, x),
      residual: { delta: upload(rt, delta), sum },
      out,
      stats,
      gammaBeta: upload(rt, gammaBeta),
    });
    const [gpuSum, gpuY, gpuStats] = await runAndRead(rt, [op], [sum, out, stats]);
    const refSum = Array.from(x, (v, i) => v + delta[i]);
    const ref = layerNormForward(Float32Array.from(refSum), rows, dim, gamma, beta);
    expect(normwiseError(gpuSum, refSum)).toBeLessThanOrEqual(F32_U);
    expect(normwiseError(gpuY, ref.y)).toBeLessThan(TOLERANCE);
    expect(
      normwiseError(
        gpuStats.filter((_, i) => i % 2 === 1),
        ref.rstd,
      ),
    ).toBeLessThan(TOLERANCE);
    // Row means of zero-mean data are small: their error is relative to the row sums' magnitude, ~1.
    const meanScale = Math.max(...Array.from(refSum, Math.abs));
    const meanError = Math.max(...Array.from(ref.mean, (m, r) => Math.abs(gpuStats[2 * r] - m)));
    expect(meanError / meanScale).toBeLessThan(TOLERANCE);
  });

  it('forward without residual', async () => {
    const rt = await testRuntime();
    const x = seededFloats(rows * dim, 3).map((v) => 3 * v + 1);
    const out = rt.arena.storage('y', rows * dim * 4);
    const stats = rt.arena.storage('stats', rows * 8);
    const op = createLayerNormForward(rt, shape, { x: upload(rt, x), out, stats, gammaBeta: upload(rt, gammaBeta) });
    const [gpuY] = await runAndRead(rt, [op], [out]);
    expect(normwiseError(gpuY, layerNormForward(x, rows, dim, gamma, beta).y)).toBeLessThan(TOLERANCE);
  });

  for (const accumulate of [false, true]) {
    it(`backward (accumulate=${accumulate}): dx and the gamma/beta gradients`, async () => {
      const rt = await testRuntime();
      const x = seededFloats(rows * dim, 7);
      const dout = seededFloats(rows * dim, 8);
      const dx0 = seededFloats(rows * dim, 9);
      const fwd = layerNormForward(x, rows, dim, gamma, beta);
      const stats = new Float32Array(rows * 2);
      for (let r = 0; r < rows; r++) stats.set([fwd.mean[r], fwd.rstd[r]], 2 * r);
      const dx = accumulate ? upload(rt, dx0) : rt.arena.storage('dx', rows * dim * 4);
      const dGammaBeta = rt.arena.storage('dgb', (betaOffset + dim) * 4);
      const ops = createLayerNormBackward(rt, shape, {
        dout: upload(rt, dout),
        x: upload(rt, x),
        stats: upload(rt, stats),
        gammaBeta: upload(rt, gammaBeta),
        dx,
        dGammaBeta,
        accumulate,
      });
      const [gpuDx, gpuDgb] = await runAndRead(rt, ops, [dx, dGammaBeta]);
      const ref = layerNormBackward(dout, x, fwd.mean, fwd.rstd, gamma, rows, dim);
      const refDx = accumulate ? ref.dx.map((v, i) => v + dx0[i]) : ref.dx;
      expect(normwiseError(gpuDx, refDx)).toBeLessThan(TOLERANCE);
      // Parameter gradients sum over the rows.
      expect(normwiseError(gpuDgb.subarray(0, dim), ref.dgamma)).toBeLessThan(8 * rows * F32_U + TOLERANCE);
      expect(normwiseError(gpuDgb.subarray(betaOffset, betaOffset + dim), ref.dbeta)).toBeLessThan(8 * rows * F32_U);
    });
  }
});
