import { useMemo } from 'react';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartFigure } from './ChartFigure';
import { lttb } from './lttb';
import { useRunStore } from './run-store';

/** Enough points for a smooth curve at any width; more only costs SVG time (ecosystem.md §10). */
const MAX_POINTS = 400;

export function SftLossChart() {
  const sft = useRunStore((s) => s.history.sft);
  const data = useMemo(() => lttb(sft, MAX_POINTS, (p) => p.step, (p) => p.loss), [sft]);
  const last = sft.at(-1);
  return (
    <ChartFigure title="SFT loss per step" testId="chart-sft-loss" points={sft.length} summary={last ? `step ${last.step}, loss ${last.loss.toFixed(3)}` : 'no steps yet'}>
      <ResponsiveContainer width="100%" height={220}>
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="step" type="number" domain={['dataMin', 'dataMax']} allowDecimals={false} />
          <YAxis width={48} domain={['auto', 'auto']} tickFormatter={(v: number) => v.toFixed(2)} />
          <Tooltip formatter={(v) => Number(v).toFixed(4)} />
          <Line type="monotone" dataKey="loss" stroke="var(--series-1)" isAnimationActive={false} dot={false} strokeWidth={2} />
        </LineChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}
