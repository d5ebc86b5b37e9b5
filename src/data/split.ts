import { CsvInputError } from './input-error';
import { quoteForMessage } from './quote-for-message';
import { createRng, randomPermutation } from './rng';
import type { Table } from './types';

export interface TableSplit {
  train: Table;
  holdout: Table;
}

/**
 * Seeded train/holdout split. With `stratifyBy`, each class (labels in sorted order, missing as
 * its own class) puts round(share · class size) rows in the holdout; rows keep their order.
 */
export function splitTable(table: Table, holdoutShare: number, seed: number, stratifyBy?: string): TableSplit {
  const rows = table.columns[0]?.length ?? 0;
  if (!(holdoutShare > 0 && holdoutShare < 1)) throw new Error(`The holdout share must be between 0 and 1, got ${holdoutShare}.`);
  if (rows < 2) throw new Error(`A table with ${rows} row(s) cannot be split: it needs at least 2 rows.`);
  const rng = createRng(seed);
  const holdout: number[] = [];
  for (const group of groups(table, rows, stratifyBy)) {
    const order = randomPermutation(group.length, rng);
    const take = Math.round(holdoutShare * group.length);
    for (let k = 0; k < take; k++) holdout.push(group[order[k]]);
  }
  if (holdout.length === 0 || holdout.length === rows) {
    throw new Error(`A holdout share of ${holdoutShare} of ${rows} rows leaves one side empty: choose a share that puts at least one row on each side.`);
  }
  holdout.sort((a, b) => a - b);
  const inHoldout = new Uint8Array(rows);
  for (const r of holdout) inHoldout[r] = 1;
  const train = Array.from({ length: rows }, (_, r) => r).filter((r) => !inHoldout[r]);
  return { train: takeRows(table, train), holdout: takeRows(table, holdout) };
}

export function takeRows(table: Table, rows: readonly number[]): Table {
  return { header: [...table.header], columns: table.columns.map((column) => rows.map((r) => column[r])) };
}

/** A seeded sample of `rows` rows, in table order. */
export function sampleRows(table: Table, rows: number, seed: number): Table {
  const picked = randomPermutation(table.columns[0].length, createRng(seed))
    .slice(0, rows)
    .sort((a, b) => a - b);
  return takeRows(table, picked);
}

/** The user's own holdout file (raw or typed), with its columns put in the training table's order. */
export function matchHoldout<T extends { header: string[]; columns: unknown[] }>(holdout: T, header: readonly string[]): T {
  const missing = header.filter((name) => !holdout.header.includes(name));
  if (missing.length > 0) {
    throw new CsvInputError(
      `The holdout file lacks the column(s) ${missing.map((n) => quoteForMessage(n)).join(', ')} of the training table: use a holdout file with the same columns.`,
    );
  }
  return { ...holdout, header: [...header], columns: header.map((name) => holdout.columns[holdout.header.indexOf(name)]) };
}

function groups(table: Table, rows: number, stratifyBy: string | undefined): number[][] {
  const all = Array.from({ length: rows }, (_, r) => r);
  if (stratifyBy === undefined) return [all];
  const index = table.header.indexOf(stratifyBy);
  if (index < 0) throw new Error(`Cannot stratify by ${quoteForMessage(stratifyBy)}: the table has no such column.`);
  const byLabel = new Map<string, number[]>();
  for (const r of all) {
    const label = table.columns[index][r];
    const key = label === null ? '' : `=${label}`; // '' sorts first and never collides with a label
    const group = byLabel.get(key);
    if (group) group.push(r);
    else byLabel.set(key, [r]);
  }
  return [...byLabel.keys()].sort().map((key) => byLabel.get(key)!);
}
