import { describe, expect, it } from 'vitest';
import { createTokenLogProbs, createWeightedCrossEntropyBackward, createWeightedLoss } from './cross-entropy';
import { crossEntropyBackward, crossEntropyForward } from './reference-ops';
import { F32_U, normwiseError, runAndRead, upload } from './test-compare';
import { seededFloats, testRuntime } from './test-gpu';

// Awkward sizes: 5 rows of 9 positions over a vocabulary of 23; tokens below 4 never count.
const shape = { batch: 5, seqLen: 9, vocab: 23, valueTokenStart: 4 };
const positions = shape.batch * shape.seqLen;
const logits = seededFloats(positions * shape.vocab, 1).map((v) => 4 * v);
const tokens = Uint32Array.from({ length: positions }, (_, i) => (i * 13 + 5) % shape.vocab);
const weights = seededFloats(shape.batch, 2);
// Log-sum-exp over vocab terms, then a seqLen-term row sum.
const TOLERANCE = 8 * (shape.vocab + shape.seqLen) * F32_U;

describe('weighted cross-entropy kernels vs float64', () => {
  it('per-position and per-row log-probs of counted tokens, and the weighted loss', async () => {
    const rt = await testRuntime();
    const lse = rt.arena.storage('lse', positions * 4);
    const tokenLogProbs = rt.arena.storage('token lp', positions * 4);
    const rowLogProbs = rt.arena.storage('row lp', shape.batch * 4);
    const loss = rt.arena.storage('loss', 4);
    const rowWeights = upload(rt, weights);
    const ops = [
      ...createTokenLogProbs(rt, shape, { logits: upload(rt, logits), tokens: rt.arena.upload('tokens', tokens), lse, tokenLogProbs, rowLogProbs }),
      createWeightedLoss(rt, shape, { rowWeights, rowLogProbs, loss }),
    ];
    const [gpuLse, gpuTok, gpuRow, gpuLoss] = await runAndRead(rt, ops, [lse, tokenLogProbs, rowLogProbs, loss]);
    const ref = crossEntropyForward(logits, tokens, shape);
    expect(ref.tokenLogProbs.filter((v) => v === 0).length).toBeGreaterThan(shape.batch); // the mask is exercised
    expect(normwiseError(gpuLse, ref.lse)).toBeLessThan(TOLERANCE);
    expect(normwiseError(gpuTok, ref.tokenLogProbs)).toBeLessThan(TOLERANCE);
    expect(normwiseError(gpuRow, ref.rowLogProbs)).toBeLessThan(TOLERANCE);
    const refLoss = ref.rowLogProbs.reduce((s, v, b) => s + weights[b] * v, 0);
    expect(normwiseError([gpuLoss[0]], [refLoss])).toBeLessThan(TOLERANCE * shape.batch);
  });

  it('backward: dlogits = w·(onehot − softmax) at counted positions, 0 elsewhere', async () => {
    const rt = await testRuntime();
    const ref = crossEntropyForward(logits, tokens, shape);
    const dlogits = rt.arena.storage('dlogits', logits.length * 4);
    const op = createWeightedCrossEntropyBackward(rt, shape, {
      logits: upload(rt, logits),
      tokens: rt.arena.upload('tokens', tokens),
      lse: upload(rt, ref.lse),
      rowWeights: upload(rt, weights),
      dlogits,
    });
    const [gpu] = await runAndRead(rt, [op], [dlogits]);
    expect(normwiseError(gpu, crossEntropyBackward(logits, Float32Array.from(ref.lse), tokens, weights, shape))).toBeLessThan(16 * F32_U);
  });
});
