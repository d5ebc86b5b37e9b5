import type { ObjectiveAnchors } from '../kernels/objective';
import type { Objective } from './run-config';

/** Objectives that are a function of per-row log-probs (method.md §4); ids match objective.wgsl. */
export const PREFERENCE_OBJECTIVE_IDS = {
  tabgraa: 0,
  'tabgraa-logsigmoid': 1,
  dpo: 2,
  kto: 3,
  npo: 4,
} as const satisfies Partial<Record<Objective, number>>;

export type PreferenceObjective = keyof typeof PREFERENCE_OBJECTIVE_IDS;

export function isPreferenceObjective(o: Objective): o is PreferenceObjective {
  return o in PREFERENCE_OBJECTIVE_IDS;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const negLogSigmoid = (x: number) => Math.max(-x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

export function ktoReferencePoint(delta: number[]): number {
  return Math.max(0, mean(delta));
}

/**
 * float64 oracle: the loss of a minibatch whose first G rows are the high group and last G rows
 * the low group (DPO pairs row i with row G+i), from policy and reference log-probs.
 */
export function objectiveLoss(
  objective: PreferenceObjective,
  beta: number,
  policy: ArrayLike<number>,
  reference: ArrayLike<number>,
  /** KTO's reference point, detached: pass it to hold it fixed (finite differences). */
  ktoZ0?: number,
): number {
  const G = policy.length / 2;
  const delta = Array.from(policy, (p, i) => p - reference[i]);
  const high = delta.slice(0, G);
  const low = delta.slice(G);
  switch (objective) {
    case 'tabgraa':
      return sigmoid(beta * (mean(low) - mean(high)));
    case 'tabgraa-logsigmoid':
      return negLogSigmoid(beta * (mean(high) - mean(low)));
    case 'dpo':
      return mean(high.map((h, i) => negLogSigmoid(beta * (h - low[i]))));
    case 'kto': {
      const z0 = ktoZ0 ?? ktoReferencePoint(delta);
      return mean(high.map((h) => 1 - sigmoid(beta * (h - z0)))) + mean(low.map((l) => 1 - sigmoid(beta * (z0 - l))));
    }
    case 'npo':
      return (2 / beta) * mean(low.map((l) => negLogSigmoid(-beta * l)));
  }
}

/** float64 per-row weights g_i = dL/dlogπθ(y_i), analytic (KTO's z0 detached, as in the method). */
export function objectiveWeights(objective: PreferenceObjective, beta: number, policy: ArrayLike<number>, reference: ArrayLike<number>): number[] {
  const G = policy.length / 2;
  const delta = Array.from(policy, (p, i) => p - reference[i]);
  const high = delta.slice(0, G);
  const low = delta.slice(G);
  const fill = (h: number, l: number) => [...Array(G).fill(h), ...Array(G).fill(l)];
  switch (objective) {
    case 'tabgraa': {
      const s = sigmoid(beta * (mean(low) - mean(high)));
      const slope = (s * (1 - s) * beta) / G;
      return fill(-slope, slope);
    }
    case 'tabgraa-logsigmoid': {
      const slope = ((1 - sigmoid(beta * (mean(high) - mean(low)))) * beta) / G;
      return fill(-slope, slope);
    }
    case 'dpo': {
      const slopes = high.map((h, i) => ((1 - sigmoid(beta * (h - low[i]))) * beta) / G);
      return [...slopes.map((s) => -s), ...slopes];
    }
    case 'kto': {
      const z0 = ktoReferencePoint(delta);
      const sh = high.map((h) => sigmoid(beta * (h - z0)));
      const sl = low.map((l) => sigmoid(beta * (z0 - l)));
      return [...sh.map((s) => (-s * (1 - s) * beta) / G), ...sl.map((s) => (s * (1 - s) * beta) / G)];
    }
    case 'npo':
      return [...Array(G).fill(0), ...low.map((l) => (2 * sigmoid(beta * l)) / G)];
  }
}

/** float64 oracle of the anchor terms objective.wgsl adds to every objective (same minibatch layout). */
export function anchorLoss(anchors: ObjectiveAnchors, policy: ArrayLike<number>, reference: ArrayLike<number>): number {
  const G = policy.length / 2;
  const delta = Array.from(policy, (p, i) => p - reference[i]);
  const highLogp = Array.from(policy).slice(0, G);
  return anchors.klWeight * 0.5 * mean(delta.map((d) => d * d)) - anchors.highNllWeight * mean(highLogp);
}

/** float64 d(anchorLoss)/dlogπθ(y_i). */
export function anchorWeights(anchors: ObjectiveAnchors, policy: ArrayLike<number>, reference: ArrayLike<number>): number[] {
  const G = policy.length / 2;
  return Array.from(policy, (p, i) => (anchors.klWeight * (p - reference[i])) / (2 * G) - (i < G ? anchors.highNllWeight / G : 0));
}
