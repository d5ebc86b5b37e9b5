import { describe, expect, it } from 'vitest';
import { type CodecColumnSpec, RowCodec } from '../../data/row-codec';
import { withErrorScope } from '../../kernels/error-scope';
import { seededFloats, testRuntime } from '../../kernels/test-gpu';
import { configFromPreset } from '../config';
import { GptModel } from '../gpt-model';
import { buildParamLayout } from '../param-layout';
import { referenceForward } from '../reference-gpt';
import { createSampler } from './sampler';
import { legalTokens, pickProbabilities, referenceSample } from './sampler.reference';
import { buildSamplerPlan } from './sampler-plan';
import { numberBounds, planCodec } from './sampler-plan-codec';

// Ranges that sit badly in their digit space, so that free digits mostly leave them: an fnlwgt-like
// 7-digit column, an integer column with NA whose range starts at 44, a signed column with NA and a
// column that is negative only ('+' illegal).
const numeric = (name: string, decimals: number, min: number, max: number, hasNA: boolean): CodecColumnSpec => ({
  name,
  schemaIndex: 0,
  hasNA,
  kind: 'numeric',
  decimals,
  min,
  max,
});
const SPECS: CodecColumnSpec[] = [
  numeric('X', 0, 12285, 1484705, false),
  numeric('Y', 0, 44, 199, true),
  numeric('Z', 2, -7.5, 3.25, true),
  numeric('W', 1, -20, -3.5, false),
  { name: 'K', schemaIndex: 0, hasNA: false, kind: 'categorical', categories: ['a', 'b'] },
];
const codec = RowCodec.fromJSON({ version: 1, columns: SPECS });
const plan = planCodec(codec);
const S = codec.seqLen;
const config = configFromPreset('tiny', codec.vocabSize, S);
// Untrained: its logits know nothing of the ranges (checked below: most of W's first-digit mass is out of range).
const params = seededFloats(buildParamLayout(config).totalFloats, 17).map((v) => v * 0.5);

async function model(): Promise<GptModel> {
  const m = GptModel.create(await testRuntime(), config);
  m.uploadParams(params);
  return m;
}

/** Column c's value in every row straight from its sign and digit tokens, without the codec's clamp; null for NA. */
function rawValues(of: RowCodec, tokens: Uint32Array, rows: number, c: number): Array<number | null> {
  const column = of.columns[c];
  const spec = of.toJSON().columns[c] as CodecColumnSpec & { kind: 'numeric' };
  const signed = spec.min < 0;
  return Array.from({ length: rows }, (_, r) => {
    let at = r * of.seqLen + 1;
    while (tokens[at] !== column.nameToken) at += 1 + of.columns[tokens[at] - 2].width;
    const value = tokens.subarray(at + 1, at + 1 + column.width);
    if (value[0] === column.naToken) return null;
    let scaled = 0;
    for (let p = signed ? 1 : 0; p < column.width; p++) scaled = scaled * 10 + value[p] - column.valueRanges[p].lo;
    const negative = signed && value[0] === column.valueRanges[0].lo + 1;
    return (negative ? -scaled : scaled) / 10 ** spec.decimals;
  });
}

describe('number bounds per sign', () => {
  it('are the lowest and highest legal magnitude, digit by digit', () => {
    expect(numberBounds({ name: 'Y', decimals: 0, min: 44, max: 199 }, 3)).toEqual({ signed: false, plus: { low: [0, 4, 4], high: [1, 9, 9] }, minus: null });
    expect(numberBounds({ name: 'Z', decimals: 2, min: -7.5, max: 3.25 }, 3)).toEqual({
      signed: true,
      plus: { low: [0, 0, 0], high: [3, 2, 5] },
      minus: { low: [0, 0, 0], high: [7, 5, 0] },
    });
    expect(numberBounds({ name: 'W', decimals: 1, min: -20, max: -3.5 }, 3)).toEqual({ signed: true, plus: null, minus: { low: [0, 3, 5], high: [2, 0, 0] } });
    // Bounds off the column's precision round inwards.
    expect(numberBounds({ name: 'V', decimals: 1, min: 0.04, max: 0.96 }, 1)).toEqual({ signed: false, plus: { low: [1], high: [9] }, minus: null });
    expect(() => numberBounds({ name: 'V', decimals: 0, min: 0.2, max: 0.4 }, 1)).toThrow(/"V" holds no number at 0 decimals between 0.2 and 0.4/);
  });

  it('make exactly the numbers of the range (and NA) reachable, digit by digit', () => {
    // One column per codec, so the value starts at position 2 of the row.
    for (const [c, spec] of SPECS.entries()) {
      if (spec.kind !== 'numeric') continue;
      const single = RowCodec.fromJSON({ version: 1, columns: [spec] });
      const column = single.columns[0];
      if (column.width > 4) continue; // X's 10^7 numbers are left to the samples below
      const { tokens, slots } = buildSamplerPlan(planCodec(single), () => new Map(), 1, 0, 1);
      const reached = new Set<number | null>();
      const walk = (pos: number) => {
        if (pos === 2 + column.width) {
          reached.add(rawValues(single, tokens, 1, 0)[0]);
          return;
        }
        for (const token of legalTokens(tokens, slots, pos)) {
          tokens[pos] = token;
          if (token === column.naToken) tokens.fill(token, pos, 2 + column.width);
          walk(token === column.naToken ? 2 + column.width : pos + 1);
        }
      };
      const expected = new Set<number | null>(spec.hasNA ? [null] : []);
      for (let k = Math.round(spec.min * 10 ** spec.decimals); k <= Math.round(spec.max * 10 ** spec.decimals); k++) expected.add(k / 10 ** spec.decimals);
      walk(2);
      expect(reached, `column ${spec.name} (${c})`).toEqual(expected);
    }
  });
});

describe('sampled numbers stay in their range by construction', () => {
  it('the untrained model puts most of its first-digit mass outside the range (the premise of the tests below)', () => {
    const outside = (prefix: number[], c: number, legal: (digit: number) => boolean) => {
      const tokens = new Uint32Array(S);
      tokens.set(prefix);
      const logits = referenceForward(config, params, tokens, 1, S).logits.subarray((prefix.length - 1) * codec.vocabSize, prefix.length * codec.vocabSize);
      const { lo } = codec.columns[c].valueRanges[prefix.length - 2];
      const probs = pickProbabilities(
        logits,
        Array.from({ length: 10 }, (_, d) => lo + d),
        1,
      );
      return probs.reduce((sum, p, d) => sum + (legal(d) ? 0 : p), 0);
    };
    const [X, W] = [codec.columns[0], codec.columns[3]];
    expect(outside([0, X.nameToken], 0, (d) => d <= 1)).toBeGreaterThan(0.5);
    expect(outside([0, W.nameToken, W.valueRanges[0].lo + 1], 3, (d) => d <= 2)).toBeGreaterThan(0.5);
  });

  // The full-recompute sampler shares the plan and the pick kernel; sampler.test.ts compares it with these two.
  it('KV-cache sampler = float64 reference, token for token', async () => {
    const m = await model();
    for (const opts of [
      { seed: 3, temperature: 1 },
      { seed: 4, temperature: 0.7, topK: 2 },
    ]) {
      const kv = await withErrorScope(m.rt.device, () => createSampler(m, codec, { batch: 7 }).sample(12, opts));
      expect(Array.from(kv), JSON.stringify(opts)).toEqual(Array.from(referenceSample(config, params, plan, () => new Map(), 12, opts)));
    }
  });

  it('2000 rows at temperature 1: every number in [min, max] without clamping, the bounds not over-produced', async () => {
    const m = await model();
    const rows = 2000;
    const tokens = await withErrorScope(m.rt.device, () => createSampler(m, codec, { batch: 1000 }).sample(rows, { seed: 1, temperature: 1 }));
    const decoded = codec.decodeRows(tokens, rows);
    const numbersOf = (c: number) => rawValues(codec, tokens, rows, c).filter((v): v is number => v !== null);
    SPECS.forEach((spec, c) => {
      if (spec.kind !== 'numeric') return;
      const raw = rawValues(codec, tokens, rows, c);
      const numbers = numbersOf(c);
      expect(numbers.length, spec.name).toBeGreaterThan(rows / 2);
      expect(Math.min(...numbers), spec.name).toBeGreaterThanOrEqual(spec.min);
      expect(Math.max(...numbers), spec.name).toBeLessThanOrEqual(spec.max);
      // The codec's clamp changes nothing: the raw digits are the decoded value (-0 reads as 0).
      expect(
        raw.map((v) => (v === null ? null : v + 0)),
        spec.name,
      ).toEqual(decoded.columns[c]);
    });
    expect(decoded.columns[1].some((v) => v === null) && decoded.columns[2].some((v) => v === null)).toBe(true);
    // Clamping would put every out-of-range draw on a bound (most of X's, by the premise above).
    for (const c of [0, 1, 2]) {
      const spec = SPECS[c] as CodecColumnSpec & { kind: 'numeric' };
      const numbers = numbersOf(c);
      for (const bound of [spec.min, spec.max]) {
        expect(numbers.filter((v) => v === bound).length / numbers.length, `${spec.name} = ${bound}`).toBeLessThan(0.02);
      }
      expect(new Set(numbers).size, spec.name).toBeGreaterThan(50);
    }
    // W's lowest magnitude bound, 200, leaves one completion after a first digit 2: -20 gets exactly
    // the mass the model gives that digit among the legal 0..2, no more (rows where W comes first).
    const W = codec.columns[3];
    const firstRows = Array.from({ length: rows }, (_, r) => r).filter((r) => tokens[r * S + 1] === W.nameToken);
    const minus = W.valueRanges[0].lo + 1;
    expect(firstRows.every((r) => tokens[r * S + 2] === minus)).toBe(true);
    const prefix = new Uint32Array(S);
    prefix.set([0, W.nameToken, minus]);
    const logits = referenceForward(config, params, prefix, 1, S).logits.subarray(2 * codec.vocabSize, 3 * codec.vocabSize);
    const p = pickProbabilities(
      logits,
      [0, 1, 2].map((d) => W.valueRanges[1].lo + d),
      1,
    )[2];
    const atMin = firstRows.filter((r) => rawValues(codec, tokens.subarray(r * S, (r + 1) * S), 1, 3)[0] === -20).length;
    const n = firstRows.length;
    expect(n).toBeGreaterThan(300);
    expect(Math.abs(atMin - n * p), `${atMin} of ${n} rows at -20, expected ${(n * p).toFixed(1)}`).toBeLessThan(4 * Math.sqrt(n * p * (1 - p)));
  });
});
