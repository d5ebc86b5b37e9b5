import { useMemo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartFigure } from './ChartFigure';
import { lttb } from './lttb';
import { useRunStore } from './run-store';

/** Enough points for a smooth curve at any width; more only costs SVG time (ecosystem.md §10). */
const MAX_POINTS = 400;
/** Up to this many readings each gets a dot, so a short run's few readings are visible. */
const DOTS_UP_TO = 60;

/** Training loss at every reading, and the validation loss at the end of every epoch, on one step axis. */
export function SftLossChart() {
  const sft = useRunStore((s) => s.history.sft);
  const epochs = useRunStore((s) => s.history.sftEpochs);
  const bestEpoch = useRunStore((s) => s.history.sftBestEpoch);
  const training = useMemo(
    () =>
      lttb(
        sft,
        MAX_POINTS,
        (p) => p.step,
        (p) => p.loss,
      ),
    [sft],
  );
  const validation = useMemo(() => epochs.filter((e) => Number.isFinite(e.validationLoss)), [epochs]);
  const last = sft.at(-1);
  const lastEpoch = validation.at(-1);
  const summary = [
    last ? `step ${last.step}, training loss ${last.loss.toFixed(3)}` : 'no steps yet',
    lastEpoch ? `validation loss ${lastEpoch.validationLoss.toFixed(3)} after epoch ${lastEpoch.epoch}${bestEpoch ? ` (best: epoch ${bestEpoch})` : ''}` : '',
  ]
    .filter(Boolean)
    .join('; ');
  return (
    <ChartFigure title="SFT loss: training per step, validation per epoch" testId="chart-sft-loss" points={sft.length} summary={summary}>
      <div data-testid="sft-validation" data-points={validation.length} />
      <ResponsiveContainer width="100%" height={220}>
        <LineChart margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="step" type="number" domain={['dataMin', 'dataMax']} allowDecimals={false} allowDuplicatedCategory={false} />
          {/* Training loss is per token, validation loss per row (a sum over its value tokens): two scales. */}
          <YAxis yAxisId="train" width={48} domain={['auto', 'auto']} tickFormatter={(v: number) => v.toFixed(2)} />
          {validation.length > 0 && (
            <YAxis yAxisId="validation" orientation="right" width={48} domain={['auto', 'auto']} tickFormatter={(v: number) => v.toFixed(1)} />
          )}
          <Tooltip formatter={(v) => Number(v).toFixed(4)} labelFormatter={(s) => `step ${s}`} />
          <Legend />
          <Line
            yAxisId="train"
            data={training}
            dataKey="loss"
            name="Training loss (per token, left)"
            stroke="var(--series-1)"
            isAnimationActive={false}
            dot={sft.length <= DOTS_UP_TO ? { r: 2 } : false}
            strokeWidth={2}
          />
          <Line
            yAxisId="validation"
            data={validation}
            dataKey="validationLoss"
            name="Validation loss (per row, right)"
            stroke="var(--series-2)"
            isAnimationActive={false}
            dot={{ r: 3 }}
            strokeWidth={2}
          />
        </LineChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}
