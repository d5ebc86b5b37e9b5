/** How the SFT learning rate moves over a run: linear warmup, then a decay toward `floor`·peak. */
export type DecayShape = 'cosine' | 'linear' | 'constant';

export interface LrSchedule {
  peak: number;
  warmupSteps: number;
  /** Steps of the decay phase; the decay starts at decayStart and ends at decayStart + decaySteps. */
  decayStart: number;
  decaySteps: number;
  shape: DecayShape;
  /** The rate at the end of the decay, as a share of the peak. */
  floor: number;
}

/** The share of the peak left after annealing: near zero, not zero, so the last steps still move. */
export const LR_FLOOR = 0.02;

/** The learning rate of 1-based step `step`. */
export function learningRateAt(s: LrSchedule, step: number): number {
  const warm = s.warmupSteps > 0 ? Math.min(1, step / s.warmupSteps) : 1;
  if (s.shape === 'constant' || step <= s.decayStart) return s.peak * warm;
  const progress = s.decaySteps > 0 ? Math.min(1, (step - s.decayStart) / s.decaySteps) : 1;
  const kept = s.shape === 'cosine' ? 0.5 * (1 + Math.cos(Math.PI * progress)) : 1 - progress;
  return s.peak * warm * (s.floor + (1 - s.floor) * kept);
}

/** A schedule that decays over the whole of a planned run of `totalSteps` (a fixed epoch count). */
export function plannedSchedule(peak: number, warmupSteps: number, totalSteps: number, shape: DecayShape): LrSchedule {
  const warmup = Math.min(warmupSteps, Math.floor(totalSteps / 10));
  return { peak, warmupSteps: warmup, decayStart: warmup, decaySteps: Math.max(0, totalSteps - warmup), shape, floor: LR_FLOOR };
}
