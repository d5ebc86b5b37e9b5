import { useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartFigure } from './ChartFigure';
import { useRunStore } from './run-store';

/** Real vs synthetic share per bin (numbers) or category, for the column the user picks. */
export function ColumnDistributionChart() {
  const view = useRunStore((s) => s.view);
  const [picked, setPicked] = useState('');
  if (!view || view.distributions.length === 0) return null;
  const column = view.distributions.find((d) => d.name === picked) ?? view.distributions[0];
  const gap = Math.max(...column.bins.map((b) => Math.abs(b.real - b.synthetic)));
  return (
    <div className="distribution">
      <div className="field inline">
        <label htmlFor="distribution-column">Column</label>
        <select id="distribution-column" value={column.name} onChange={(e) => setPicked(e.target.value)}>
          {view.distributions.map((d) => (
            <option key={d.name} value={d.name}>
              {d.name}
            </option>
          ))}
        </select>
      </div>
      <ChartFigure
        title={`${column.name}: real vs synthetic, round ${view.round}`}
        testId="chart-distribution"
        points={column.bins.length}
        summary={`largest gap between shares ${(gap * 100).toFixed(1)} points`}
      >
        <ResponsiveContainer width="100%" height={240}>
          <BarChart data={column.bins} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="label" interval="preserveStartEnd" tick={{ fontSize: 11 }} />
            <YAxis width={48} tickFormatter={(v: number) => `${Math.round(v * 100)}%`} />
            <Tooltip formatter={(v) => `${(Number(v) * 100).toFixed(1)} %`} />
            <Legend />
            <Bar dataKey="real" name="Real" fill="var(--series-1)" isAnimationActive={false} />
            <Bar dataKey="synthetic" name="Synthetic" fill="var(--series-2)" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </ChartFigure>
    </div>
  );
}
