import { CELL_MISSING, CELL_OK, type CodecCells } from '../../data/codec-cells';
import { deriveSeed } from '../../data/rng';
import type { RowCodec } from '../../data/row-codec';
import type { Cell } from '../../data/types';
import type { Sampler } from './sampler';

/**
 * One filled table is a best guess: the most likely value, drawn greedily cell by cell (a draw
 * from the distribution would guess a minority class about as often as it occurs, below the
 * majority class's accuracy). Multiple imputation draws at temperature 1, so the tables' spread
 * is the model's uncertainty.
 */
export function imputeTemperature(draws: number): number {
  return draws === 1 ? 0 : 1;
}

export interface ImputeOptions {
  seed: number;
  temperature: number;
  /** Completed tables to draw (multiple imputation); 1 by default. */
  draws?: number;
}

/** A missing cell the model kept drawing as missing (its column had missing values in training). */
export interface UnfilledCell {
  draw: number;
  row: number;
  column: string;
}

export interface Imputation {
  /** fills[d]: per draw, the drawn value of every missing cell, keyed by row · C + codec column. */
  fills: Array<Map<number, Cell>>;
  /** Rows with at least one missing cell. */
  rows: number[];
  unfilled: UnfilledCell[];
}

/**
 * Redraws of a row whose draw left some missing cell missing (the NA token of a column that had
 * missing values in training): accepting the first draw without NA samples the missing cells from
 * the model conditioned on the observed cells and on being present.
 */
const MAX_ATTEMPTS = 16;

/**
 * Multiple imputation with the any-order model: in each row the observed cells are forced first (as
 * `rowWhere`), the missing ones drawn after them, all rows in the sampler's batches. Invalid cells
 * (reported by readCodecCells) are neither forced nor filled.
 */
export async function imputeCells(sampler: Sampler, codec: RowCodec, cells: CodecCells, options: ImputeOptions): Promise<Imputation> {
  const draws = options.draws ?? 1;
  if (!Number.isInteger(draws) || draws < 1) throw new Error(`The number of imputation draws must be a positive integer, got ${draws}.`);
  const C = codec.columns.length;
  const missingOf = (r: number) => codec.columns.map((_, c) => c).filter((c) => cells.status[r * C + c] === CELL_MISSING);
  const rows = Array.from({ length: cells.rows }, (_, r) => r).filter((r) => missingOf(r).length > 0);
  const observed = rows.map((r) => {
    const where: Record<string, string | number> = {};
    codec.columns.forEach((column, c) => {
      const cell = cells.columns[c][r];
      if (cells.status[r * C + c] === CELL_OK && cell !== null) where[column.name] = cell;
    });
    return where;
  });
  const fills: Imputation['fills'] = [];
  const unfilled: UnfilledCell[] = [];
  for (let d = 0; d < draws; d++) {
    const fill = new Map<number, Cell>();
    let pending = rows.map((_, i) => i);
    for (let attempt = 0; attempt < MAX_ATTEMPTS && pending.length > 0; attempt++) {
      const tokens = await sampler.sample(pending.length, {
        seed: deriveSeed(deriveSeed(options.seed, d), attempt),
        temperature: options.temperature,
        rowWhere: pending.map((i) => observed[i]),
      });
      const drawn = codec.decodeRows(tokens, pending.length);
      pending = pending.filter((i, k) => {
        const missing = missingOf(rows[i]);
        if (missing.some((c) => drawn.columns[c][k] === null)) return true;
        for (const c of missing) fill.set(rows[i] * C + c, drawn.columns[c][k]);
        return false;
      });
    }
    for (const i of pending) for (const c of missingOf(rows[i])) unfilled.push({ draw: d, row: rows[i], column: codec.columns[c].name });
    fills.push(fill);
  }
  return { fills, rows, unfilled };
}
