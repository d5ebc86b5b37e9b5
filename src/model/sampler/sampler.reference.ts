/**
 * float64 reference of the constrained sampler: the same plan and random numbers as the GPU
 * samplers, logits from the reference GPT recomputed over the whole prefix. The test oracle.
 */
import { NONE, SLOT_WORDS } from '../../kernels/sample-pick';
import { sampleUniform } from '../../kernels/sample-rng';
import type { GptConfig } from '../config';
import { referenceForward } from '../reference-gpt';
import type { SampleOptions } from './sampler-core';
import { buildSamplerPlan, type FixedOfRow, type PlanCodec } from './sampler-plan';

/** The probabilities the pick kernel draws from over its legal tokens (index i = legal[i]). */
export function pickProbabilities(logits: ArrayLike<number>, legal: readonly number[], temperature: number, topK = 0): Float64Array {
  const values = legal.map((token) => logits[token]);
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

/**
 * The tokens legal at position pos of a row (ascending), given the row's tokens so far and its plan
 * slots: the kernel's rule, including a number's digit bounds for the sign already drawn.
 */
export function legalTokens(rowTokens: ArrayLike<number>, rowSlots: Uint32Array, pos: number): number[] {
  const { lo, hi, naFrom, naToken, digitFrom, minusToken, bounds } = slotAt(rowSlots, pos);
  let [first, end] = [lo, hi];
  if (digitFrom !== NONE) {
    const shift = minusToken !== NONE && rowTokens[digitFrom - 1] === minusToken ? 16 : 0;
    const digitBounds = (word: number) => ({ low: (word >>> shift) & 0xff, high: (word >>> (shift + 8)) & 0xff });
    let [tightLow, tightHigh] = [true, true];
    for (let q = digitFrom; q < pos; q++) {
      const earlier = slotAt(rowSlots, q);
      const digit = rowTokens[q] - earlier.lo;
      const { low, high } = digitBounds(earlier.bounds);
      tightLow &&= digit === low;
      tightHigh &&= digit === high;
    }
    const { low, high } = digitBounds(bounds);
    [first, end] = [lo + (tightLow ? low : 0), lo + (tightHigh ? high : 9) + 1];
  }
  const legal = Array.from({ length: end - first }, (_, i) => first + i);
  if (naFrom === NONE && naToken !== NONE) legal.push(naToken);
  return legal;
}

/** Plan slot `pos` of a row's slots, by field (struct Slot in sample-pick.wgsl). */
function slotAt(rowSlots: Uint32Array, pos: number) {
  const [forced, lo, hi, naFrom, naToken, digitFrom, minusToken, bounds] = rowSlots.subarray(pos * SLOT_WORDS, (pos + 1) * SLOT_WORDS);
  return { forced, lo, hi, naFrom, naToken, digitFrom, minusToken, bounds };
}

/** Samples rows with the reference GPT; same plan, same random stream as the GPU samplers. */
export function referenceSample(
  config: GptConfig,
  params: Float32Array,
  codec: PlanCodec,
  fixedOf: FixedOfRow,
  rows: number,
  opts: SampleOptions,
): Uint32Array {
  const S = codec.seqLen;
  const V = config.vocabSize;
  const { tokens, slots } = buildSamplerPlan(codec, fixedOf, opts.seed, 0, rows);
  for (let pos = 1; pos < S; pos++) {
    const logits = referenceForward(config, params, tokens, rows, S).logits;
    for (let r = 0; r < rows; r++) {
      const rowTokens = tokens.subarray(r * S, (r + 1) * S);
      const rowSlots = slots.subarray(r * S * SLOT_WORDS, (r + 1) * S * SLOT_WORDS);
      const { forced, naFrom, naToken } = slotAt(rowSlots, pos);
      if (forced !== NONE) continue;
      if (naFrom !== NONE && rowTokens[naFrom] === naToken) {
        rowTokens[pos] = naToken;
        continue;
      }
      const legal = legalTokens(rowTokens, rowSlots, pos);
      const probs = pickProbabilities(logits.subarray((r * S + pos - 1) * V, (r * S + pos) * V), legal, opts.temperature, opts.topK);
      rowTokens[pos] = legal[drawIndex(probs, sampleUniform(opts.seed, r, pos))];
    }
  }
  return tokens;
}
