import { sftSecondsLeft } from '../worker/protocol';
import type { RunHistory } from '../worker/run-history';

export interface Timing {
  /** When each round's evaluation arrived in this session (ms since epoch); round 0 is the SFT model's. */
  roundEndedAt: number[];
}

export interface Estimate {
  sftSeconds: number | null;
  /** Seconds for the remaining rounds; null until one round has been timed from end to end. */
  roundsSeconds: number | null;
}

/** Time left from the measured SFT step time and the wall time between round evaluations. */
export function estimateTimeLeft(h: RunHistory, totalRounds: number, t: Timing): Estimate {
  const sftDone = h.sft.at(-1)?.step ?? 0;
  const sftSeconds = h.msPerStep > 0 ? sftSecondsLeft(h.sftTotalSteps - sftDone, h.msPerStep, h.sftBudgetSecondsLeft) : null;
  const roundsLeft = Math.max(0, totalRounds - (h.rounds.at(-1)?.round ?? 0));
  if (roundsLeft === 0) return { sftSeconds, roundsSeconds: 0 };
  const ends = t.roundEndedAt;
  if (ends.length < 2) return { sftSeconds, roundsSeconds: null };
  const perRound = (ends[ends.length - 1] - ends[0]) / (ends.length - 1) / 1000;
  return { sftSeconds, roundsSeconds: roundsLeft * perRound };
}

export function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
