import { describe, expect, it } from 'vitest';
import { LR_FLOOR, learningRateAt, plannedSchedule } from './lr-schedule';

describe('the SFT learning-rate schedule', () => {
  it('warms up linearly, then follows the cosine formula down to the floor', () => {
    const s = plannedSchedule(2e-3, 20, 1000, 'cosine');
    expect(learningRateAt(s, 1)).toBeCloseTo(2e-3 / 20, 12);
    expect(learningRateAt(s, 10)).toBeCloseTo(1e-3, 12);
    expect(learningRateAt(s, 20)).toBeCloseTo(2e-3, 12);
    for (const step of [21, 137, 510, 999]) {
      const progress = (step - 20) / 980;
      const expected = 2e-3 * (LR_FLOOR + (1 - LR_FLOOR) * 0.5 * (1 + Math.cos(Math.PI * progress)));
      expect(learningRateAt(s, step)).toBeCloseTo(expected, 12);
    }
    expect(learningRateAt(s, 1000)).toBeCloseTo(2e-3 * LR_FLOOR, 12);
    expect(learningRateAt(s, 5000)).toBeCloseTo(2e-3 * LR_FLOOR, 12);
  });

  it('decays linearly when asked, and not at all when constant', () => {
    const linear = plannedSchedule(1e-3, 0, 100, 'linear');
    expect(learningRateAt(linear, 50)).toBeCloseTo(1e-3 * (LR_FLOOR + (1 - LR_FLOOR) * 0.5), 12);
    const constant = plannedSchedule(1e-3, 10, 100, 'constant');
    expect(learningRateAt(constant, 5)).toBeCloseTo(5e-4, 12);
    expect(learningRateAt(constant, 99)).toBe(1e-3);
  });

  it('keeps the peak until a decay phase is placed, then anneals over it (epochs auto)', () => {
    const s = { peak: 1e-3, warmupSteps: 0, decayStart: 300, decaySteps: 100, shape: 'linear' as const, floor: 0 };
    expect(learningRateAt(s, 300)).toBe(1e-3);
    expect(learningRateAt(s, 350)).toBeCloseTo(5e-4, 12);
    expect(learningRateAt(s, 400)).toBe(0);
  });

  it('never lets warmup take more than a tenth of a short run', () => {
    const s = plannedSchedule(1e-3, 200, 50, 'cosine');
    expect(s.warmupSteps).toBe(5);
  });
});
