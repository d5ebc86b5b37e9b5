/**
 * What the studio draws for one round besides the metric curves: real-vs-synthetic share per bin
 * for every column, and the matrix of pairwise-association differences for the heatmap.
 */
import type { Cell, ColumnSchema, Schema, Table } from '../data/types';
import { trend } from '../eval/trend';

export interface DistributionBin {
  label: string;
  real: number;
  synthetic: number;
}

export interface ColumnDistribution {
  name: string;
  kind: ColumnSchema['kind'];
  bins: DistributionBin[];
}

export interface AssociationDiff {
  columns: string[];
  /** values[i][j] = 1 - the pair's trend score (eval/trend.ts), in [0, 1]: 0 where real and synthetic agree. */
  values: number[][];
}

export interface RoundView {
  round: number;
  distributions: ColumnDistribution[];
  associationDiff: AssociationDiff | null;
}

const NUMERIC_BINS = 10;
/** An integer column with at most this many possible values gets one bar per value. */
const MAX_VALUE_BARS = 20;
/** Categories beyond this many (by real frequency) are pooled into "other" so bars stay legible. */
const MAX_CATEGORY_BARS = 12;
const MISSING = '(missing)';
const OTHER = '(other)';

type Labeler = { labels: string[]; labelOf: (c: Cell) => string };
type NumericColumn = Extract<ColumnSchema, { kind: 'numeric' }>;

/** Bin i starts at min + i·width and is labelled labels[i]; values outside [min, max] fall in the end bins. */
function binned(min: number, width: number, labels: string[]): Labeler {
  const labelOf = (c: Cell): string => {
    if (c === null || typeof c !== 'number') return MISSING;
    const bin = width > 0 ? Math.floor((c - min) / width) : 0;
    return labels[Math.min(labels.length - 1, Math.max(0, bin))];
  };
  return { labels, labelOf };
}

/** Whole numbers: a bar per value when there are few, else bins of a whole width labelled with their first and last value. */
function integerLabeler({ min, max }: NumericColumn): Labeler {
  const values = max - min + 1;
  const width = values <= MAX_VALUE_BARS ? 1 : Math.ceil(values / NUMERIC_BINS);
  const labels = Array.from({ length: Math.ceil(values / width) }, (_, i) => {
    const first = min + i * width;
    const last = Math.min(max, first + width - 1);
    return first === last ? String(first) : `${first}–${last}`;
  });
  return binned(min, width, labels);
}

/** Decimals: ten equal bins, edges written with enough digits that no two labels are the same. */
function decimalLabeler({ min, max, decimals }: NumericColumn): Labeler {
  const width = (max - min) / NUMERIC_BINS;
  if (!(width > 0)) return binned(min, 0, [min.toFixed(Math.min(decimals, 3))]);
  const digits = Math.max(Math.min(decimals, 3), Math.ceil(-Math.log10(width)));
  const edge = (i: number) => (min + i * width).toFixed(digits);
  return binned(
    min,
    width,
    Array.from({ length: NUMERIC_BINS }, (_, i) => `${edge(i)}–${edge(i + 1)}`),
  );
}

function numericLabeler(column: NumericColumn): Labeler {
  return column.integer ? integerLabeler(column) : decimalLabeler(column);
}

function categoricalLabeler(column: Extract<ColumnSchema, { kind: 'categorical' }>): Labeler {
  const byCount = column.categories.map((name, i) => ({ name, count: column.counts[i] ?? 0 })).sort((a, b) => b.count - a.count);
  const shown = byCount.slice(0, MAX_CATEGORY_BARS).map((c) => c.name);
  const pooled = byCount.length > shown.length;
  const kept = new Set(shown);
  const labels = pooled ? [...shown, OTHER] : shown;
  const labelOf = (c: Cell): string => {
    if (c === null) return MISSING;
    const name = String(c);
    return kept.has(name) ? name : OTHER;
  };
  return { labels, labelOf };
}

function shares(values: Cell[], labelOf: (c: Cell) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of values) {
    const label = labelOf(v);
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  const total = Math.max(1, values.length);
  for (const [label, count] of counts) counts.set(label, count / total);
  return counts;
}

export function columnDistribution(column: ColumnSchema, real: Cell[], synthetic: Cell[]): ColumnDistribution {
  const { labels, labelOf } = column.kind === 'numeric' ? numericLabeler(column) : categoricalLabeler(column);
  const realShares = shares(real, labelOf);
  const synthShares = shares(synthetic, labelOf);
  const all = realShares.has(MISSING) || synthShares.has(MISSING) ? [...labels, MISSING] : labels;
  return {
    name: column.name,
    kind: column.kind,
    bins: all.map((label) => ({ label, real: realShares.get(label) ?? 0, synthetic: synthShares.get(label) ?? 0 })),
  };
}

/** Distributions of every modelled column, matched by name (the synthetic table may reorder). */
export function roundDistributions(schema: Schema, real: Table, synthetic: Table): ColumnDistribution[] {
  const out: ColumnDistribution[] = [];
  for (const column of schema.columns) {
    if (column.excluded) continue;
    const r = real.header.indexOf(column.name);
    const s = synthetic.header.indexOf(column.name);
    if (r < 0 || s < 0) continue;
    out.push(columnDistribution(column, real.columns[r], synthetic.columns[s]));
  }
  return out;
}

/** The gap between real and synthetic pairwise association, or null with fewer than two modelled columns. */
export function associationDiff(schema: Schema, real: Table, synthetic: Table): AssociationDiff | null {
  const columns = schema.columns.filter((c) => !c.excluded);
  if (columns.length < 2) return null;
  // Trend scores a pair 1 when real and synthetic agree, so 1 - score is the gap to draw.
  const { columns: names, matrix } = trend(real, synthetic, columns);
  return { columns: names, values: matrix.map((row) => row.map((score) => (score === null ? 0 : 1 - score))) };
}

/** One round's view: its synthetic rows against the run's training rows. */
export function roundView(round: number, schema: Schema, real: Table, synthetic: Table): RoundView {
  return { round, distributions: roundDistributions(schema, real, synthetic), associationDiff: associationDiff(schema, real, synthetic) };
}
