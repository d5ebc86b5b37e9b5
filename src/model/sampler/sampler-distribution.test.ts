import { describe, expect, it } from 'vitest';
import { RowCodec } from '../../data/row-codec';
import { referenceForward } from '../reference-gpt';
import { createSampler, sampleTable } from './sampler';
import { pickProbabilities } from './sampler.reference';
import { fixtureCodec, fixtureConfig, fixtureModel, fixtureParams } from './sampler-fixture';
import { createWhereResolver } from './sampler-where';

const S = fixtureCodec.seqLen;
const V = fixtureCodec.vocabSize;
const COLUMNS = fixtureCodec.columns;

/**
 * Pearson's chi-square of observed counts against probabilities; categories of probability 0 must
 * be empty (returned as Infinity otherwise).
 */
function chiSquare(counts: number[], probs: ArrayLike<number>): { statistic: number; df: number } {
  const n = counts.reduce((a, b) => a + b, 0);
  let statistic = 0;
  let df = -1;
  counts.forEach((observed, i) => {
    if (probs[i] === 0) {
      if (observed > 0) statistic = Infinity;
      return;
    }
    statistic += (observed - n * probs[i]) ** 2 / (n * probs[i]);
    df++;
  });
  return { statistic, df };
}

// 99.9 % quantiles of chi-square: a correct sampler exceeds one with probability 0.001 (a handful of
// checks below: < 1 % for the file; the seeds are fixed, so a pass is reproducible). With ~1000
// draws per column, a probability off by 0.05 adds ~10-60 to the statistic per category.
const CHI2_999: Record<number, number> = { 1: 10.828, 2: 13.816, 3: 16.266, 5: 20.515 };

/** The distribution of the first value token of column c, from the float64 reference GPT. */
function firstValueProbs(c: number, temperature: number, topK: number): Float64Array {
  const tokens = new Uint32Array(S);
  tokens[1] = COLUMNS[c].nameToken;
  const logits = referenceForward(fixtureConfig, fixtureParams, tokens, 1, S).logits.subarray(V, 2 * V);
  // Every token of a first value position is legal in this schema (both signs of B included).
  const { lo, hi } = COLUMNS[c].valueRanges[0];
  return pickProbabilities(
    logits,
    Array.from({ length: hi - lo }, (_, i) => lo + i),
    temperature,
    topK,
  );
}

describe('sampled distributions (chi-square at the 99.9 % level)', () => {
  // Top-k keeps 2 categories per column, so fewer rows pin its renormalised distribution as well.
  for (const [temperature, topK, rows] of [
    [1, 0, 3000],
    [0.5, 2, 1500],
  ]) {
    it(`first value token matches softmax of the reference logits over the legal range (T=${temperature}, top-k ${topK}, ${rows} rows)`, async () => {
      const model = await fixtureModel();
      const tokens = await createSampler(model, fixtureCodec, { batch: 1000 }).sample(rows, { seed: 21, temperature, topK });
      const orders = new Map<string, number>();
      const counts = COLUMNS.map((column) => new Array<number>(column.valueRanges[0].hi - column.valueRanges[0].lo).fill(0));
      for (let r = 0; r < rows; r++) {
        const c = tokens[r * S + 1] - 2;
        counts[c][tokens[r * S + 2] - COLUMNS[c].valueRanges[0].lo]++;
        const order = [1, 2 + COLUMNS[c].width].map((at) => tokens[r * S + at]).join(',');
        orders.set(order, (orders.get(order) ?? 0) + 1);
      }
      COLUMNS.forEach((_, c) => {
        const { statistic, df } = chiSquare(counts[c], firstValueProbs(c, temperature, topK));
        expect(statistic, `column ${COLUMNS[c].name}: counts ${counts[c]}`).toBeLessThan(CHI2_999[df]);
      });
      // The first two names fix the permutation of three columns: all 6 orders equally likely.
      expect(orders.size).toBe(6);
      expect(chiSquare([...orders.values()], new Array(6).fill(1 / 6)).statistic).toBeLessThan(CHI2_999[5]);
    });
  }
});

describe('every sampled row is a legal row', () => {
  it('1000 rows at temperature 1.5 decode, with NA filling whole columns and numbers in range', async () => {
    const model = await fixtureModel();
    const sampler = createSampler(model, fixtureCodec, { batch: 250 });
    const tokens = await sampler.sample(1000, { seed: 3, temperature: 1.5 });
    // decodeRows throws on any token not legal for its column and position, or a partial NA.
    const table = fixtureCodec.decodeRows(tokens, 1000);
    const [a, b, c] = table.columns;
    expect(new Set(a)).toEqual(new Set(['x', 'y', 'z', null]));
    expect(new Set(c)).toEqual(new Set(['p', 'q', 'r', 's']));
    const numbers = b.filter((v): v is number => typeof v === 'number');
    expect(b.some((v) => v === null)).toBe(true);
    expect(numbers.length).toBeGreaterThan(100);
    expect(Math.min(...numbers)).toBeGreaterThanOrEqual(-5);
    expect(Math.max(...numbers)).toBeLessThanOrEqual(12.5);
    // Digits are drawn, not copied: at 1 decimal over [-5, 12.5] many distinct values appear.
    expect(new Set(numbers).size).toBeGreaterThan(20);
  });

  it('a row depends on (seed, row index) only, not on the batch size', async () => {
    const model = await fixtureModel();
    const opts = { seed: 9, temperature: 1 };
    const small = await createSampler(model, fixtureCodec, { batch: 3 }).sample(10, opts);
    const large = await createSampler(model, fixtureCodec, { batch: 16 }).sample(10, opts);
    expect(Array.from(small)).toEqual(Array.from(large));
    const sampler = createSampler(model, fixtureCodec, { batch: 16 });
    // Overlapping calls share the sampler's buffers: they must queue, not clobber each other.
    const [again, reseeded] = await Promise.all([sampler.sample(10, opts), sampler.sample(10, { ...opts, seed: 10 })]);
    expect(Array.from(again)).toEqual(Array.from(large));
    expect(Array.from(reseeded)).not.toEqual(Array.from(large));
  });
});

describe('conditional sampling', () => {
  it('forces the where columns, first in the row, and samples the rest', async () => {
    const model = await fixtureModel();
    const sampler = createSampler(model, fixtureCodec, { batch: 100 });
    const rows = 200;
    const where = { B: '-1.5', A: 'z' };
    const tokens = await sampler.sample(rows, { seed: 4, temperature: 1, where });
    const table = fixtureCodec.decodeRows(tokens, rows);
    expect(new Set(table.columns[0])).toEqual(new Set(['z']));
    expect(new Set(table.columns[1])).toEqual(new Set([-1.5]));
    expect(new Set(table.columns[2]).size).toBeGreaterThan(1);
    const firstNames = new Set<string>();
    for (let r = 0; r < rows; r++) {
      const first = tokens[r * S + 1] - 2;
      const second = tokens[r * S + 2 + COLUMNS[first].width] - 2;
      expect([first, second].sort()).toEqual([0, 1]);
      firstNames.add(COLUMNS[first].name);
    }
    // The fixed columns' own order is shuffled too.
    expect(firstNames).toEqual(new Set(['A', 'B']));
    const decoded = await sampleTable(sampler, fixtureCodec, 5, { seed: 4, temperature: 0, where: { B: 12.5 } });
    expect(decoded.columns[1]).toEqual([12.5, 12.5, 12.5, 12.5, 12.5]);
    // Every column fixed: nothing is drawn, the rows are the condition in shuffled orders.
    const all = await sampleTable(sampler, fixtureCodec, 3, { seed: 4, temperature: 1, where: { A: 'x', B: 0, C: 'q' } });
    expect(all.columns).toEqual([
      ['x', 'x', 'x'],
      [0, 0, 0],
      ['q', 'q', 'q'],
    ]);
  });

  it('rejects bad conditions and options with a message naming the problem', async () => {
    const model = await fixtureModel();
    const sampler = createSampler(model, fixtureCodec, { batch: 4 });
    const run = (opts: Parameters<typeof sampler.sample>[1]) => sampler.sample(4, opts);
    await expect(run({ seed: 1, temperature: 1, where: { D: 'x' } })).rejects.toThrow(/no such column.*A, B, C/);
    await expect(run({ seed: 1, temperature: 1, where: { B: 'abc' } })).rejects.toThrow(/"B" is numeric/);
    const unknown = run({ seed: 1, temperature: 1, where: { A: 'w' } });
    await expect(unknown).rejects.toThrow(/"w" is not one of the column's categories in the schema\. Its categories: "x", "y", "z"\./);
    await expect(unknown).rejects.not.toThrow(/row/);
    // A number outside the trained range is refused with the range, at the column's precision (1 decimal).
    await expect(run({ seed: 1, temperature: 1, where: { B: 100 } })).rejects.toThrow(/B=100.*"B" only from -5 to 12\.5/);
    await expect(run({ seed: 1, temperature: 1, where: { B: '-5.06' } })).rejects.toThrow(/only from -5 to 12\.5/);
    const edge = await sampleTable(sampler, fixtureCodec, 2, { seed: 1, temperature: 1, where: { B: '12.54' } });
    expect(edge.columns[1]).toEqual([12.5, 12.5]);
    await expect(run({ seed: 1, temperature: -1 })).rejects.toThrow(/temperature/);
    const many = RowCodec.fromJSON({
      version: 1,
      columns: [{ name: 'K', schemaIndex: 0, hasNA: false, kind: 'categorical', categories: Array.from({ length: 12 }, (_, k) => `c${k}`) }],
    });
    expect(() => createWhereResolver(many)({ K: 'c12' })).toThrow(/Its categories: "c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7", \.\.\. \(12 in all\)\.$/);
    await expect(run({ seed: 1, temperature: 1, topK: 1.5 })).rejects.toThrow(/top-k/);
    expect(() => createSampler(model, fixtureCodec, { batch: 0 })).toThrow(/batch/);
  });
});
