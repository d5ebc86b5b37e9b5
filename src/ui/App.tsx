import { useEffect, useRef } from 'react';
import { AdapterStatus } from './AdapterStatus';
import { DataSourcePicker } from './DataSourcePicker';
import { useDatasetStore } from './dataset-store';
import { IngestStatus } from './IngestStatus';
import { PageDropTarget } from './PageDropTarget';
import { PastRuns } from './PastRuns';
import { RunDashboard } from './RunDashboard';
import { RunForm } from './RunForm';
import { SchemaTable } from './SchemaTable';

export function App() {
  const tableReady = useDatasetStore((s) => s.phase === 'ready');
  const loadDemo = useDatasetStore((s) => s.loadDemo);
  const demoRequested = useRef(false);
  useEffect(() => {
    // Ask the browser not to evict saved runs under storage pressure (it may say no; runs still save).
    void navigator.storage?.persist?.().catch(() => false);
  }, []);
  useEffect(() => {
    // `npm start` opens /?demo=adult: start on the bundled demo table.
    if (demoRequested.current || new URLSearchParams(location.search).get('demo') !== 'adult') return;
    demoRequested.current = true;
    void loadDemo();
  }, [loadDemo]);
  return (
    <div className="app">
      <PageDropTarget />
      <header className="app-header">
        <h1>tabgraa studio</h1>
        <AdapterStatus />
      </header>
      <aside className="sidebar">
        <PastRuns />
      </aside>
      <main className="content">
        <section aria-labelledby="data-title" className="panel">
          <h2 id="data-title">Your table</h2>
          <DataSourcePicker />
          <IngestStatus />
        </section>
        <SchemaTable />
        {tableReady && <RunForm />}
        <RunDashboard />
      </main>
    </div>
  );
}
