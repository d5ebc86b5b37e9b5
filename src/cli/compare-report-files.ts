import { join } from 'node:path';
import { compareMarkdown } from '../align/compare-markdown';
import { type CompareCell, summarizeCompare } from '../align/compare-report';
import { REPORT_KIND } from './compare-cells';
import { MARGINALS } from './compare-grid';
import type { CompareSettings } from './compare-settings';
import { writeAtomically } from './write-atomically';

const FIRST = ['none', 'sft-continue', 'filter', 'resample', 'sft-resample'];

/** Baselines first, then the methods by name and reward, the marginals floor last; seeds ascending. */
export function orderCells(cells: CompareCell[]): CompareCell[] {
  const rank = (method: string) => (method === MARGINALS ? FIRST.length + 1 : FIRST.includes(method) ? FIRST.indexOf(method) : FIRST.length);
  return [...cells].sort((a, b) => rank(a.method) - rank(b.method) || a.method.localeCompare(b.method) || a.reward.localeCompare(b.reward) || a.seed - b.seed);
}

/** DIR/report.json (settings, summaries, every cell) and DIR/report.md, from whatever cells there are. */
export async function writeCompareReport(outDir: string, settings: CompareSettings, cells: CompareCell[], sources: string[]): Promise<void> {
  const ordered = orderCells(cells);
  const summaries = summarizeCompare(ordered);
  const report = { kind: REPORT_KIND, sources, settings, summaries, cells: ordered };
  await writeAtomically(join(outDir, 'report.json'), JSON.stringify(report, null, 2));
  const { config, tables, evaluation } = settings;
  const heading = `tabgraa compare: ${tables.train.name}, ${config.preset} preset, ${config.rounds} rounds of ${config.rowsPerRound} rows, ${cells.length} cells, ${evaluation} evaluation`;
  await writeAtomically(join(outDir, 'report.md'), compareMarkdown(summaries, heading));
}
