/**
 * Synthetic tables whose scores are known in advance: the reference cases that calibrate the
 * metrics (tests and reports), including the independent-marginals floor of method.md §5.
 */

import { createRng, permutation, sampleIndices } from '../data/rng';
import type { Cell, Schema, Table } from '../data/types';
import { rowCount, takeRows } from './table-ops';

/** Fresh real rows: `n` rows of the holdout (all when n >= its size). */
export function holdoutSample(holdout: Table, n: number, seed: number): Table {
  return takeRows(holdout, sampleIndices(rowCount(holdout), n, createRng(seed)));
}

/** Every column permuted on its own: each marginal kept exactly, every dependence broken. */
export function shuffledColumns(table: Table, seed: number): Table {
  const rng = createRng(seed);
  return { header: [...table.header], columns: table.columns.map((column) => Array.from(permutation(column.length, rng), (r) => column[r])) };
}

/** `n` rows, each cell drawn independently (with replacement) from its column's real values. */
export function independentMarginals(table: Table, n: number, seed: number): Table {
  const rng = createRng(seed);
  const size = rowCount(table);
  return { header: [...table.header], columns: table.columns.map((column) => Array.from({ length: n }, () => column[rng.int(size)])) };
}

/** `n` rows of noise: numerics uniform over the schema's [min, max] (rounded if integer), categories uniform; no missing. */
export function uniformNoise(schema: Schema, n: number, seed: number): Table {
  const rng = createRng(seed);
  const columns = schema.columns.filter((c) => !c.excluded);
  return {
    header: columns.map((c) => c.name),
    columns: columns.map((c): Cell[] =>
      Array.from({ length: n }, () => {
        if (c.kind === 'categorical') return c.categories[rng.int(c.categories.length)];
        const value = c.min + rng() * (c.max - c.min);
        return c.integer ? Math.round(value) : value;
      }),
    ),
  };
}
