/**
 * What the studio draws for one round besides the metric curves: real-vs-synthetic share per bin
 * for every column, and the matrix of pairwise-association differences for the heatmap.
 */
import type { Cell, ColumnSchema, Schema, Table } from '../data/types';

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
/** Categories beyond this many (by real frequency) are pooled into "other" so bars stay legible. */
const MAX_CATEGORY_BARS = 12;
const MISSING = '(missing)';
const OTHER = '(other)';

function formatEdge(value: number, decimals: number): string {
  return value.toFixed(Math.min(decimals, 3));
}

function numericLabeler(column: Extract<ColumnSchema, { kind: 'numeric' }>): { labels: string[]; labelOf: (c: Cell) => string } {
  const { min, max } = column;
  const width = (max - min) / NUMERIC_BINS;
  const labels =
    width > 0
      ? Array.from({ length: NUMERIC_BINS }, (_, i) => `${formatEdge(min + i * width, column.decimals)}–${formatEdge(min + (i + 1) * width, column.decimals)}`)
      : [formatEdge(min, column.decimals)];
  const labelOf = (c: Cell): string => {
    if (c === null || typeof c !== 'number') return MISSING;
    if (width <= 0) return labels[0];
    const bin = Math.min(NUMERIC_BINS - 1, Math.max(0, Math.floor((c - min) / width)));
    return labels[bin];
  };
  return { labels, labelOf };
}

function categoricalLabeler(column: Extract<ColumnSchema, { kind: 'categorical' }>): { labels: string[]; labelOf: (c: Cell) => string } {
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
