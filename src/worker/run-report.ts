/** The run report: JSON with the keys of `tabgraa fit --report`, and a Markdown summary of it. */

import type { RunConfig } from '../align/run-config';
import type { EvalMetrics } from '../align/run-events';
import { plural } from './plural';
import type { ReportFiles, RunRecord } from './protocol';
import { type RunHistory, upgradeHistory } from './run-history';

type MetricRow = Record<string, number | undefined>;

function flatten(m: EvalMetrics): MetricRow {
  const { mle, ...rest } = m;
  return { ...rest, mle_real: mle.real, mle_auc: mle.auc, mle_f1: mle.f1, mle_accuracy: mle.accuracy, mle_rmse: mle.rmse, mle_r2: mle.r2 };
}

function cell(v: number | undefined): string {
  return v === undefined || Number.isNaN(v) ? '–' : v.toFixed(4);
}

function epochsPlan(config: RunConfig): string {
  if (config.epochs !== 'auto') return `${plural(config.epochs, 'SFT epoch')}`;
  const budget = config.sftMinutes > 0 ? `, at most ${config.sftMinutes} min` : '';
  return `SFT epochs auto (at most ${config.maxEpochs}, patience ${config.patience}${budget})`;
}

function sftSummary(history: RunHistory) {
  const lastEpoch = history.sftEpochs.at(-1);
  return {
    steps: Math.max(history.sftSteps, history.sft.at(-1)?.step ?? 0),
    epochs: history.sftEpochs.length,
    finalLoss: history.sft.at(-1)?.loss ?? null,
    validationLoss: lastEpoch?.validationLoss ?? null,
    bestEpoch: history.sftBestEpoch,
    stopped: history.sftStopped,
    perEpoch: history.sftEpochs,
  };
}

function sftLine(sft: ReturnType<typeof sftSummary>): string {
  const loss = sft.finalLoss === null ? '–' : sft.finalLoss.toFixed(4);
  const epochs = sft.epochs > 0 ? ` over ${plural(sft.epochs, 'epoch')}` : '';
  const validation =
    sft.validationLoss === null
      ? ''
      : `, validation loss ${sft.validationLoss.toFixed(4)}${sft.bestEpoch === null ? '' : ` (best after epoch ${sft.bestEpoch})`}`;
  const stopped = sft.stopped ? `; stopped: ${sft.stopped}` : '';
  return `SFT: ${plural(sft.steps, 'step')}${epochs}, final training loss ${loss}${validation}${stopped}.`;
}

export function buildReport(saved: RunRecord): ReportFiles {
  const record = { ...saved, history: upgradeHistory(saved.history) };
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
    trainRows: record.trainRows ?? null,
    sft: sftSummary(history),
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
    `Method \`${config.method}\`, reward \`${config.reward}\`, preset \`${config.preset}\`, ${epochsPlan(config)}, ${plural(config.rounds, 'round')} of ${plural(config.rowsPerRound, 'row')}, seed ${config.seed}.`,
    `Table: ${plural(schema.rowCount, 'row')}, ${plural(schema.columns.filter((c) => !c.excluded).length, 'modelled column')}${schema.target ? `, target \`${schema.target}\`` : ''}${record.trainRows === undefined ? '' : `; trained on a seeded sample of ${plural(record.trainRows, 'row')}`}.`,
    '',
    sftLine(json.sft),
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
