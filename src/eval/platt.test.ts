import { describe, expect, it } from 'vitest';
import { createRng } from '../data/rng';
import { plattScaling } from './platt';

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const logit = (p: number) => Math.log(p / (1 - p));

/** Scores whose true P(label 1) is sigmoid(a·logit(score) + b). */
function scoredLabels(rows: number, a: number, b: number, seed: number) {
  const rng = createRng(seed);
  const scores = Array.from({ length: rows }, () => 0.02 + 0.96 * rng());
  const labels = scores.map((s) => (rng() < sigmoid(a * logit(s) + b) ? 1 : 0));
  return { scores, labels };
}

describe('plattScaling', () => {
  it('recovers the true map of an over-confident classifier (slope 0.5, offset 0.3)', () => {
    const { scores, labels } = scoredLabels(20_000, 0.5, 0.3, 1);
    const calibrate = plattScaling(scores, labels, 2);
    for (const s of [0.05, 0.3, 0.5, 0.8, 0.95]) expect(Math.abs(calibrate(s) - sigmoid(0.5 * logit(s) + 0.3))).toBeLessThan(0.03);
  });

  it('maps uninformative scores to a flat line at the share of label 1, so their density ratios are equal', () => {
    const { scores, labels } = scoredLabels(20_000, 0, logit(0.3), 3);
    const calibrate = plattScaling(scores, labels, 4);
    for (const s of [0.02, 0.5, 0.98]) expect(Math.abs(calibrate(s) - 0.3)).toBeLessThan(0.02);
  });

  it('reads scores that rank label 1 lower as no information: a flat map at the share of label 1, never a reversed one', () => {
    const { scores, labels } = scoredLabels(5_000, -1, 0, 7);
    const calibrate = plattScaling(scores, labels, 8);
    const share = labels.reduce<number>((a, b) => a + b, 0) / labels.length;
    expect(calibrate(0.1)).toBe(share);
    expect(calibrate(0.9)).toBe(share);
  });

  it('is monotone in the score when the scores are informative, and finite at 0 and 1', () => {
    const { scores, labels } = scoredLabels(5_000, 1, 0, 5);
    const calibrate = plattScaling(scores, labels, 6);
    expect(calibrate(0.9)).toBeGreaterThan(calibrate(0.6));
    expect(calibrate(0.6)).toBeGreaterThan(calibrate(0.1));
    expect(calibrate(0)).toBeGreaterThan(0);
    expect(calibrate(1)).toBeLessThan(1);
  });
});
