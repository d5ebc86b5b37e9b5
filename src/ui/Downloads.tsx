import { useState } from 'react';
import { RebalanceControl } from './RebalanceControl';
import { useRunStore } from './run-store';

interface Condition {
  /** Stable across edits and removals, for React's key. */
  id: number;
  column: string;
  value: string;
}

/** "5" fixes a numeric column to 5; anything else is a category label. */
function whereOf(conditions: Condition[], numeric: Set<string>): Record<string, string | number> {
  return Object.fromEntries(conditions.filter((c) => c.column && c.value !== '').map((c) => [c.column, numeric.has(c.column) ? Number(c.value) : c.value]));
}

/** The synthetic table (any size, optionally conditioned), the report, the checkpoint, the ONNX model. */
export function Downloads() {
  const run = useRunStore((s) => s.run);
  const status = useRunStore((s) => s.status);
  const checkpointRound = useRunStore((s) => s.history.lastCheckpointRound ?? s.run?.lastCheckpointRound ?? null);
  const [rows, setRows] = useState(1000);
  const [conditions, setConditions] = useState<Condition[]>([]);
  const busy = useRunStore((s) => s.downloading);
  const error = useRunStore((s) => s.downloadError);
  const downloadCsv = useRunStore((s) => s.downloadCsv);
  const downloadReport = useRunStore((s) => s.downloadReport);
  const downloadCheckpoint = useRunStore((s) => s.downloadCheckpoint);
  const downloadOnnx = useRunStore((s) => s.downloadOnnx);
  if (!run) return null;
  const columns = run.schema.columns.filter((c) => !c.excluded);
  const numeric = new Set(columns.filter((c) => c.kind === 'numeric').map((c) => c.name));
  const training = status === 'running' || status === 'paused' || status === 'starting';
  // Sampling, the checkpoint and the ONNX model all need a saved model: the first is saved when SFT ends.
  const noModel = checkpointRound === null;
  const leftOut = run.schema.columns.filter((c) => c.excluded && !c.flags.includes('constant')).map((c) => c.name);
  return (
    <section aria-labelledby="downloads-title" className="panel">
      <h3 id="downloads-title">Downloads</h3>
      <form
        className="sample-form"
        onSubmit={(e) => {
          e.preventDefault();
          void downloadCsv({ rows, where: whereOf(conditions, numeric) });
        }}
      >
        <div className="field">
          <label htmlFor="sample-rows">Synthetic rows</label>
          <input id="sample-rows" type="number" min={1} step={1} required value={rows} onChange={(e) => setRows(e.target.valueAsNumber)} />
        </div>
        {conditions.map((c, i) => (
          <fieldset key={c.id} className="condition">
            <legend>Fixed value {i + 1}</legend>
            <label htmlFor={`cond-col-${i}`}>Column</label>
            <select
              id={`cond-col-${i}`}
              value={c.column}
              onChange={(e) => setConditions(conditions.map((x, k) => (k === i ? { ...x, column: e.target.value } : x)))}
            >
              {columns.map((col) => (
                <option key={col.name}>{col.name}</option>
              ))}
            </select>
            <label htmlFor={`cond-val-${i}`}>Value</label>
            <input
              id={`cond-val-${i}`}
              value={c.value}
              onChange={(e) => setConditions(conditions.map((x, k) => (k === i ? { ...x, value: e.target.value } : x)))}
            />
            <button type="button" className="link" onClick={() => setConditions(conditions.filter((_, k) => k !== i))}>
              remove
            </button>
          </fieldset>
        ))}
        <div className="button-row">
          <button
            type="button"
            onClick={() => setConditions([...conditions, { id: (conditions.at(-1)?.id ?? 0) + 1, column: columns[0]?.name ?? '', value: '' }])}
          >
            Fix a column value
          </button>
          <button type="submit" className="primary" disabled={training || noModel || busy !== null}>
            {busy === 'csv' ? 'Sampling…' : 'Download synthetic CSV'}
          </button>
        </div>
        {training && <p className="hint">Sampling is available when the run has finished or been stopped.</p>}
        {!training && noModel && (
          <p className="hint" data-testid="no-model">
            No model was saved (the first checkpoint comes when SFT ends), so there is nothing to sample, nor a checkpoint or ONNX model to download. The report
            has what was measured.
          </p>
        )}
        {leftOut.length > 0 && (
          <p className="hint" data-testid="left-out">
            Not in the synthetic table (left out of the model): {leftOut.join(', ')}.
          </p>
        )}
      </form>
      <RebalanceControl disabled={training || noModel} />
      <div className="button-row">
        <button type="button" onClick={() => void downloadReport('json')} disabled={busy !== null}>
          Report (JSON)
        </button>
        <button type="button" onClick={() => void downloadReport('markdown')} disabled={busy !== null}>
          Report (Markdown)
        </button>
        <button type="button" onClick={() => void downloadCheckpoint()} disabled={noModel || busy !== null}>
          Checkpoint
        </button>
        <button type="button" onClick={() => void downloadOnnx()} disabled={noModel || busy !== null}>
          ONNX model + grammar
        </button>
      </div>
      {error && (
        <p role="alert" className="banner banner-error" data-testid="download-error">
          {error}
        </p>
      )}
    </section>
  );
}
