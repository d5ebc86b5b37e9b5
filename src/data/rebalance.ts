import { quoteForMessage } from './quote-for-message';
import { createRng, randomPermutation } from './rng';
import type { Cell, Schema, Table } from './types';

/** `COL=VALUE:SHARE[,VALUE:SHARE...]`, parsed. */
export interface RebalanceRequest {
  column: string;
  shares: Array<{ value: string; share: number }>;
}

/** One value of the rebalanced column: its share in the training data, the share asked for, and rows. */
export interface RebalanceGroup {
  value: string;
  realShare: number;
  /** The listed share, or the real share renormalised over what the listed values leave. */
  share: number;
  listed: boolean;
  rows: number;
}

/** Splits `COL=VALUE:SHARE,...`; a value is everything before its last ':' (so it may contain ':'). */
export function parseRebalance(text: string): RebalanceRequest {
  const at = text.indexOf('=');
  const usage = `--rebalance takes COL=VALUE:SHARE[,VALUE:SHARE...] (e.g. income=>50K:0.5), got ${quoteForMessage(text)}.`;
  if (at <= 0 || at === text.length - 1) throw new Error(usage);
  const shares = text
    .slice(at + 1)
    .split(',')
    .map((item) => {
      const colon = item.lastIndexOf(':');
      const share = Number(item.slice(colon + 1));
      if (colon <= 0 || item.slice(colon + 1).trim() === '' || !Number.isFinite(share))
        throw new Error(`${usage} ${quoteForMessage(item)} is not VALUE:SHARE.`);
      return { value: item.slice(0, colon), share };
    });
  return { column: text.slice(0, at), shares };
}

/**
 * Rows per value for `rows` rows: listed values get their share, the other values of the column keep
 * their proportions in the training data (the schema's counts), renormalised to the share left.
 * Counts are rounded by largest remainder, so they sum to `rows` exactly.
 */
export function rebalanceGroups(schema: Schema, request: RebalanceRequest, rows: number): RebalanceGroup[] {
  const column = schema.columns.find((c) => c.name === request.column);
  if (!column)
    throw new Error(`Cannot rebalance ${quoteForMessage(request.column)}: there is no such column. Columns: ${schema.columns.map((c) => c.name).join(', ')}.`);
  if (column.excluded) throw new Error(`Cannot rebalance ${quoteForMessage(column.name)}: it is left out of the model (${column.excluded}).`);
  if (column.kind !== 'categorical')
    throw new Error(`Cannot rebalance ${quoteForMessage(column.name)}: it is numeric; rebalancing works on a categorical column.`);
  if (!Number.isInteger(rows) || rows < 1) throw new Error(`Rows to sample must be a positive whole number, got ${rows}.`);
  const listed = new Map<string, number>();
  for (const { value, share } of request.shares) {
    if (!column.categories.includes(value)) {
      throw new Error(
        `Cannot rebalance ${quoteForMessage(column.name)} to ${quoteForMessage(value)}: the model knows only ${column.categories.map((c) => quoteForMessage(c)).join(', ')}.`,
      );
    }
    if (listed.has(value))
      throw new Error(`${quoteForMessage(value)} is listed twice in the rebalance of ${quoteForMessage(column.name)}: list each value once.`);
    if (!(share > 0 && share <= 1)) throw new Error(`The share of ${quoteForMessage(value)} must be in (0, 1], got ${share}.`);
    listed.set(value, share);
  }
  const listedTotal = [...listed.values()].reduce((a, b) => a + b, 0);
  if (listedTotal > 1 + 1e-9) throw new Error(`The shares of ${quoteForMessage(column.name)} add up to ${round(listedTotal)}; they must add up to at most 1.`);
  const total = column.counts.reduce((a, b) => a + b, 0);
  const restCount = column.categories.reduce((sum, value, k) => sum + (listed.has(value) ? 0 : column.counts[k]), 0);
  const left = Math.max(0, 1 - listedTotal);
  if (left > 1e-9 && restCount === 0) {
    throw new Error(
      `The shares of ${quoteForMessage(column.name)} add up to ${round(listedTotal)}, and no other value of the column is left to fill the rest: make them add up to 1.`,
    );
  }
  const groups = column.categories.map((value, k): RebalanceGroup => {
    const share = listed.get(value) ?? (restCount > 0 ? (left * column.counts[k]) / restCount : 0);
    return { value, realShare: total > 0 ? column.counts[k] / total : 0, share, listed: listed.has(value), rows: 0 };
  });
  const exact = groups.map((g) => g.share * rows);
  groups.forEach((g, k) => (g.rows = Math.floor(exact[k])));
  const short = rows - groups.reduce((sum, g) => sum + g.rows, 0);
  const byRemainder = groups.map((_, k) => k).sort((a, b) => exact[b] - Math.floor(exact[b]) - (exact[a] - Math.floor(exact[a])) || a - b);
  for (let i = 0; i < short; i++) groups[byRemainder[i]].rows++;
  return groups;
}

/**
 * The rebalanced table: each group sampled conditionally on its value (`sampleGroup`, which gets the
 * group's index for its seed), then the rows shuffled together with a seeded permutation.
 */
export async function sampleRebalanced(
  groups: readonly RebalanceGroup[],
  sampleGroup: (rows: number, value: string, index: number) => Promise<Table>,
  seed: number,
): Promise<Table> {
  const parts: Table[] = [];
  for (const [index, group] of groups.entries()) if (group.rows > 0) parts.push(await sampleGroup(group.rows, group.value, index));
  const header = parts[0].header;
  const columns: Cell[][] = header.map((name) => parts.flatMap((part) => part.columns[part.header.indexOf(name)]));
  const order = randomPermutation(columns[0].length, createRng(seed));
  return { header: [...header], columns: columns.map((column) => order.map((r) => column[r])) };
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
