import type { RunHistory } from '../worker/run-history';

export interface Timing {
  /** When the first align step of this session arrived (ms since epoch), if any. */
  alignStartedAt: number | null;
  /** When each round's evaluation arrived in this session. */
  roundEndedAt: number[];
}

export interface Estimate {
  sftSeconds: number | null;
  /** Seconds for the remaining rounds; null until one round has been timed. */
  roundsSeconds: number | null;
}

/** Time left from the measured SFT step time and the wall time of the rounds finished so far. */
export function estimateTimeLeft(h: RunHistory, totalRounds: number, t: Timing): Estimate {
  const sftDone = h.sft.at(-1)?.step ?? 0;
  const sftSeconds = h.msPerStep > 0 ? (Math.max(0, h.sftTotalSteps - sftDone) * h.msPerStep) / 1000 : null;
  const roundsLeft = Math.max(0, totalRounds - h.rounds.length);
  if (roundsLeft === 0) return { sftSeconds, roundsSeconds: 0 };
  const timed = t.roundEndedAt.length;
  if (t.alignStartedAt === null || timed === 0) return { sftSeconds, roundsSeconds: null };
  const perRound = (t.roundEndedAt[timed - 1] - t.alignStartedAt) / timed / 1000;
  return { sftSeconds, roundsSeconds: roundsLeft * perRound };
}

export function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
