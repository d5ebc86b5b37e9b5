import { describe, expect, it } from 'vitest';
import { createAttentionBackward, createAttentionForward } from './attention';
import { MATMULS, runnableMatmuls } from './matmul-variants';
import { attentionBackward, attentionForward } from './reference-ops';
import { F32_U, normwiseError, runAndRead, upload } from './test-compare';
import { seededFloats, testRuntime } from './test-gpu';

// Awkward sizes: 3 rows of 11 positions, 3 heads of width 5.
const shape = { batch: 3, seqLen: 11, heads: 3, headDim: 5 };
const d = shape.heads * shape.headDim;
const rows = shape.batch * shape.seqLen;
const qkv = seededFloats(rows * 3 * d, 1).map((v) => 2 * v);
// Reductions: headDim-term scores, seqLen-term softmax sums and weighted sums, plus exp's few ulps.
const TOLERANCE = 8 * (shape.seqLen + shape.headDim) * F32_U;

const runnable = runnableMatmuls((await testRuntime()).ctx.features);

describe.each(runnable)('causal attention through the %s matmul vs float64', (choice) => {
  const matmul = MATMULS[choice];

  it('forward: output rows and saved probabilities', async () => {
    const rt = await testRuntime();
    const out = rt.arena.storage('out', rows * d * 4);
    const probs = rt.arena.storage('probs', shape.batch * shape.heads * shape.seqLen ** 2 * 4);
    const op = createAttentionForward(rt, matmul, shape, { qkv: upload(rt, qkv), out, probs });
    const [gpuOut, gpuProbs] = await runAndRead(rt, op, [out, probs]);
    const ref = attentionForward(qkv, shape);
    expect(normwiseError(gpuOut, ref.out)).toBeLessThan(TOLERANCE);
    expect(normwiseError(gpuProbs, ref.probs)).toBeLessThan(TOLERANCE);
  });

  it('backward: dq, dk, dv', async () => {
    const rt = await testRuntime();
    const ref = attentionForward(qkv, shape);
    const dout = seededFloats(rows * d, 2);
    const dqkv = rt.arena.storage('dqkv', rows * 3 * d * 4);
    const ops = createAttentionBackward(rt, matmul, shape, {
      dout: upload(rt, dout),
      qkv: upload(rt, qkv),
      probs: upload(rt, ref.probs),
      dscores: rt.arena.storage('dscores', ref.probs.length * 4),
      dqkv,
    });
    const [gpu] = await runAndRead(rt, ops, [dqkv]);
    expect(normwiseError(gpu, attentionBackward(dout, qkv, Float32Array.from(ref.probs), shape))).toBeLessThan(2 * TOLERANCE);
  });
});
