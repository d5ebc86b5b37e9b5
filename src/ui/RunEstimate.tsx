import { useEffect, useState } from 'react';
import { plural, type RunConfig, type RunTimeEstimate } from '../worker/protocol';
import { formatSeconds } from './eta';
import { messageOf, studio } from './studio-client';

/** Waits this long after the last change to the form before asking the worker (it may measure). */
const SETTLE_MS = 400;

type Shown = { state: 'measuring' } | { state: 'ready'; estimate: RunTimeEstimate } | { state: 'error'; message: string };

export function estimateText(config: RunConfig, e: RunTimeEstimate): string {
  const epochs =
    config.epochs === 'auto'
      ? `up to ${plural(e.sftEpochs, 'epoch')} of ${plural(e.sftStepsPerEpoch, 'step')}; it stops sooner when the validation loss stops improving`
      : `${plural(e.sftEpochs, 'epoch')} of ${plural(e.sftStepsPerEpoch, 'step')}`;
  const rounds = config.rounds === 0 ? 'no alignment rounds' : `${plural(config.rounds, 'round')} of about ${formatSeconds(e.roundSeconds)} each`;
  return `About ${formatSeconds(e.totalSeconds)} on this GPU: SFT ${config.epochs === 'auto' ? 'at most ' : ''}${formatSeconds(e.sftSeconds)} (${epochs}), then ${rounds}.`;
}

/** The run's duration on this adapter, shown next to Start; measured in the worker before any run. */
export function RunEstimate({ config, trainRows, enabled }: { config: RunConfig; trainRows: number; enabled: boolean }) {
  const [shown, setShown] = useState<Shown>({ state: 'measuring' });
  useEffect(() => {
    if (!enabled) return;
    let current = true;
    setShown({ state: 'measuring' });
    const timer = setTimeout(() => {
      studio()
        .estimateRun(config, { trainRows })
        .then((estimate) => current && setShown({ state: 'ready', estimate }))
        .catch((error) => current && setShown({ state: 'error', message: messageOf(error) }));
    }, SETTLE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [config, trainRows, enabled]);
  if (!enabled) return null;
  return (
    <p className="hint estimate" data-testid="run-estimate" data-state={shown.state} aria-live="polite">
      {shown.state === 'measuring' && `Measuring the ${config.preset} model on this GPU…`}
      {shown.state === 'ready' && estimateText(config, shown.estimate)}
      {shown.state === 'error' && `No estimate: ${shown.message}`}
    </p>
  );
}
