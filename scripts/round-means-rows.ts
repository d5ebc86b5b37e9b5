/**
 * Each method's metrics averaged over its rounds 1..T, paired with `none`'s rounds 1..T per seed. For the
 * sampling methods (none, filter, resample) the model never changes, so their rounds are independent
 * draws and this mean is a steadier reading than the final draw alone; for the trained ones it
 * averages the trajectory.
 */
import { markdownTable } from '../src/align/compare-markdown';
import { type CompareCell, metricValue } from '../src/align/compare-report';
import { wilcoxonSignedRank } from '../src/eval/wilcoxon';

const SHOWN = ['shape', 'trend', 'c2st', 'c2st_gbdt'] as const;

export function cellsOf(report: unknown): CompareCell[] {
  const cells = (report as { cells?: unknown }).cells;
  if (!Array.isArray(cells) || !cells.every((c) => c && typeof c.method === 'string' && Array.isArray(c.rounds))) {
    throw new Error('This is not a compare report: expected {"cells": [{method, reward, seed, rounds}]} as written by tabgraa compare or tabgraa merge.');
  }
  return cells as CompareCell[];
}

function aligned(cell: CompareCell, metric: (typeof SHOWN)[number]): number {
  const later = cell.rounds.slice(1);
  if (!later.length) throw new Error(`${cell.method}/${cell.reward} seed ${cell.seed} has no round after the SFT checkpoint.`);
  return later.reduce((s, r) => s + metricValue(r, metric), 0) / later.length;
}

const signed = (v: number) => `${v >= 0 ? '+' : ''}${v.toFixed(3)}`;

/** Markdown: per method / reward, the mean over seeds of its rounds-1..T mean, and the paired difference against none's (p, exact Wilcoxon). */
export function roundMeansTable(report: unknown): string {
  const cells = cellsOf(report).filter((c) => c.rounds.length > 1);
  const none = new Map(cells.filter((c) => c.method === 'none').map((c) => [c.seed, c]));
  const groups = new Map<string, CompareCell[]>();
  for (const c of cells) groups.set(`${c.method} / ${c.reward}`, [...(groups.get(`${c.method} / ${c.reward}`) ?? []), c]);
  const rows = [...groups].map(([name, group]) => [
    name,
    String(group.length),
    ...SHOWN.flatMap((metric) => {
      const mine = group.map((c) => aligned(c, metric));
      const mean = mine.reduce((a, b) => a + b, 0) / mine.length;
      const paired = group.filter((c) => none.has(c.seed) && c.method !== 'none');
      if (paired.length < 2) return [mean.toFixed(3), '–'];
      const x = paired.map((c) => aligned(c, metric));
      const y = paired.map((c) => aligned(none.get(c.seed)!, metric));
      const difference = x.reduce((s, v, i) => s + v - y[i], 0) / x.length;
      return [mean.toFixed(3), `${signed(difference)} (p ${wilcoxonSignedRank(x, y).p.toFixed(3)})`];
    }),
  ]);
  const header = ['method / reward (rounds 1..T)', 'seeds', ...SHOWN.flatMap((m) => [m, `${m} vs none`])];
  return `${markdownTable(header, rows).join('\n')}\n`;
}
