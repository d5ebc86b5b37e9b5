import { wilcoxonSignedRank } from '../eval/wilcoxon';
import type { RoundResult } from './run-alignment';
import type { EvalMetrics } from './run-events';

/** One finished run of `compare`: a method with a reward, for one seed. */
export interface CompareRun {
  method: string;
  reward: string;
  seed: number;
  rounds: RoundResult[];
  seconds: number;
}

export const COMPARE_METRICS = ['shape', 'trend', 'c2st', 'c2st_gbdt', 'mle', 'dcr_share', 'exact_copy_rate'] as const;
export type CompareMetric = (typeof COMPARE_METRICS)[number];

export interface MetricSummary {
  mean: number;
  std: number;
  values: number[];
  /** Paired two-sided Wilcoxon signed-rank p-value against the baseline (`none`), by seed. */
  pVsBaseline: number | null;
}

export interface CompareSummary {
  method: string;
  reward: string;
  seeds: number[];
  final: Record<CompareMetric, MetricSummary>;
  /** Mean over seeds of each metric per round (round 0 = SFT). */
  curves: Array<{ round: number } & Record<CompareMetric, number>>;
}

/** MLE as one number: AUC for binary targets, macro-F1 for multi-class, RMSE for regression. */
export function metricValue(m: EvalMetrics, metric: CompareMetric): number {
  if (metric !== 'mle') return m[metric];
  return m.mle.auc ?? m.mle.f1 ?? m.mle.rmse ?? NaN;
}

function meanStd(values: number[]): { mean: number; std: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const std = values.length > 1 ? Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1)) : 0;
  return { mean, std };
}

export function summarizeCompare(runs: CompareRun[], baseline = 'none'): CompareSummary[] {
  const keyOf = (r: CompareRun) => `${r.method}|${r.reward}`;
  const groups = new Map<string, CompareRun[]>();
  for (const run of runs) groups.set(keyOf(run), [...(groups.get(keyOf(run)) ?? []), run]);
  const baselineRuns = [...groups.entries()].find(([key]) => key.startsWith(`${baseline}|`))?.[1] ?? [];
  const baselineBySeed = new Map(baselineRuns.map((r) => [r.seed, r.rounds[r.rounds.length - 1]]));

  return [...groups.values()].map((group) => {
    const seeds = group.map((r) => r.seed);
    const final = Object.fromEntries(
      COMPARE_METRICS.map((metric) => {
        const values = group.map((r) => metricValue(r.rounds[r.rounds.length - 1], metric));
        const paired = group.filter((r) => baselineBySeed.has(r.seed));
        const differs = group[0].method !== baseline;
        const pVsBaseline =
          differs && paired.length >= 2
            ? wilcoxonSignedRank(
                paired.map((r) => metricValue(r.rounds[r.rounds.length - 1], metric)),
                paired.map((r) => metricValue(baselineBySeed.get(r.seed)!, metric)),
              ).p
            : null;
        return [metric, { ...meanStd(values), values, pVsBaseline }];
      }),
    ) as Record<CompareMetric, MetricSummary>;
    const roundCount = Math.min(...group.map((r) => r.rounds.length));
    const curves = Array.from({ length: roundCount }, (_, i) => ({
      round: group[0].rounds[i].round,
      ...(Object.fromEntries(COMPARE_METRICS.map((metric) => [metric, meanStd(group.map((r) => metricValue(r.rounds[i], metric))).mean])) as Record<CompareMetric, number>),
    }));
    return { method: group[0].method, reward: group[0].reward, seeds, final, curves };
  });
}

export function compareMarkdown(summaries: CompareSummary[], heading: string): string {
  const fmt = (s: MetricSummary) => `${s.mean.toFixed(4)} ± ${s.std.toFixed(4)}${s.pVsBaseline === null ? '' : ` (p=${s.pVsBaseline.toFixed(3)})`}`;
  const lines = [
    `# ${heading}`,
    '',
    'Final round, mean ± std over seeds; p = paired Wilcoxon signed-rank against `none` (the SFT model sampled each round).',
    'mle is AUC (binary), macro-F1 (multi-class) or RMSE (regression). Higher is better except for RMSE; dcr_share is best near 0.5.',
    '',
    `| method | reward | ${COMPARE_METRICS.join(' | ')} |`,
    `|---|---|${COMPARE_METRICS.map(() => '---').join('|')}|`,
    ...summaries.map((s) => `| ${s.method} | ${s.reward} | ${COMPARE_METRICS.map((m) => fmt(s.final[m])).join(' | ')} |`),
    '',
    '## Per-round curves (mean over seeds)',
  ];
  for (const s of summaries) {
    lines.push('', `### ${s.method} / ${s.reward}`, '', `| round | ${COMPARE_METRICS.join(' | ')} |`, `|---|${COMPARE_METRICS.map(() => '---').join('|')}|`);
    for (const c of s.curves) lines.push(`| ${c.round} | ${COMPARE_METRICS.map((m) => c[m].toFixed(4)).join(' | ')} |`);
  }
  return `${lines.join('\n')}\n`;
}
