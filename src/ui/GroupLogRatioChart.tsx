import { useMemo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartFigure } from './ChartFigure';
import { roundEndLogRatios } from './round-groups';
import { useRunStore } from './run-store';

/** Per round, the groups' mean log-ratio to the SFT model where the round ended: did the update separate them, and which way did it move both? */
export function GroupLogRatioChart() {
  const align = useRunStore((s) => s.history.align);
  const rounds = useMemo(() => roundEndLogRatios(align), [align]);
  const last = rounds.at(-1);
  const summary = last ? `after round ${last.round}: high ${last.high.toFixed(3)}, low ${last.low.toFixed(3)} nats` : 'no alignment steps yet';
  return (
    <ChartFigure title="Mean log-ratio to the SFT model per group, end of each round" testId="chart-group-log-ratios" points={rounds.length} summary={summary}>
      <ResponsiveContainer width="100%" height={200}>
        <LineChart data={rounds} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="round" type="number" domain={['dataMin', 'dataMax']} allowDecimals={false} />
          <YAxis width={48} domain={['auto', 'auto']} tickFormatter={(v: number) => v.toFixed(2)} />
          <Tooltip formatter={(v) => Number(v).toFixed(4)} labelFormatter={(r) => `round ${r}`} />
          <Legend />
          <ReferenceLine y={0} stroke="var(--muted, #888)" strokeDasharray="4 4" />
          <Line dataKey="high" name="High group" stroke="var(--series-2)" isAnimationActive={false} dot={{ r: 3 }} />
          <Line dataKey="low" name="Low group" stroke="var(--series-3)" isAnimationActive={false} dot={{ r: 3 }} />
        </LineChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}
