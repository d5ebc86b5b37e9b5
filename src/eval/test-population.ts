/** A small seeded population with known dependence, for tests: numerics, categoricals, missing cells, a binary target. */

import { createRng } from '../data/rng';
import type { Cell, Schema, Table } from '../data/types';

export const POPULATION_SCHEMA: Schema = {
  version: 1,
  rowCount: 0,
  target: 'y',
  task: 'classification',
  columns: [
    { name: 'x1', kind: 'numeric', integer: false, decimals: 3, min: -5, max: 5, missingShare: 0, flags: [] },
    { name: 'x2', kind: 'numeric', integer: false, decimals: 3, min: -6, max: 6, missingShare: 0, flags: [] },
    { name: 'x3', kind: 'numeric', integer: true, decimals: 0, min: 0, max: 20, missingShare: 0.03, flags: [] },
    { name: 'c1', kind: 'categorical', categories: ['hi', 'lo'], counts: [], missingShare: 0, flags: [] },
    { name: 'c2', kind: 'categorical', categories: ['a', 'b', 'c'], counts: [], missingShare: 0.03, flags: [] },
    { name: 'y', kind: 'categorical', categories: ['no', 'yes'], counts: [], missingShare: 0, flags: [] },
  ],
};

/** Rows of the population: x2 follows x1, c1 follows the sign of x1, c2 follows c1, x3 follows x2, y follows x1 and c2. */
export function drawPopulation(rows: number, seed: number): Table {
  const rng = createRng(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  const round = (v: number, d: number) => Math.round(v * 10 ** d) / 10 ** d;
  const columns: Cell[][] = [[], [], [], [], [], []];
  for (let r = 0; r < rows; r++) {
    const x1 = Math.max(-5, Math.min(5, normal()));
    const x2 = Math.max(-6, Math.min(6, 0.8 * x1 + 0.6 * normal()));
    const x3 = Math.max(0, Math.min(20, Math.round(10 + 3 * x2 + normal())));
    const c1 = x1 > 0 === rng() < 0.85 ? 'hi' : 'lo';
    const c2 = c1 === 'hi' ? (rng() < 0.7 ? 'a' : 'b') : rng() < 0.7 ? 'c' : 'b';
    const logit = 2 * x1 + (c2 === 'a' ? 1 : c2 === 'c' ? -1 : 0);
    const y = rng() < 1 / (1 + Math.exp(-logit)) ? 'yes' : 'no';
    const row: Cell[] = [round(x1, 3), round(x2, 3), rng() < 0.03 ? null : x3, c1, rng() < 0.03 ? null : c2, y];
    row.forEach((cell, c) => columns[c].push(cell));
  }
  return { header: POPULATION_SCHEMA.columns.map((c) => c.name), columns };
}
