import { useEffect } from 'react';
import { METHOD_LABELS, REWARD_LABELS } from '../worker/protocol';
import { useRunStore } from './run-store';
import { useRunsList } from './runs-list-store';

/** Runs kept in this browser, newest first: open one to redraw its charts, resume, or delete it. */
export function PastRuns() {
  const runs = useRunsList((s) => s.runs);
  const error = useRunsList((s) => s.error);
  const refresh = useRunsList((s) => s.refresh);
  const remove = useRunsList((s) => s.remove);
  const open = useRunStore((s) => s.open);
  const shownId = useRunStore((s) => s.run?.id);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  return (
    <nav aria-labelledby="past-runs-title" className="past-runs">
      <h2 id="past-runs-title">Runs in this browser</h2>
      {error && (
        <p role="alert" className="banner banner-error">
          {error}
        </p>
      )}
      {runs.length === 0 ? (
        <p className="hint">None yet.</p>
      ) : (
        <ul data-testid="past-runs">
          {runs.map((r) => (
            <li key={r.id} aria-current={r.id === shownId ? 'true' : undefined}>
              <button type="button" className="run-link" onClick={() => void open(r.id)}>
                <span>{r.name}</span>
                {/* The method's id, as the CLI and the run report name it; the method's and the reward's labels in the tooltip. */}
                <span className="hint" title={`${METHOD_LABELS[r.config.method]}, ${REWARD_LABELS[r.config.reward]} reward`}>
                  {r.config.method} · {r.status} · {new Date(r.createdAt).toLocaleString()}
                </span>
              </button>
              <button
                type="button"
                className="link"
                aria-label={`Delete run ${r.name} from ${new Date(r.createdAt).toLocaleString()}`}
                onClick={() => void remove(r.id)}
                disabled={r.id === shownId && r.status === 'running'}
              >
                delete
              </button>
            </li>
          ))}
        </ul>
      )}
    </nav>
  );
}
