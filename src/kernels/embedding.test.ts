import { describe, expect, it } from 'vitest';
import { createEmbeddingBackward, createEmbeddingForward } from './embedding';
import { F32_U, normwiseError, runAndRead, upload } from './test-compare';
import { seededFloats, testRuntime } from './test-gpu';

const shape = { rows: 3 * 7, seqLen: 7, dim: 13, positions: 9 };
const vocab = 11;
const tokens = Uint32Array.from({ length: shape.rows }, (_, i) => (i * 7 + 3) % vocab);

describe('embedding kernels vs float64 (awkward sizes: 3 rows × 7 positions, dim 13, vocab 11)', () => {
  it('forward: wte[token] + wpe[position], one rounding', async () => {
    const rt = await testRuntime();
    const wte = seededFloats(vocab * shape.dim, 1);
    const wpe = seededFloats(shape.seqLen * shape.dim, 2);
    const out = rt.arena.storage('x', shape.rows * shape.dim * 4);
    const op = createEmbeddingForward(rt, shape, { tokens: rt.arena.upload('tokens', tokens), wte: upload(rt, wte), wpe: upload(rt, wpe), out });
    const [gpu] = await runAndRead(rt, [op], [out]);
    const ref = Array.from({ length: shape.rows * shape.dim }, (_, i) => {
      const n = Math.floor(i / shape.dim),
        j = i % shape.dim;
      return wte[tokens[n] * shape.dim + j] + wpe[(n % shape.seqLen) * shape.dim + j];
    });
    expect(normwiseError(gpu, ref)).toBeLessThanOrEqual(F32_U);
  });

  it('backward: dwte accumulates the scatter (onto the head gradient), dwpe sums the batch (zero past seqLen)', async () => {
    const rt = await testRuntime();
    const dout = seededFloats(shape.rows * shape.dim, 3);
    const dwte0 = seededFloats(vocab * shape.dim, 4);
    const dwte = upload(rt, dwte0);
    const dwpe = upload(rt, seededFloats(shape.positions * shape.dim, 5)); // stale values must be overwritten
    const ops = createEmbeddingBackward(rt, shape, { tokens: rt.arena.upload('tokens', tokens), dout: upload(rt, dout), dwte, dwpe });
    const [gpuWte, gpuWpe] = await runAndRead(rt, ops, [dwte, dwpe]);
    const refWte = Float64Array.from(dwte0);
    const refWpe = new Float64Array(shape.positions * shape.dim);
    for (let n = 0; n < shape.rows; n++) {
      for (let j = 0; j < shape.dim; j++) {
        refWte[tokens[n] * shape.dim + j] += dout[n * shape.dim + j];
        refWpe[(n % shape.seqLen) * shape.dim + j] += dout[n * shape.dim + j];
      }
    }
    // Each dwte element sums at most rows+1 terms, each dwpe element 3 (the batch).
    expect(normwiseError(gpuWte, refWte)).toBeLessThan(4 * (shape.rows + 1) * F32_U);
    expect(normwiseError(gpuWpe, refWpe)).toBeLessThan(4 * 3 * F32_U);
  });
});
