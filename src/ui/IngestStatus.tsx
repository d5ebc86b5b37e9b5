import { plural } from '../worker/protocol';
import { useDatasetStore } from './dataset-store';

function megabytes(bytes: number): string {
  return (bytes / 2 ** 20).toFixed(1);
}

/** Parse progress while the worker reads the file; the data layer's message when it refuses it. */
export function IngestStatus() {
  const phase = useDatasetStore((s) => s.phase);
  const fileName = useDatasetStore((s) => s.fileName);
  const progress = useDatasetStore((s) => s.progress);
  const error = useDatasetStore((s) => s.error);
  const warnings = useDatasetStore((s) => s.warnings);
  if (phase === 'parsing') {
    const total = progress?.totalBytes ?? 0;
    return (
      <div className="ingest-progress">
        <label htmlFor="ingest-progress">
          Reading {fileName}
          {total > 0 ? ` (${megabytes(progress!.bytesRead)} of ${megabytes(total)} MB)` : '…'}
        </label>
        <progress id="ingest-progress" max={total || undefined} value={total ? progress!.bytesRead : undefined} />
      </div>
    );
  }
  if (phase === 'error')
    return (
      <div role="alert" className="banner banner-error" data-testid="ingest-error">
        <p>
          <strong>{fileName}</strong> could not be loaded:
        </p>
        <p className="verbatim">{error}</p>
        <p>Fix the file and drop it again, or try the demo.</p>
      </div>
    );
  if (phase === 'ready' && warnings.length > 0)
    return (
      <details className="banner banner-warn">
        <summary>
          {plural(warnings.length, 'note')} from reading {fileName}
        </summary>
        <ul>
          {warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      </details>
    );
  return null;
}
