import { estimateTimeLeft, formatSeconds } from './eta';
import { useRunStore } from './run-store';

/** Time left on this GPU, from the step and round times measured so far. */
export function TimeEstimate() {
  const history = useRunStore((s) => s.history);
  const timing = useRunStore((s) => s.timing);
  const rounds = useRunStore((s) => s.run?.config.rounds ?? 0);
  const live = useRunStore((s) => s.status === 'running' || s.status === 'paused');
  if (!live) return null;
  const { sftSeconds, roundsSeconds } = estimateTimeLeft(history, rounds, timing);
  if (sftSeconds === null) return <p className="hint">Time left: measured after the first steps.</p>;
  const rest =
    roundsSeconds === null
      ? `SFT about ${formatSeconds(sftSeconds)}; the ${rounds} round(s) are timed after the first`
      : `about ${formatSeconds(sftSeconds + roundsSeconds)}`;
  return (
    <p className="hint" data-testid="time-estimate">
      Time left on this GPU: {rest} ({history.msPerStep.toFixed(0)} ms per SFT step).
    </p>
  );
}
