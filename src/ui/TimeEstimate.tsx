import { plural } from '../worker/protocol';
import { estimateTimeLeft, formatSeconds } from './eta';
import { useRunStore } from './run-store';

/** Time left on this GPU, from the step and round times measured so far. */
export function TimeEstimate() {
  const history = useRunStore((s) => s.history);
  const timing = useRunStore((s) => s.timing);
  const rounds = useRunStore((s) => s.run?.config.rounds ?? 0);
  const auto = useRunStore((s) => s.run?.config.epochs === 'auto');
  const live = useRunStore((s) => s.status === 'running' || s.status === 'paused');
  if (!live) return null;
  const { sftSeconds, roundsSeconds } = estimateTimeLeft(history, rounds, timing);
  if (sftSeconds === null) return <p className="hint">Time left: measured after the first steps.</p>;
  // Under epochs 'auto' the planned steps are an upper bound: early stopping may end SFT sooner.
  const about = auto && sftSeconds > 0 ? 'at most about' : 'about';
  const rest =
    roundsSeconds === null
      ? `SFT ${about} ${formatSeconds(sftSeconds)}; ${rounds === 1 ? 'the round is' : `the ${plural(rounds, 'round')} are`} timed after the first`
      : `${about} ${formatSeconds(sftSeconds + roundsSeconds)}`;
  return (
    <p className="hint" data-testid="time-estimate">
      Time left on this GPU: {rest} ({history.msPerStep.toFixed(0)} ms per SFT step).
    </p>
  );
}
