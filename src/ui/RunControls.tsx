import type { RunStatus } from '../worker/protocol';
import { progressLine } from './progress-line';
import { useRunStore } from './run-store';

const STATUS_TEXT: Record<RunStatus | 'idle' | 'starting', string> = {
  idle: 'Not started',
  starting: 'Starting…',
  running: 'Running',
  paused: 'Paused',
  interrupted: 'Interrupted',
  stopped: 'Stopped',
  done: 'Done',
  failed: 'Failed',
};

/** Status of the run on screen, with pause, resume and stop, or resume-from-checkpoint after a stop. */
export function RunControls() {
  const run = useRunStore((s) => s.run);
  const status = useRunStore((s) => s.status);
  const message = useRunStore((s) => s.statusMessage);
  const history = useRunStore((s) => s.history);
  const { pause, resume, stop, resumePast } = useRunStore.getState();
  if (!run) return null;
  const live = status === 'running' || status === 'paused';
  const resumable = status === 'interrupted' || status === 'stopped' || status === 'failed';
  return (
    <div className="run-controls">
      <p role="status" data-testid="run-status" data-status={status}>
        <strong>{STATUS_TEXT[status]}</strong>
        {` — ${progressLine(history, run.config)}`}
      </p>
      {message && (
        <div role={status === 'failed' || status === 'interrupted' ? 'alert' : undefined} className={status === 'done' ? 'hint' : 'banner banner-warn'}>
          <p className={status === 'failed' ? 'verbatim' : undefined}>{message}</p>
          {status === 'failed' && (
            <p>
              If the table or model is too large for this GPU, pick the tiny or small model, fewer rows per round, or leave wide columns out, and start again.
              Everything computed so far is kept here.
            </p>
          )}
        </div>
      )}
      <div className="button-row">
        {status === 'running' && (
          <button type="button" onClick={() => void pause()}>
            Pause
          </button>
        )}
        {status === 'paused' && (
          <button type="button" onClick={() => void resume()}>
            Resume
          </button>
        )}
        {live && (
          <button type="button" className="danger" onClick={() => void stop()}>
            Stop
          </button>
        )}
        {resumable && (
          <button type="button" onClick={() => void resumePast(run.id)}>
            {run.lastCheckpointRound !== null
              ? `Resume from round ${run.lastCheckpointRound}`
              : run.sftEpochSaved !== undefined
                ? `Resume SFT after epoch ${run.sftEpochSaved}`
                : 'Restart this run'}
          </button>
        )}
      </div>
    </div>
  );
}
