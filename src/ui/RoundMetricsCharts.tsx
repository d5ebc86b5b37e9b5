import { useMemo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { type EvalMetrics, headlineMle } from '../worker/protocol';
import type { RoundPoint } from '../worker/run-history';
import { ChartFigure } from './ChartFigure';
import { GroupLogRatioChart } from './GroupLogRatioChart';
import { RewardGroupsChart } from './RewardGroupsChart';
import { useRunStore } from './run-store';

interface Series {
  key: string;
  label: string;
  value: (m: EvalMetrics) => number | undefined;
}

interface MetricChart {
  id: string;
  title: string;
  series: Series[];
}

const CHARTS: MetricChart[] = [
  {
    id: 'fidelity',
    title: 'Fidelity (higher is better)',
    series: [
      { key: 'shape', label: 'Shape', value: (m) => m.shape },
      { key: 'trend', label: 'Trend', value: (m) => m.trend },
    ],
  },
  {
    id: 'utility',
    title: 'Utility: MLE (AUC / macro-F1 / RMSE), trained on synthetic vs real',
    series: [
      { key: 'mle', label: 'Synthetic', value: headlineMle },
      { key: 'mle_real', label: 'Real', value: (m) => m.mle.real },
    ],
  },
  {
    id: 'privacy',
    title: 'Privacy: DCR share (0.5 ideal) and exact copies',
    series: [
      { key: 'dcr_share', label: 'DCR share', value: (m) => m.dcr_share },
      { key: 'exact_copy_rate', label: 'Exact copies', value: (m) => m.exact_copy_rate },
    ],
  },
  {
    id: 'detection',
    title: 'Detection: C2ST (1 = indistinguishable)',
    series: [
      { key: 'c2st', label: 'C2ST (logistic)', value: (m) => m.c2st },
      { key: 'c2st_gbdt', label: 'C2ST (boosted trees)', value: (m) => m.c2st_gbdt },
    ],
  },
];

const COLORS = ['var(--series-1)', 'var(--series-2)'];

function RoundChart({ chart, rounds }: { chart: MetricChart; rounds: RoundPoint[] }) {
  const data = useMemo(
    () => rounds.map((r) => Object.fromEntries([['round', r.round], ...chart.series.map((s) => [s.key, s.value(r.metrics)])])),
    [rounds, chart],
  );
  const last = rounds.at(-1);
  // The SFT model (round 0) is the baseline every round must beat: a dashed line per series.
  const sft = rounds.find((r) => r.round === 0);
  const values = (r: RoundPoint) => chart.series.map((s) => `${s.label} ${s.value(r.metrics)?.toFixed(3) ?? 'n/a'}`).join(', ');
  const summary = last ? `${values(last)} after round ${last.round}${sft && last !== sft ? `; SFT model (round 0): ${values(sft)}` : ''}` : 'no rounds yet';
  return (
    <ChartFigure title={chart.title} testId={`chart-${chart.id}`} points={rounds.length} summary={summary}>
      <ResponsiveContainer width="100%" height={200}>
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="round" type="number" domain={['dataMin', 'dataMax']} allowDecimals={false} />
          <YAxis width={48} domain={[0, 1]} />
          <Tooltip formatter={(v) => Number(v).toFixed(4)} />
          <Legend />
          {sft &&
            chart.series.map((s, i) => {
              const y = s.value(sft.metrics);
              return y === undefined ? null : (
                <ReferenceLine
                  key={`sft-${s.key}`}
                  y={y}
                  stroke={COLORS[i]}
                  strokeDasharray="4 4"
                  label={{ value: `SFT ${s.label}`, position: 'insideBottomLeft', fontSize: 10 }}
                />
              );
            })}
          {chart.series.map((s, i) => (
            // A handful of rounds: dots are cheap here and show a single round, which a line cannot.
            <Line key={s.key} dataKey={s.key} name={s.label} stroke={COLORS[i]} isAnimationActive={false} dot={{ r: 3 }} connectNulls />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}

/** One small chart per metric family, a point per evaluated round. */
export function RoundMetricsCharts() {
  const rounds = useRunStore((s) => s.history.rounds);
  return (
    <div className="chart-grid">
      {CHARTS.map((c) => (
        <RoundChart key={c.id} chart={c} rounds={rounds} />
      ))}
      <RewardGroupsChart />
      <GroupLogRatioChart />
    </div>
  );
}
