import { sampleCorrelation } from 'simple-statistics';
import type { Cell, ColumnSchema, Table } from '../data/types';
import { isPresent } from './features';
import { categoryKey, sortedNumbers } from './shape';
import { columnOf } from './table-ops';

export type PairMetric = 'CorrelationSimilarity' | 'ContingencySimilarity';

export interface PairTrend {
  a: string;
  b: string;
  metric: PairMetric;
  /** null when undefined (a numeric pair whose real column is constant); left out of the mean. */
  score: number | null;
  /** Pearson rho of the real and synthetic pair, for numeric pairs. */
  real?: number;
  synthetic?: number;
}

export interface TrendResult {
  score: number;
  errorPct: number;
  pairs: PairTrend[];
  /** Column names, in the order of the matrix rows and columns. */
  columns: string[];
  /** Symmetric pair scores for a heatmap; the diagonal is null. */
  matrix: Array<Array<number | null>>;
}

/** Pearson rho over rows where both cells are present; NaN when undefined (fewer than 2 rows, or constant). */
export function pearson(x: Cell[], y: Cell[]): number {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < x.length; i++) {
    if (isPresent(x[i]) && isPresent(y[i])) {
      xs.push(Number(x[i]));
      ys.push(Number(y[i]));
    }
  }
  if (xs.length < 2) return NaN;
  const rho = sampleCorrelation(xs, ys);
  return Number.isFinite(rho) ? rho : NaN;
}

/** SDMetrics CorrelationSimilarity: 1 - |rho_s - rho_r| / 2. A constant synthetic column counts as rho = 0. */
export function correlationSimilarity(realX: Cell[], realY: Cell[], synX: Cell[], synY: Cell[]): PairTrend & { metric: 'CorrelationSimilarity' } {
  const real = pearson(realX, realY);
  const rawSynthetic = pearson(synX, synY);
  const synthetic = Number.isNaN(rawSynthetic) ? 0 : rawSynthetic;
  return { a: '', b: '', metric: 'CorrelationSimilarity', score: Number.isNaN(real) ? null : 1 - Math.abs(synthetic - real) / 2, real, synthetic };
}

/** Column values as small integer codes shared by the real and synthetic side; `size` codes in all. */
export interface Coded {
  real: Int32Array;
  synthetic: Int32Array;
  size: number;
}

/** SDMetrics ContingencySimilarity: 1 - 0.5 * sum |R - S| over the normalised joint table of two coded columns. */
export function contingencySimilarity(a: Coded, b: Coded): number {
  const cells = a.size * b.size;
  const joint = (x: Int32Array, y: Int32Array) => {
    const shares = new Float64Array(cells);
    for (let i = 0; i < x.length; i++) shares[x[i] * b.size + y[i]] += 1 / x.length;
    return shares;
  };
  const real = joint(a.real, b.real);
  const synthetic = joint(a.synthetic, b.synthetic);
  let sum = 0;
  for (let k = 0; k < cells; k++) sum += Math.abs(real[k] - synthetic[k]);
  return 1 - 0.5 * sum;
}

function codeKeys(real: string[], synthetic: string[]): Coded {
  const codes = new Map<string, number>();
  const code = (key: string) => codes.get(key) ?? codes.set(key, codes.size).get(key)!;
  return { real: Int32Array.from(real, code), synthetic: Int32Array.from(synthetic, code), size: codes.size };
}

/**
 * SDMetrics' discretisation for mixed pairs: 10 equal-width bins over the real column's range,
 * outer edges open (values beyond the range fall in the end bins), missing its own bin.
 */
export function binByRealRange(real: Cell[], bins = 10): (cells: Cell[]) => string[] {
  const sorted = sortedNumbers(real);
  const min = sorted.length ? sorted[0] : 0;
  const width = sorted.length ? (sorted[sorted.length - 1] - min) / bins : 0;
  return (cells) =>
    cells.map((cell) => {
      if (!isPresent(cell)) return categoryKey(cell);
      if (!(width > 0)) return 'bin0';
      return `bin${Math.min(bins - 1, Math.max(0, Math.floor((Number(cell) - min) / width)))}`;
    });
}

export function trend(real: Table, synthetic: Table, columns: ColumnSchema[]): TrendResult {
  const realCells = columns.map((c) => columnOf(real, c.name, 'real'));
  const synCells = columns.map((c) => columnOf(synthetic, c.name, 'synthetic'));
  // Categorical columns coded as they are, numeric ones binned by the real range (used only in mixed pairs).
  const coded = columns.map((c, i) => {
    const toKeys = c.kind === 'categorical' ? (cells: Cell[]) => cells.map(categoryKey) : binByRealRange(realCells[i]);
    return codeKeys(toKeys(realCells[i]), toKeys(synCells[i]));
  });

  const pairs: PairTrend[] = [];
  const matrix = columns.map(() => columns.map((): number | null => null));
  for (let i = 0; i < columns.length; i++) {
    for (let j = i + 1; j < columns.length; j++) {
      const bothNumeric = columns[i].kind === 'numeric' && columns[j].kind === 'numeric';
      const pair: PairTrend = bothNumeric
        ? correlationSimilarity(realCells[i], realCells[j], synCells[i], synCells[j])
        : { a: '', b: '', metric: 'ContingencySimilarity', score: contingencySimilarity(coded[i], coded[j]) };
      pair.a = columns[i].name;
      pair.b = columns[j].name;
      pairs.push(pair);
      matrix[i][j] = matrix[j][i] = pair.score;
    }
  }
  const defined = pairs.filter((p) => p.score !== null).map((p) => p.score as number);
  const score = defined.length ? defined.reduce((s, v) => s + v, 0) / defined.length : 1;
  return { score, errorPct: 100 * (1 - score), pairs, columns: columns.map((c) => c.name), matrix };
}
