import { useMemo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartFigure } from './ChartFigure';
import { lttb } from './lttb';
import { useRunStore } from './run-store';

const MAX_POINTS = 400;

/** The objective's loss and the groups' mean log-ratios over all alignment steps, round after round. */
export function AlignLossChart() {
  const align = useRunStore((s) => s.history.align);
  const data = useMemo(
    () =>
      lttb(
        align.map((p, i) => ({ ...p, index: i + 1 })),
        MAX_POINTS,
        (p) => p.index,
        (p) => p.loss,
      ),
    [align],
  );
  const last = align.at(-1);
  return (
    <ChartFigure
      title="Alignment loss and log-ratios per step"
      testId="chart-align-loss"
      points={align.length}
      summary={
        last ? `round ${last.round}, loss ${last.loss.toFixed(3)}, high ${last.highLogRatio.toFixed(3)}, low ${last.lowLogRatio.toFixed(3)}` : 'no steps yet'
      }
    >
      <ResponsiveContainer width="100%" height={220}>
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="index" type="number" domain={['dataMin', 'dataMax']} allowDecimals={false} />
          <YAxis width={48} domain={['auto', 'auto']} tickFormatter={(v: number) => v.toFixed(2)} />
          <Tooltip formatter={(v) => Number(v).toFixed(4)} labelFormatter={(i) => `step ${i}`} />
          <Legend />
          <Line dataKey="loss" name="Loss" stroke="var(--series-1)" isAnimationActive={false} dot={false} />
          <Line dataKey="highLogRatio" name="High group: mean log-ratio" stroke="var(--series-2)" isAnimationActive={false} dot={false} />
          <Line dataKey="lowLogRatio" name="Low group: mean log-ratio" stroke="var(--series-3)" isAnimationActive={false} dot={false} />
        </LineChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}
