/** The run report: JSON with the keys of `tabgraa fit --report`, and a Markdown summary of it. */
import type { EvalMetrics } from '../align/run-events';
import type { ReportFiles, RunRecord } from './protocol';

type MetricRow = Record<string, number | undefined>;

function flatten(m: EvalMetrics): MetricRow {
  const { mle, ...rest } = m;
  return { ...rest, mle_real: mle.real, mle_auc: mle.auc, mle_f1: mle.f1, mle_accuracy: mle.accuracy, mle_rmse: mle.rmse, mle_r2: mle.r2 };
}

function cell(v: number | undefined): string {
  return v === undefined || Number.isNaN(v) ? '–' : v.toFixed(4);
}

export function buildReport(record: RunRecord): ReportFiles {
  const { history, config, schema } = record;
  const rounds = history.rounds.map((r) => ({ round: r.round, ...r.metrics, seconds: r.seconds }));
  const final = history.rounds.at(-1)?.metrics ?? null;
  const json = {
    name: record.name,
    createdAt: new Date(record.createdAt).toISOString(),
    status: record.status,
    statusMessage: record.statusMessage,
    config,
    schema,
    sft: { steps: history.sft.length, finalLoss: history.sft.at(-1)?.loss ?? null },
    rounds,
    final,
  };

  const flat = history.rounds.map((r) => ({ round: r.round, ...flatten(r.metrics) }));
  const keys = [...new Set(flat.flatMap((r) => Object.keys(r).filter((k) => k !== 'round' && r[k as keyof typeof r] !== undefined)))];
  const lines = [
    `# tabgraa run: ${record.name}`,
    '',
    `Started ${json.createdAt}; status **${record.status}**${record.statusMessage ? ` (${record.statusMessage})` : ''}.`,
    '',
    `Method \`${config.method}\`, reward \`${config.reward}\`, preset \`${config.preset}\`, ${config.epochs} SFT epoch(s), ${config.rounds} round(s) of ${config.rowsPerRound} rows, seed ${config.seed}.`,
    `Table: ${schema.rowCount} rows, ${schema.columns.filter((c) => !c.excluded).length} modelled columns${schema.target ? `, target \`${schema.target}\`` : ''}.`,
    '',
    `SFT: ${json.sft.steps} steps, final loss ${json.sft.finalLoss === null ? '–' : json.sft.finalLoss.toFixed(4)}.`,
    '',
  ];
  if (flat.length > 0) {
    lines.push(`| round | ${keys.join(' | ')} |`, `|---|${keys.map(() => '---').join('|')}|`);
    for (const r of flat) lines.push(`| ${r.round} | ${keys.map((k) => cell(r[k as keyof typeof r] as number | undefined)).join(' | ')} |`);
  } else {
    lines.push('No round was evaluated yet.');
  }
  return { json: JSON.stringify(json, null, 2), markdown: `${lines.join('\n')}\n` };
}
