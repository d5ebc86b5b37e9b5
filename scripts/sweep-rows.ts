/** One markdown table across compare reports run with different settings (a sweep): what each folder changed, and each method's final round against the references. */
import { markdownTable } from '../src/align/compare-markdown';
import type { COMPARE_METRICS, CompareBaseline, CompareSummary, PairedComparison } from '../src/align/compare-report';
import { summariesOf } from './compare-plots';

export interface SweepReport {
  /** How the table names the folder. */
  name: string;
  /** report.json's parsed content. */
  report: unknown;
}

function configOf(report: unknown): Record<string, unknown> {
  const config = (report as { settings?: { config?: unknown } }).settings?.config;
  if (!config || typeof config !== 'object') throw new Error('This compare report has no settings.config: write it again with tabgraa merge.');
  return config as Record<string, unknown>;
}

/** The settings of each report that differ from the first one's, as "key=value" (empty for the first). */
export function settingChanges(reports: SweepReport[]): string[] {
  const first = configOf(reports[0].report);
  return reports.map(({ report }) => {
    const config = configOf(report);
    const keys = [...new Set([...Object.keys(first), ...Object.keys(config)])].sort();
    return keys
      .filter((k) => JSON.stringify(first[k]) !== JSON.stringify(config[k]))
      .map((k) => `${k}=${config[k] ?? '(unset)'}`)
      .join(' ');
  });
}

/** A difference with its sign, to three decimals. */
export const signed = (v: number) => `${v >= 0 ? '+' : ''}${v.toFixed(3)}`;

function versus(comparison: PairedComparison | null | undefined): string {
  if (!comparison) return '–';
  return `${signed(comparison.meanDifference)} (p ${comparison.p.toFixed(3)})`;
}

const SHOWN = ['shape', 'trend', 'c2st_gbdt', 'mle', 'dcr_share'] as const satisfies ReadonlyArray<(typeof COMPARE_METRICS)[number]>;
const AGAINST: Array<[CompareBaseline, (typeof SHOWN)[number]]> = [
  ['none-draws', 'c2st_gbdt'],
  ['none-draws', 'trend'],
  ['sft-continue', 'c2st_gbdt'],
];

/** The sweep's markdown table: one row per (folder, method / reward). */
export function sweepTable(reports: SweepReport[]): string {
  if (!reports.length) throw new Error('No reports to tabulate.');
  const changes = settingChanges(reports);
  const header = ['folder', 'changed settings', 'method / reward', 'seeds', ...SHOWN, ...AGAINST.map(([baseline, metric]) => `${metric} vs ${baseline}`)];
  const rows = reports.flatMap(({ name, report }, i) =>
    summariesOf(report).map((s: CompareSummary) => [
      name,
      changes[i] || '(first folder)',
      `${s.method} / ${s.reward}`,
      String(s.seeds.length),
      ...SHOWN.map((m) => `${s.final[m].mean.toFixed(3)} ± ${s.final[m].std.toFixed(3)}`),
      ...AGAINST.map(([baseline, metric]) => versus(s.final[metric].vs[baseline])),
    ]),
  );
  return `${markdownTable(header, rows).join('\n')}\n`;
}
