import { type EvalMetrics, headlineMle } from '../eval/metrics';
import { wilcoxonSignedRank } from '../eval/wilcoxon';
import type { RoundBudget } from './round-budget';
import { DIAGNOSTIC_KEYS, type DiagnosticKey, type RoundDiagnostics } from './round-diagnostics';
import type { RoundResult } from './run-alignment';

/** One cell of `compare`'s grid: a method with a reward, for one seed, from that seed's SFT checkpoint. */
export interface CompareCell {
  method: string;
  reward: string;
  seed: number;
  /** Round 0 is the SFT checkpoint (the same for every cell of a seed). */
  rounds: RoundResult[];
  /** Per round 1..T (empty when not measured, and for the marginals baseline). */
  diagnostics: RoundDiagnostics[];
  /** null for the marginals baseline, which is no model. */
  budget: RoundBudget | null;
  seconds: number;
}

export const COMPARE_METRICS = ['shape', 'trend', 'c2st', 'c2st_gbdt', 'mle', 'dcr_share', 'exact_copy_rate'] as const;
export type CompareMetric = (typeof COMPARE_METRICS)[number];

/**
 * What every method is tested against: the SFT checkpoint's final-round draw (`none`), the same
 * checkpoint averaged over all its draws (`none-draws`: rounds 0..T of `none` are independent tables
 * from one unchanged model, so their mean is a steadier reference than any one of them), and
 * compute-matched extra SFT.
 */
export const COMPARE_BASELINES = ['none', 'none-draws', 'sft-continue'] as const;
export type CompareBaseline = (typeof COMPARE_BASELINES)[number];

/** The method whose cells each reference is read from. */
export const BASELINE_METHOD: Record<CompareBaseline, string> = { none: 'none', 'none-draws': 'none', 'sft-continue': 'sft-continue' };

/** A paired two-sided Wilcoxon signed-rank test over the seeds both runs share. */
export interface PairedComparison {
  /** Seeds in the test. */
  n: number;
  /** Mean over seeds of (this − baseline). */
  meanDifference: number;
  p: number;
  /** Matched-pairs rank-biserial correlation, in [−1, 1] (eval/wilcoxon.ts). */
  rankBiserial: number;
}

export interface MetricSummary {
  mean: number;
  std: number;
  values: number[];
  /** null for the baseline itself, or when fewer than 2 seeds pair up. */
  vs: Record<CompareBaseline, PairedComparison | null>;
}

export interface MeanStd {
  mean: number;
  std: number;
}

export interface CompareSummary {
  method: string;
  reward: string;
  seeds: number[];
  budget: RoundBudget | null;
  rounds: number;
  meanSeconds: number;
  final: Record<CompareMetric, MetricSummary>;
  /** Mean ± std over seeds of each metric per round (round 0 = SFT). */
  curves: Array<{ round: number } & Record<CompareMetric, MeanStd>>;
  /** Mean ± std over seeds of each diagnostic per round; null where it does not apply. */
  diagnostics: Array<{ round: number } & Record<DiagnosticKey, MeanStd | null>>;
}

/** A metric of one evaluation as one number; MLE is its headline score (eval/metrics.ts), NaN when it has none. */
export function metricValue(m: EvalMetrics, metric: CompareMetric): number {
  if (metric !== 'mle') return m[metric];
  return headlineMle(m) ?? NaN;
}

/** Sample standard deviation (n − 1); 0 for a single value. */
export function meanStd(values: number[]): MeanStd {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const std = values.length > 1 ? Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1)) : 0;
  return { mean, std };
}

const finalRound = (cell: CompareCell) => cell.rounds[cell.rounds.length - 1];

function baselineValue(baseline: CompareBaseline, cell: CompareCell, metric: CompareMetric): number {
  if (baseline !== 'none-draws') return metricValue(finalRound(cell), metric);
  return meanStd(cell.rounds.map((r) => metricValue(r, metric))).mean;
}

function paired(cells: CompareCell[], baseline: CompareBaseline, baselineCells: CompareCell[], metric: CompareMetric): PairedComparison | null {
  const baselineBySeed = new Map(baselineCells.map((c) => [c.seed, baselineValue(baseline, c, metric)]));
  const both = cells.filter((c) => baselineBySeed.has(c.seed));
  if (both.length < 2) return null;
  const x = both.map((c) => metricValue(finalRound(c), metric));
  const y = both.map((c) => baselineBySeed.get(c.seed)!);
  const test = wilcoxonSignedRank(x, y);
  return { n: both.length, meanDifference: meanStd(x.map((v, i) => v - y[i])).mean, p: test.p, rankBiserial: test.rankBiserial };
}

function diagnosticCurves(cells: CompareCell[]): CompareSummary['diagnostics'] {
  const rounds = [...new Set(cells.flatMap((c) => c.diagnostics.map((d) => d.round)))].sort((a, b) => a - b);
  return rounds.map((round) => {
    const ofRound = cells.flatMap((c) => c.diagnostics.filter((d) => d.round === round));
    const entries = DIAGNOSTIC_KEYS.map((key) => {
      const values = ofRound.map((d) => d[key]).filter((v): v is number => v !== null);
      return [key, values.length ? meanStd(values) : null];
    });
    return { round, ...(Object.fromEntries(entries) as Record<DiagnosticKey, MeanStd | null>) };
  });
}

/** One summary per method/reward, in the order the cells first appear; the baselines are looked up by method name. */
export function summarizeCompare(cells: CompareCell[]): CompareSummary[] {
  const groups = new Map<string, CompareCell[]>();
  for (const cell of cells) {
    const key = `${cell.method}|${cell.reward}`;
    groups.set(key, [...(groups.get(key) ?? []), cell]);
  }
  const baselineCells = Object.fromEntries(COMPARE_BASELINES.map((b) => [b, cells.filter((c) => c.method === BASELINE_METHOD[b])])) as Record<
    CompareBaseline,
    CompareCell[]
  >;

  return [...groups.values()].map((group) => {
    const sorted = [...group].sort((a, b) => a.seed - b.seed);
    const [first] = sorted;
    const final = Object.fromEntries(
      COMPARE_METRICS.map((metric) => {
        const values = sorted.map((c) => metricValue(finalRound(c), metric));
        const vs = Object.fromEntries(
          COMPARE_BASELINES.map((b) => [b, first.method === BASELINE_METHOD[b] ? null : paired(sorted, b, baselineCells[b], metric)]),
        ) as Record<CompareBaseline, PairedComparison | null>;
        return [metric, { ...meanStd(values), values, vs }];
      }),
    ) as Record<CompareMetric, MetricSummary>;
    const roundCount = Math.min(...sorted.map((c) => c.rounds.length));
    const curves = Array.from({ length: roundCount }, (_, i) => ({
      round: first.rounds[i].round,
      ...(Object.fromEntries(COMPARE_METRICS.map((metric) => [metric, meanStd(sorted.map((c) => metricValue(c.rounds[i], metric)))])) as Record<
        CompareMetric,
        MeanStd
      >),
    }));
    return {
      method: first.method,
      reward: first.reward,
      seeds: sorted.map((c) => c.seed),
      budget: first.budget,
      rounds: roundCount - 1,
      meanSeconds: meanStd(sorted.map((c) => c.seconds)).mean,
      final,
      curves,
      diagnostics: diagnosticCurves(sorted),
    };
  });
}
