import { describe, expect, it } from 'vitest';
import { fitDistanceEncoder, fitOneHotEncoder } from './features';
import { minDistancesCpu } from './nearest';
import { drawPopulation, POPULATION_SCHEMA } from './test-population';

/** Reference: brute-force L1 over min-max numerics + full one-hot vectors (missing numerics: 0 + a 0/1 indicator). */
function bruteForce(queries: ReturnType<typeof drawPopulation>, reference: ReturnType<typeof drawPopulation>): number[] {
  const columns = POPULATION_SCHEMA.columns;
  const numericEncoder = fitOneHotEncoder(
    columns.filter((c) => c.kind === 'numeric'),
    [reference],
    'minmax',
  );
  const categoricalEncoder = fitOneHotEncoder(
    columns.filter((c) => c.kind === 'categorical'),
    [reference, queries],
    'minmax',
  );
  const numericQ = numericEncoder(queries);
  const numericR = numericEncoder(reference);
  const oneHotQ = categoricalEncoder(queries);
  const oneHotR = categoricalEncoder(reference);
  // A missing categorical cell is a category of its own: all-zero one-hot + indicator = 1.
  return Array.from({ length: numericQ.rows }, (_, q) => {
    let best = Infinity;
    for (let r = 0; r < numericR.rows; r++) {
      let d = 0;
      for (let k = 0; k < numericQ.cols; k++) d += Math.abs(numericQ.data[q * numericQ.cols + k] - numericR.data[r * numericR.cols + k]);
      for (let k = 0; k < oneHotQ.cols; k++) d += Math.abs(oneHotQ.data[q * oneHotQ.cols + k] - oneHotR.data[r * oneHotR.cols + k]);
      best = Math.min(best, d);
    }
    return best;
  });
}

describe('minDistancesCpu', () => {
  it('equals brute-force L1 over the one-hot encoding, including missing cells and unseen categories', () => {
    const reference = drawPopulation(300, 1);
    const queries = drawPopulation(80, 2);
    // An unseen category and a row that exactly copies a reference row.
    queries.columns[4][0] = 'zzz';
    queries.columns.forEach((column, c) => (column[1] = reference.columns[c][17]));
    const encode = fitDistanceEncoder(POPULATION_SCHEMA.columns, [reference], [reference, queries]);
    const got = minDistancesCpu(encode(queries), encode(reference));
    const want = bruteForce(queries, reference);
    // Both sum the same float32 terms in double precision, in different orders: ~1e-15 apart.
    got.forEach((d, i) => expect(d).toBeCloseTo(want[i], 9));
    expect(got[1]).toBe(0);
    expect(got[0]).toBeGreaterThanOrEqual(2); // the unseen category differs from every reference row
  });

  it("stays exact when no query shares a reference row's categories (every group bounded and scanned)", () => {
    const reference = drawPopulation(200, 3);
    const queries = drawPopulation(40, 4);
    queries.columns[3] = queries.columns[3].map(() => 'new');
    const encode = fitDistanceEncoder(POPULATION_SCHEMA.columns, [reference], [reference, queries]);
    const got = minDistancesCpu(encode(queries), encode(reference));
    const want = bruteForce(queries, reference);
    got.forEach((d, i) => expect(d).toBeCloseTo(want[i], 9));
  });

  it("looks beyond the query's own category group when that group is far away in the numerics", () => {
    const points = (numeric: number[], codes: number[], rows: number) => ({
      rows,
      numeric: Float32Array.from(numeric),
      numericDims: 3,
      codes: Int32Array.from(codes),
      codeDims: 2,
    });
    // Same categories but 3 apart in the numerics, versus one category off (2) with equal numerics.
    const reference = points([1, 1, 1, 0, 0, 0], [0, 0, 1, 0], 2);
    expect(Array.from(minDistancesCpu(points([0, 0, 0], [0, 0], 1), reference))).toEqual([2]);
  });
});
