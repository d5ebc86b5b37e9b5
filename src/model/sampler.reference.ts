/**
 * float64 reference of the constrained sampler: the same plan and random numbers as the GPU
 * samplers, logits from the reference GPT recomputed over the whole prefix. The test oracle.
 */
import { NONE, SLOT_WORDS } from '../kernels/sample-pick';
import { sampleUniform } from '../kernels/sample-rng';
import type { GptConfig } from './config';
import { referenceForward } from './reference-gpt';
import type { SampleOptions } from './sampler-core';
import { buildBatchPlan, type FixedOfRow, type PlanCodec } from './sampler-plan';

export interface PickSlot {
  lo: number;
  hi: number;
}

/** The probabilities the pick kernel draws from at a legal range [lo, hi) (index 0 = lo). */
export function pickProbabilities(logits: ArrayLike<number>, { lo, hi }: PickSlot, temperature: number, topK = 0): Float64Array {
  const values = Array.from({ length: hi - lo }, (_, i) => logits[lo + i]);
  const top = Math.max(...values);
  if (temperature === 0) {
    const p = new Float64Array(values.length);
    p[values.indexOf(top)] = 1;
    return p;
  }
  const threshold = topK > 0 && topK < values.length ? [...values].sort((a, b) => b - a)[topK - 1] : -Infinity;
  const w = Float64Array.from(values, (l) => (l >= threshold ? Math.exp((l - top) / temperature) : 0));
  const total = w.reduce((a, b) => a + b, 0);
  return w.map((v) => v / total);
}

/** Inverse CDF at u, as the kernel draws. */
export function drawIndex(probs: ArrayLike<number>, u: number): number {
  let acc = 0;
  let last = 0;
  for (let i = 0; i < probs.length; i++) {
    if (probs[i] <= 0) continue;
    acc += probs[i];
    last = i;
    if (u < acc) return i;
  }
  return last;
}

/** Samples rows with the reference GPT; same plan, same random stream as the GPU samplers. */
export function referenceSample(
  config: GptConfig, params: Float32Array, codec: PlanCodec, fixedOf: FixedOfRow, rows: number, opts: SampleOptions,
): Uint32Array {
  const S = codec.seqLen;
  const V = config.vocabSize;
  const { tokens, slots } = buildBatchPlan(codec, fixedOf, opts.seed, 0, rows);
  for (let pos = 1; pos < S; pos++) {
    const logits = referenceForward(config, params, tokens, rows, S).logits;
    for (let r = 0; r < rows; r++) {
      const [forced, lo, hi, naFrom, naToken] = slots.subarray((r * S + pos) * SLOT_WORDS, (r * S + pos + 1) * SLOT_WORDS);
      if (forced !== NONE) continue;
      if (naFrom !== NONE && tokens[r * S + naFrom] === naToken) {
        tokens[r * S + pos] = naToken;
        continue;
      }
      const row = logits.subarray((r * S + pos - 1) * V, (r * S + pos) * V);
      const probs = pickProbabilities(row, { lo, hi }, opts.temperature, opts.topK);
      tokens[r * S + pos] = lo + drawIndex(probs, sampleUniform(opts.seed, r, pos));
    }
  }
  return tokens;
}
