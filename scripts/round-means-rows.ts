/**
 * Each method's metrics averaged over its rounds 1..T, paired with `none`'s rounds 1..T per seed. For the
 * sampling methods (none, filter, resample) the model never changes, so their rounds are independent
 * draws and this mean is a steadier reading than the final draw alone; for the trained ones it
 * averages the trajectory.
 */
import { markdownTable } from '../src/align/compare-markdown';
import { type CompareCell, meanStd, metricValue } from '../src/align/compare-report';
import { wilcoxonSignedRank } from '../src/eval/wilcoxon';
import { signed } from './sweep-rows';

const SHOWN = ['shape', 'trend', 'c2st', 'c2st_gbdt'] as const;

function cellsOf(report: unknown): CompareCell[] {
  const cells = (report as { cells?: unknown }).cells;
  if (!Array.isArray(cells) || !cells.every((c) => c && typeof c.method === 'string' && Array.isArray(c.rounds))) {
    throw new Error('This is not a compare report: expected {"cells": [{method, reward, seed, rounds}]} as written by tabgraa compare or tabgraa merge.');
  }
  return cells as CompareCell[];
}

const laterRoundsMean = (cell: CompareCell, metric: (typeof SHOWN)[number]) => meanStd(cell.rounds.slice(1).map((r) => metricValue(r, metric))).mean;

/** Markdown: per method / reward, the mean over seeds of its rounds-1..T mean, and the paired difference against none's (p, exact Wilcoxon). */
export function roundMeansTable(report: unknown): string {
  const cells = cellsOf(report).filter((c) => c.rounds.length > 1); // the marginals baseline has no later rounds
  const none = new Map(cells.filter((c) => c.method === 'none').map((c) => [c.seed, c]));
  const groups = new Map<string, CompareCell[]>();
  for (const c of cells) {
    const name = `${c.method} / ${c.reward}`;
    groups.set(name, [...(groups.get(name) ?? []), c]);
  }
  const rows = [...groups].map(([name, group]) => [
    name,
    String(group.length),
    ...SHOWN.flatMap((metric) => {
      const mean = meanStd(group.map((c) => laterRoundsMean(c, metric))).mean;
      const paired = group.filter((c) => none.has(c.seed) && c.method !== 'none');
      if (paired.length < 2) return [mean.toFixed(3), '–'];
      const x = paired.map((c) => laterRoundsMean(c, metric));
      const y = paired.map((c) => laterRoundsMean(none.get(c.seed)!, metric));
      const difference = meanStd(x.map((v, i) => v - y[i])).mean;
      return [mean.toFixed(3), `${signed(difference)} (p ${wilcoxonSignedRank(x, y).p.toFixed(3)})`];
    }),
  ]);
  const header = ['method / reward (rounds 1..T)', 'seeds', ...SHOWN.flatMap((m) => [m, `${m} vs none`])];
  return `${markdownTable(header, rows).join('\n')}\n`;
}
