/** Per-round curves of a compare report as SVG: one file per metric and per diagnostic, one line per method/reward (mean over seeds) with a ± std band. */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { COMPARE_METRICS, type CompareSummary, type MeanStd } from '../src/align/compare-report';
import { DIAGNOSTIC_KEYS } from '../src/align/round-diagnostics';
import { messageOf } from '../src/error-message';
import { type ChartSeries, lineChartSvg } from './svg-line-chart';

const METRIC_TITLES: Record<string, string> = {
  shape: 'Shape (1 − KS / TV)',
  trend: 'Trend (pair similarity)',
  c2st: 'C2ST, logistic regression (1 = indistinguishable)',
  c2st_gbdt: 'C2ST, boosted trees (1 = indistinguishable)',
  mle: 'MLE (AUC / macro-F1 / RMSE), trained on synthetic',
  dcr_share: 'DCR share (0.5 ideal)',
  exact_copy_rate: 'Exact-copy rate',
  highReward: 'Mean reward of the high group (filter: kept rows)',
  lowReward: 'Mean reward of the low group (filter: dropped rows)',
  highLogRatio: 'Mean log-ratio Δ of the high group after the round',
  lowLogRatio: 'Mean log-ratio Δ of the low group after the round',
  klToReference: 'KL(π‖πref) estimate: mean log-ratio of the sampled rows',
  rewardAgreement: 'Reward agreement between two out-of-fold splits',
  rewardAuc: "Reward classifier's out-of-fold AUC",
};

export interface PlotFile {
  name: string;
  svg: string;
}

export function summariesOf(report: unknown): CompareSummary[] {
  const summaries = (report as { summaries?: unknown }).summaries;
  if (!Array.isArray(summaries) || !summaries.every((s) => s && Array.isArray(s.curves) && typeof s.method === 'string')) {
    throw new Error('This is not a compare report: expected {"summaries": [{method, reward, curves, ...}]} as written by tabgraa compare or tabgraa merge.');
  }
  return summaries as CompareSummary[];
}

/** The SVG files of a report (report.json's parsed content), not yet written. */
export function comparePlots(report: unknown): PlotFile[] {
  const summaries = summariesOf(report);
  const label = (s: CompareSummary) => `${s.method} / ${s.reward}`;
  const files: PlotFile[] = COMPARE_METRICS.map((metric) => ({
    name: `${metric}.svg`,
    svg: lineChartSvg({
      title: METRIC_TITLES[metric],
      xLabel: 'round (0 = the SFT checkpoint)',
      yLabel: metric,
      series: summaries.map((s) => ({ label: label(s), points: s.curves.map((c) => ({ x: c.round, ...c[metric] })) })),
    }),
  }));
  for (const key of DIAGNOSTIC_KEYS) {
    const series: ChartSeries[] = summaries
      .map((s) => ({ label: label(s), points: s.diagnostics.flatMap((d) => (d[key] ? [{ x: d.round, ...(d[key] as MeanStd) }] : [])) }))
      .filter((s) => s.points.length);
    if (series.length) files.push({ name: `diagnostics-${key}.svg`, svg: lineChartSvg({ title: METRIC_TITLES[key], xLabel: 'round', yLabel: key, series }) });
  }
  return files;
}

export async function plotCompare(reportPath: string, outDir: string): Promise<string[]> {
  let report: unknown;
  try {
    report = JSON.parse(await readFile(reportPath, 'utf8'));
  } catch (error) {
    throw new Error(`Cannot read ${reportPath} as JSON (${messageOf(error)}): pass the report.json of a compare or merge run.`);
  }
  await mkdir(outDir, { recursive: true });
  const files = comparePlots(report);
  for (const file of files) await writeFile(join(outDir, file.name), file.svg);
  return files.map((f) => join(outDir, f.name));
}
