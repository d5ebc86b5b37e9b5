import { describe, expect, it } from 'vitest';
import { seededFloats } from '../kernels/test-gpu';
import type { GptConfig } from './config';
import { buildParamLayout } from './param-layout';
import { referenceBackward, referenceForward, sftRowWeights } from './reference-gpt';

const config: GptConfig = { vocabSize: 7, contextLength: 6, layers: 2, heads: 2, dModel: 8 };
const batch = 2;
const seqLen = 5;
const tokens = Uint32Array.from([0, 3, 4, 6, 5, 0, 2, 6, 3, 1]);
const valueTokenStart = 3;

function randomParams(): Float64Array {
  const layout = buildParamLayout(config);
  const raw = seededFloats(layout.totalFloats, 11);
  // Large enough weights that attention and LayerNorm are far from their linear regimes.
  return Float64Array.from(raw, (v) => 0.5 * v);
}

function objective(params: Float64Array, w: Float64Array): number {
  const f = referenceForward(config, params, tokens, batch, seqLen, valueTokenStart);
  return f.rowLogProbs.reduce((s, lp, i) => s + w[i] * lp, 0);
}

describe('reference GPT (float64)', () => {
  it('row log-probs count only value-token targets and are log-probabilities', () => {
    const f = referenceForward(config, randomParams(), tokens, batch, seqLen, valueTokenStart);
    // Row 0 targets 3,4,6,5 all count; row 1 targets 2 (a name) and 1 (EOS) do not.
    const expected = [0, 1, 2, 3].reduce((s, t) => s + f.tokenLogProbs[t], 0);
    expect(f.rowLogProbs[0]).toBeCloseTo(expected, 12);
    expect(f.tokenLogProbs[5]).toBe(0);
    expect(f.tokenLogProbs[8]).toBe(0);
    expect(f.tokenLogProbs[4]).toBe(0);
    for (const lp of f.tokenLogProbs) expect(lp).toBeLessThanOrEqual(0);
  });

  it('backward equals central finite differences for every parameter (relative 1e-6)', () => {
    const params = randomParams();
    const w = Float64Array.from([0.7, -1.3]);
    const back = referenceBackward(params, referenceForward(config, params, tokens, batch, seqLen, valueTokenStart), w);
    const layout = buildParamLayout(config);
    // h = 1e-5 in float64: truncation O(h²)·f''' ≈ 1e-10 and rounding ≈ 1e-16/h ≈ 1e-11, far below 1e-6.
    const h = 1e-5;
    let worst = 0;
    for (const t of layout.tensors) {
      for (let i = 0; i < t.size; i++) {
        const at = t.offset + i;
        const saved = params[at];
        params[at] = saved + h;
        const up = objective(params, w);
        params[at] = saved - h;
        const down = objective(params, w);
        params[at] = saved;
        const numeric = (up - down) / (2 * h);
        worst = Math.max(worst, Math.abs(numeric - back.grads[at]) / Math.max(1e-3, Math.abs(numeric)));
      }
    }
    expect(worst).toBeLessThan(1e-6);
    expect(back.weightedLoss).toBeCloseTo(objective(params, w), 12);
  });

  it('SFT weights make the weighted loss the mean negative log-likelihood of counted tokens', () => {
    const params = randomParams();
    const f = referenceForward(config, params, tokens, batch, seqLen, valueTokenStart);
    const w = sftRowWeights(tokens, f.shape);
    const nll = -f.tokenLogProbs.reduce((s, v) => s + v, 0);
    const countedTargets = [...tokens].filter((tk, n) => n % seqLen !== 0 && tk >= valueTokenStart).length;
    expect(referenceBackward(params, f, w).weightedLoss).toBeCloseTo(nll / countedTargets, 12);
  });
});
