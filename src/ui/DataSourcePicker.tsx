import { useRef } from 'react';
import { useDatasetStore } from './dataset-store';

/** The keyboard-reachable way in: a drop zone that opens the file picker, and the demo button. */
export function DataSourcePicker() {
  const load = useDatasetStore((s) => s.load);
  const loadDemo = useDatasetStore((s) => s.loadDemo);
  const busy = useDatasetStore((s) => s.phase === 'parsing');
  const input = useRef<HTMLInputElement>(null);
  const choose = () => input.current?.click();
  return (
    <div className="source-picker">
      <button type="button" className="drop-zone" aria-label="Choose a CSV file, or drop one anywhere on the page" aria-disabled={busy} onClick={choose}>
        <strong>Drop a CSV file anywhere on the page</strong>
        <span>or press here to choose one. It stays on this computer.</span>
      </button>
      <input
        ref={input}
        type="file"
        accept=".csv,.tsv,.txt,text/csv"
        hidden
        data-testid="file-input"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void load(file, file.name);
        }}
      />
      <button type="button" onClick={() => void loadDemo()} disabled={busy}>
        Try the demo (Adult census table)
      </button>
    </div>
  );
}
