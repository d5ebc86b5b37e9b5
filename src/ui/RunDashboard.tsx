import { METHOD_LABELS, REWARD_LABELS } from '../worker/protocol';
import { AlignLossChart } from './AlignLossChart';
import { AnyOrderPanel } from './AnyOrderPanel';
import { ColumnDistributionChart } from './ColumnDistributionChart';
import { CorrelationHeatmap } from './CorrelationHeatmap';
import { Downloads } from './Downloads';
import { RoundMetricsCharts } from './RoundMetricsCharts';
import { RoundSamplesTable } from './RoundSamplesTable';
import { RunControls } from './RunControls';
import { useRunStore } from './run-store';
import { SftLossChart } from './SftLossChart';
import { TimeEstimate } from './TimeEstimate';

/** The run on screen: controls, live charts, the latest rows, downloads. */
export function RunDashboard() {
  const run = useRunStore((s) => s.run);
  const storageError = useRunStore((s) => s.storageError);
  if (!run) return null;
  return (
    <section aria-labelledby="dashboard-title" className="panel dashboard" data-testid="run-dashboard">
      <h2 id="dashboard-title">
        {run.name}: {METHOD_LABELS[run.config.method]} with the {REWARD_LABELS[run.config.reward]} reward, {run.config.preset} model
      </h2>
      <RunControls />
      <TimeEstimate />
      {storageError && (
        <p role="alert" className="banner banner-warn" data-testid="storage-error">
          {storageError}
        </p>
      )}
      <div className="chart-grid">
        <SftLossChart />
        <AlignLossChart />
      </div>
      <RoundMetricsCharts />
      <div className="chart-grid">
        <ColumnDistributionChart />
      </div>
      <CorrelationHeatmap />
      <RoundSamplesTable />
      <AnyOrderPanel />
      <Downloads />
    </section>
  );
}
