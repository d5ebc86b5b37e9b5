import { describe, expect, it } from 'vitest';
import { RowCodec } from '../../data/row-codec';
import { withErrorScope } from '../../kernels/error-scope';
import { createFullRecomputeSampler, createSampler, type SampleOptions } from './sampler';
import { referenceSample } from './sampler.reference';
import { fixtureCodec, fixtureConfig, fixtureModel, fixtureParams, fixturePlanCodec, fixtureSchema } from './sampler-fixture';
import { planCodec } from './sampler-plan-codec';
import { createWhereResolver, type Where } from './sampler-where';

const S = fixtureCodec.seqLen;
const COLUMNS = fixtureCodec.columns;
const ROWS = 40;

/** Every kind of entry: none, one categorical, a number, NA-capable columns, two columns at once. */
const PATTERNS: Where[] = [{}, { A: 'y' }, { B: '3.5' }, {}, { B: -5, C: 's' }, { A: 'z', C: 'p' }, { C: 'q' }];
const rowWhere = Array.from({ length: ROWS }, (_, r) => PATTERNS[r % PATTERNS.length]);

/** The names of row r's columns in the order the row lists them. */
function columnOrder(tokens: Uint32Array, r: number): string[] {
  const names: string[] = [];
  for (let at = 1; at < S - 1; at += 1 + COLUMNS[tokens[r * S + at] - 2].width) names.push(COLUMNS[tokens[r * S + at] - 2].name);
  return names;
}

describe('per-row fixed columns (rowWhere)', () => {
  it("forces each row's cells, first in its order, combined with where", async () => {
    const model = await fixtureModel();
    const sampler = createSampler(model, fixtureCodec, { batch: 16 }); // 3 batches, the last one partial
    const tokens = await sampler.sample(ROWS, { seed: 5, temperature: 1.2, rowWhere });
    const table = fixtureCodec.decodeRows(tokens, ROWS);
    const free = new Set<string>();
    rowWhere.forEach((extra, r) => {
      for (const [name, value] of Object.entries(extra)) {
        const c = table.header.indexOf(name);
        expect(table.columns[c][r], `row ${r}, ${name}`).toBe(typeof value === 'string' && c === 1 ? Number(value) : value);
      }
      const fixedNames = Object.keys(extra).sort();
      expect(columnOrder(tokens, r).slice(0, fixedNames.length).sort(), `row ${r}`).toEqual(fixedNames);
      if (!('C' in extra)) free.add(String(table.columns[2][r]));
    });
    // The free cells are drawn, not copied from other rows' conditions.
    expect(free.size).toBeGreaterThan(1);

    const withWhere = fixtureCodec.decodeRows(
      await sampler.sample(ROWS, { seed: 5, temperature: 1.2, where: { A: 'x' }, rowWhere: rowWhere.map(({ A: _, ...rest }) => rest) }),
      ROWS,
    );
    expect(new Set(withWhere.columns[0])).toEqual(new Set(['x']));
    rowWhere.forEach((extra, r) => {
      if (extra.C !== undefined) expect(withWhere.columns[2][r]).toBe(extra.C);
    });
  });

  it('leaves rows without an entry exactly as sampling without rowWhere does (same seed)', async () => {
    const model = await fixtureModel();
    const sampler = createSampler(model, fixtureCodec, { batch: 16 });
    for (const where of [{}, { C: 'r' }] as Where[]) {
      const opts: SampleOptions = { seed: 8, temperature: 1, where };
      const plain = await sampler.sample(ROWS, opts);
      const mixed = await sampler.sample(ROWS, { ...opts, rowWhere: rowWhere.map((extra): Where => ('C' in extra ? {} : extra)) });
      const row = (tokens: Uint32Array, r: number) => Array.from(tokens.subarray(r * S, (r + 1) * S));
      const untouched = rowWhere.flatMap((extra, r) => (Object.keys(extra).length === 0 || 'C' in extra ? [r] : []));
      expect(untouched.length).toBeGreaterThan(10);
      for (const r of untouched) expect(row(mixed, r), `row ${r}`).toEqual(row(plain, r));
      // The other rows do change: their entries are forced.
      expect(rowWhere.some((_, r) => !untouched.includes(r) && row(mixed, r).join() !== row(plain, r).join())).toBe(true);
    }
  });

  it('KV-cache sampler = full-recompute sampler = float64 reference, token for token', async () => {
    const model = await fixtureModel();
    const opts: SampleOptions = { seed: 13, temperature: 0.8, topK: 3, where: { A: 'x' }, rowWhere: rowWhere.map(({ A: _, ...rest }) => rest) };
    const kv = createSampler(model, fixtureCodec, { batch: 16 });
    const full = createFullRecomputeSampler(model, fixtureCodec, { batch: 12 });
    const [a, b] = await withErrorScope(model.rt.device, () => Promise.all([kv.sample(ROWS, opts), full.sample(ROWS, opts)]));
    expect(Array.from(a)).toEqual(Array.from(b));
    const resolve = createWhereResolver(fixtureCodec);
    const rows = 14;
    const fixed = opts.rowWhere!.slice(0, rows).map((extra) => resolve({ ...opts.where, ...extra }));
    const reference = referenceSample(fixtureConfig, fixtureParams, fixturePlanCodec, (row) => fixed[row], rows, opts);
    expect(Array.from(a.subarray(0, rows * S))).toEqual(Array.from(reference));
  });

  it("a model trained on the table's order samples in it: fixed columns first, the rest in table order, matching float64", async () => {
    const model = await fixtureModel();
    const tableOrdered = RowCodec.fromSchema(fixtureSchema, 0.5);
    const sampler = createSampler(model, tableOrdered, { batch: 16 });
    const opts: SampleOptions = { seed: 3, temperature: 1, rowWhere };
    const tokens = await sampler.sample(ROWS, opts);
    rowWhere.forEach((extra, r) => {
      const fixedNames = ['A', 'B', 'C'].filter((name) => name in extra);
      expect(columnOrder(tokens, r), `row ${r}`).toEqual([...fixedNames, ...['A', 'B', 'C'].filter((name) => !(name in extra))]);
    });
    const resolve = createWhereResolver(tableOrdered);
    const rows = 14;
    const reference = referenceSample(fixtureConfig, fixtureParams, planCodec(tableOrdered), (row) => resolve(rowWhere[row]), rows, opts);
    expect(Array.from(tokens.subarray(0, rows * S))).toEqual(Array.from(reference));
  });

  it('rejects bad entries with a message naming the row and the problem', async () => {
    const model = await fixtureModel();
    const sampler = createSampler(model, fixtureCodec, { batch: 4 });
    const run = (entries: Where[], where?: Where) => sampler.sample(3, { seed: 1, temperature: 1, where, rowWhere: entries });
    await expect(run([{}, {}])).rejects.toThrow(/one entry per sampled row \(3\), got 2/);
    await expect(run([{}, { D: 'x' }, {}])).rejects.toThrow(/rowWhere\[1\].*"D".*no such column/);
    await expect(run([{}, {}, { A: 'w' }])).rejects.toThrow(/rowWhere\[2\].*"w" is not one of the column's categories/);
    await expect(run([{ B: 'abc' }, {}, {}])).rejects.toThrow(/rowWhere\[0\].*"B" is numeric/);
    await expect(run([{}, { A: 'x' }, {}], { A: 'y' })).rejects.toThrow(/rowWhere\[1\] fixes "A", which `where` already fixes/);
  });
});
