import {
  BASELINE_METHOD,
  COMPARE_BASELINES,
  COMPARE_METRICS,
  type CompareBaseline,
  type CompareSummary,
  type MeanStd,
  type PairedComparison,
} from './compare-report';
import { DIAGNOSTIC_KEYS } from './round-diagnostics';

const label = (s: CompareSummary) => `${s.method} / ${s.reward}`;
const pm = (v: MeanStd, digits = 4) => `${v.mean.toFixed(digits)} ± ${v.std.toFixed(digits)}`;
const signed = (v: number, digits: number) => `${v >= 0 ? '+' : ''}${v.toFixed(digits)}`;

function versus(c: PairedComparison | null): string {
  if (!c) return '–';
  return `${signed(c.meanDifference, 4)} (p=${c.p < 0.001 ? c.p.toExponential(1) : c.p.toFixed(3)}, r=${signed(c.rankBiserial, 2)})`;
}

const BASELINE_HEADINGS: Record<CompareBaseline, { heading: string; against: string }> = {
  none: { heading: 'Against `none`', against: "none's final round" },
  'none-draws': {
    heading: 'Against `none`, averaged over its draws',
    against: "the mean of none's rounds 0..T, independent draws of the same SFT model, a steadier reference than its final draw alone",
  },
  'sft-continue': { heading: 'Against `sft-continue`', against: 'sft-continue' },
};

/** A markdown table as lines. */
export function markdownTable(header: string[], rows: string[][]): string[] {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
}

/** report.md: final metrics, paired tests against both baselines, the compute per method, per-round curves and diagnostics. */
export function compareMarkdown(summaries: CompareSummary[], heading: string): string {
  const seedCounts = [...new Set(summaries.map((s) => s.seeds.length))].join(', ');
  const lines = [
    `# ${heading}`,
    '',
    `Final round, mean ± std over seeds (${seedCounts} per row). Round 0 of every method is the same SFT checkpoint per seed; \`none\` samples that checkpoint every round.`,
    'mle is AUC (binary), macro-F1 (multi-class) or RMSE (regression). Higher is better except for RMSE; dcr_share is best near 0.5.',
    '',
    ...markdownTable(
      ['method / reward', 'seeds', ...COMPARE_METRICS],
      summaries.map((s) => [label(s), String(s.seeds.length), ...COMPARE_METRICS.map((m) => pm(s.final[m]))]),
    ),
  ];
  for (const baseline of COMPARE_BASELINES) {
    const { heading, against } = BASELINE_HEADINGS[baseline];
    const method = BASELINE_METHOD[baseline];
    if (!summaries.some((s) => s.method === method)) continue;
    lines.push(
      '',
      `## ${heading}`,
      '',
      `Mean paired difference (this − ${against}) over the seeds both ran; p = two-sided Wilcoxon signed-rank (exact up to 50 seeds); ` +
        'r = matched-pairs rank-biserial correlation, the effect size (+1: above the baseline on every seed, −1: below on every seed).',
      '',
      ...markdownTable(
        ['method / reward', ...COMPARE_METRICS],
        summaries.filter((s) => s.method !== method).map((s) => [label(s), ...COMPARE_METRICS.map((m) => versus(s.final[m].vs[baseline]))]),
      ),
    );
  }
  lines.push(
    '',
    '## Compute per method',
    '',
    'Per round: AdamW steps and rows per step (every trained method the same, so `sft-continue` is compute-matched), and rows sampled from the model (`filter` samples k·N and keeps N).',
    '',
    ...markdownTable(
      ['method / reward', 'rounds', 'steps / round', 'rows / step', 'rows sampled / round', 'mean seconds'],
      summaries.map((s) => [
        label(s),
        String(s.rounds),
        s.budget ? String(s.budget.stepsPerRound) : '–',
        s.budget ? String(s.budget.rowsPerStep) : '–',
        s.budget ? String(s.budget.rowsSampledPerRound) : '–',
        s.meanSeconds.toFixed(0),
      ]),
    ),
    '',
    '## Diagnostics per round (mean ± std over seeds)',
    '',
    'highReward/lowReward: mean reward of the two groups (filter: kept/dropped rows). highLogRatio/lowLogRatio: mean Δ = log πθ − log πref ' +
      "of the round's groups after its update. klToReference: mean Δ of the rows sampled after the round, an estimate of KL(π‖πref); below 0 the update moved probability onto tokens the sampler masks (every legal row lost likelihood). " +
      'rewardAgreement: share of rows given the same group by the reward scored again on another out-of-fold split. rewardAuc: the reward ' +
      "classifier's out-of-fold AUC, real vs synthetic (0.5 = it cannot tell). – = does not apply.",
  );
  const measured = summaries.filter((x) => x.diagnostics.some((d) => DIAGNOSTIC_KEYS.some((k) => d[k] !== null)));
  for (const s of measured) {
    lines.push(
      '',
      `### ${label(s)}`,
      '',
      ...markdownTable(
        ['round', ...DIAGNOSTIC_KEYS],
        s.diagnostics.map((d) => [String(d.round), ...DIAGNOSTIC_KEYS.map((k) => (d[k] ? pm(d[k], 3) : '–'))]),
      ),
    );
  }
  lines.push('', '## Per-round curves (mean ± std over seeds)');
  for (const s of summaries) {
    lines.push(
      '',
      `### ${label(s)}`,
      '',
      ...markdownTable(
        ['round', ...COMPARE_METRICS],
        s.curves.map((c) => [String(c.round), ...COMPARE_METRICS.map((m) => pm(c[m]))]),
      ),
    );
  }
  return `${lines.join('\n')}\n`;
}
