import type { Cell, ColumnSchema, Table } from '../data/types';
import { isPresent } from './features';
import { columnOf } from './table-ops';

/** Present values of a numeric column, sorted. */
export function sortedNumbers(cells: Cell[]): Float64Array {
  const values: number[] = [];
  for (const cell of cells) if (isPresent(cell)) values.push(Number(cell));
  return Float64Array.from(values).sort();
}

/**
 * 1 - the two-sample Kolmogorov-Smirnov statistic (SDMetrics KSComplement); missing values are
 * dropped. 1 when both columns are empty, 0 when only one is.
 */
export function ksComplement(real: Cell[], synthetic: Cell[]): number {
  const a = sortedNumbers(real);
  const b = sortedNumbers(synthetic);
  if (!a.length || !b.length) return a.length === b.length ? 1 : 0;
  let i = 0;
  let j = 0;
  let statistic = 0;
  while (i < a.length && j < b.length) {
    // Step past every copy of the smallest pending value in both samples before comparing the CDFs.
    const v = Math.min(a[i], b[j]);
    while (i < a.length && a[i] === v) i++;
    while (j < b.length && b[j] === v) j++;
    statistic = Math.max(statistic, Math.abs(i / a.length - j / b.length));
  }
  return 1 - statistic;
}

const MISSING = '\u0000missing';
export const categoryKey = (cell: Cell) => (isPresent(cell) ? String(cell) : MISSING);

/** Shares of each value, missing counted as a value of its own (SDMetrics uses dropna=False). */
export function frequencies(keys: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  let total = 0;
  for (const key of keys) {
    counts.set(key, (counts.get(key) ?? 0) + 1);
    total++;
  }
  for (const [key, count] of counts) counts.set(key, count / total);
  return counts;
}

/** 1 - total variation distance, 1 - 0.5 * sum |R - S|, over the union of values. */
export function totalVariationComplement(real: Map<string, number>, synthetic: Map<string, number>): number {
  let sum = 0;
  for (const [key, r] of real) sum += Math.abs(r - (synthetic.get(key) ?? 0));
  for (const [key, s] of synthetic) if (!real.has(key)) sum += s;
  return 1 - 0.5 * sum;
}

/** SDMetrics TVComplement of a categorical column (categories only in synthetic data count against it). */
export function tvComplement(real: Cell[], synthetic: Cell[]): number {
  return totalVariationComplement(frequencies(real.map(categoryKey)), frequencies(synthetic.map(categoryKey)));
}

export interface ColumnShape {
  column: string;
  metric: 'KSComplement' | 'TVComplement';
  score: number;
}

export interface ShapeResult {
  score: number;
  errorPct: number;
  columns: ColumnShape[];
}

export function shape(real: Table, synthetic: Table, columns: ColumnSchema[]): ShapeResult {
  const perColumn = columns.map((column): ColumnShape => {
    const r = columnOf(real, column.name, 'real');
    const s = columnOf(synthetic, column.name, 'synthetic');
    return column.kind === 'numeric'
      ? { column: column.name, metric: 'KSComplement', score: ksComplement(r, s) }
      : { column: column.name, metric: 'TVComplement', score: tvComplement(r, s) };
  });
  const score = perColumn.reduce((sum, c) => sum + c.score, 0) / perColumn.length;
  return { score, errorPct: 100 * (1 - score), columns: perColumn };
}
