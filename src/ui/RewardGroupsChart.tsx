import { useMemo } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartFigure } from './ChartFigure';
import { groupMeans, rewardHistogram } from './round-groups';
import { useRunStore } from './run-store';

/** The latest round's rewards, high group against low group: how far apart the reward put them. */
export function RewardGroupsChart() {
  const samples = useRunStore((s) => s.history.latestSamples);
  const bins = useMemo(() => (samples ? rewardHistogram(samples) : []), [samples]);
  const means = useMemo(() => (samples ? groupMeans(samples) : null), [samples]);
  const format = (v: number | null | undefined) => (v === null || v === undefined ? 'n/a' : v.toFixed(3));
  const summary = samples && means ? `round ${samples.round}: mean reward high ${format(means.high)}, low ${format(means.low)}` : 'no scored round yet';
  return (
    <ChartFigure
      title={`Rewards by group${samples ? `, round ${samples.round}` : ''} (share of each group's rows)`}
      testId="chart-reward-groups"
      points={samples?.rewards.length ?? 0}
      summary={summary}
    >
      <ResponsiveContainer width="100%" height={200}>
        <BarChart data={bins} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="label" interval={1} />
          <YAxis width={48} tickFormatter={(v: number) => `${Math.round(v * 100)}%`} />
          <Tooltip formatter={(v) => `${(Number(v) * 100).toFixed(1)}%`} />
          <Legend />
          <Bar dataKey="high" name={`High group (mean ${format(means?.high)})`} fill="var(--series-2)" isAnimationActive={false} />
          <Bar dataKey="low" name={`Low group (mean ${format(means?.low)})`} fill="var(--series-3)" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}
