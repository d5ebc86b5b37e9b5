import { describe, expect, it } from 'vitest';
import { createObjectiveKernel, type ObjectiveAnchors } from '../kernels/objective';
import { readFloats } from '../kernels/readback';
import { seededFloats, testRuntime } from '../kernels/test-gpu';
import {
  anchorLoss,
  anchorWeights,
  ktoReferencePoint,
  objectiveLoss,
  objectiveWeights,
  PREFERENCE_OBJECTIVE_IDS,
  type PreferenceObjective,
} from './objectives';
import { OBJECTIVES as ALL_METHODS, METHOD_STEPS } from './run-config';

const OBJECTIVES = Object.keys(PREFERENCE_OBJECTIVE_IDS) as PreferenceObjective[];

/** Row log-probs like a real batch: around -40, policy and reference a few nats apart. */
function logProbs(rows: number, seed: number, spread: number): { policy: Float32Array; reference: Float32Array } {
  const base = seededFloats(rows, seed);
  const shift = seededFloats(rows, seed + 1);
  const reference = base.map((b) => -40 + 10 * b);
  const policy = reference.map((r, i) => r + spread * shift[i]);
  return { policy, reference };
}

/** float64 central differences of a loss at p, one per coordinate. */
function centralDifferences(loss: (x: number[]) => number, p: number[], h: number): number[] {
  return p.map((_, i) => {
    const up = [...p];
    const down = [...p];
    up[i] += h;
    down[i] -= h;
    return (loss(up) - loss(down)) / (2 * h);
  });
}

describe('which methods are preference objectives', () => {
  it("the kernel's objective ids and METHOD_STEPS name the same methods", () => {
    expect(ALL_METHODS.filter((m) => METHOD_STEPS[m].update === 'preference')).toEqual(OBJECTIVES);
  });
});

describe('objective weights are the gradient of the objective (float64 finite differences)', () => {
  for (const objective of OBJECTIVES) {
    for (const beta of [0.5, 5]) {
      it(`${objective}, beta=${beta}`, () => {
        const { policy, reference } = logProbs(10, 11, 1);
        const p = Array.from(policy);
        const z0 = ktoReferencePoint(p.map((x, i) => x - reference[i]));
        const weights = objectiveWeights(objective, beta, p, reference);
        const numeric = centralDifferences((x) => objectiveLoss(objective, beta, x, reference, z0), p, 1e-5);
        // Central differences in float64: truncation O(h^2 * L''') and rounding O(eps/h) are both < 1e-8 here.
        numeric.forEach((n, i) => expect(Math.abs(weights[i] - n)).toBeLessThan(1e-7));
      });
    }
  }
});

describe('anchor weights are the gradient of the anchor terms (float64 finite differences)', () => {
  for (const anchors of [
    { klWeight: 0.7, highNllWeight: 0 },
    { klWeight: 0, highNllWeight: 1.3 },
    { klWeight: 2, highNllWeight: 0.5 },
  ]) {
    it(`kl ${anchors.klWeight}, high-group NLL ${anchors.highNllWeight}`, () => {
      const { policy, reference } = logProbs(10, 21, 3);
      const p = Array.from(policy);
      const weights = anchorWeights(anchors, p, reference);
      const numeric = centralDifferences((x) => anchorLoss(anchors, x, reference), p, 1e-4);
      numeric.forEach((n, i) => expect(Math.abs(weights[i] - n)).toBeLessThan(1e-8));
    });
  }
});

it('anchor weights: the squared log-ratio pulls each row back toward the reference, the NLL lifts only the high group', () => {
  const reference = [-40, -41, -42, -43];
  const policy = [-39, -41, -42, -45];
  expect(anchorWeights({ klWeight: 2, highNllWeight: 0 }, policy, reference)).toEqual([0.5, 0, 0, -1]);
  expect(anchorWeights({ klWeight: 0, highNllWeight: 2 }, policy, reference).map((w) => w + 0)).toEqual([-1, -1, 0, 0]);
});

const NO_ANCHORS: ObjectiveAnchors = { klWeight: 0, highNllWeight: 0 };

describe('objective kernel (WGSL) vs float64 objective', () => {
  for (const objective of OBJECTIVES) {
    for (const [G, beta, spread, anchors] of [
      [1, 1, 0.5, NO_ANCHORS],
      [3, 10, 2, { klWeight: 0.3, highNllWeight: 0 }],
      [32, 0.1, 5, NO_ANCHORS],
      [32, 5, 0.2, { klWeight: 1, highNllWeight: 0.5 }],
      [7, 1, 1, { klWeight: 0, highNllWeight: 2 }],
    ] as const) {
      it(`${objective}: G=${G}, beta=${beta}, kl ${anchors.klWeight}, high NLL ${anchors.highNllWeight}`, async () => {
        const rt = await testRuntime();
        const { policy, reference } = logProbs(2 * G, 100 + G, spread);
        const weights = rt.arena.storage('weights', 2 * G * 4);
        const stats = rt.arena.storage('stats', 16);
        const kernel = createObjectiveKernel(rt, {
          groupSize: G,
          policyLogp: { buffer: rt.arena.upload('policy', policy) },
          referenceLogp: { buffer: rt.arena.upload('reference', reference) },
          weights: { buffer: weights },
          stats: { buffer: stats },
        });
        kernel.configure(PREFERENCE_OBJECTIVE_IDS[objective], beta, anchors);
        rt.recorder.submit([kernel.dispatch]);
        const gpuWeights = await readFloats(rt.device, weights, 0, 2 * G);
        const [gpuLoss, gpuMeanHigh, gpuMeanLow] = await readFloats(rt.device, stats, 0, 3);
        const extra = anchorWeights(anchors, policy, reference);
        const cpuWeights = objectiveWeights(objective, beta, policy, reference).map((w, i) => w + extra[i]);
        const cpuLoss = objectiveLoss(objective, beta, policy, reference) + anchorLoss(anchors, policy, reference);
        const delta = Array.from(policy, (x, i) => x - reference[i]);
        // f32: each Δ carries ~|logp|·2^-24 ≈ 3e-6 absolute error; β scales it inside sigmoid/exp,
        // whose outputs are O(1). So allow 1e-4·(1+β) absolute on O(1) quantities, scaled by 1/G for weights.
        const tol = 1e-4 * (1 + beta);
        expect(Math.abs(gpuLoss - cpuLoss)).toBeLessThan(tol * (objective === 'npo' ? 2 / beta : 1));
        expect(Math.abs(gpuMeanHigh - delta.slice(0, G).reduce((a, b) => a + b) / G)).toBeLessThan(1e-4);
        expect(Math.abs(gpuMeanLow - delta.slice(G).reduce((a, b) => a + b) / G)).toBeLessThan(1e-4);
        for (let i = 0; i < 2 * G; i++) expect(Math.abs(gpuWeights[i] - cpuWeights[i])).toBeLessThan((tol * (1 + beta)) / G);
      });
    }
  }
});
