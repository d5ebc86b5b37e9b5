import { describe, expect, it } from 'vitest';
import { PauseGate } from './pause-gate';

/** A step that keeps the thread busy, as encoding and scoring rows do, then awaits nothing that yields. */
function busyStep(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

describe('PauseGate', () => {
  it('lets a pause waiting in the task queue land while the loop awaits only resolved promises', async () => {
    const gate = new PauseGate();
    let steps = 0;
    setTimeout(() => gate.pause(), 20);
    const loop = (async () => {
      for (; steps < 400; steps++) {
        busyStep(2);
        await gate.wait();
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const atPause = steps;
    expect(atPause).toBeLessThan(400);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(steps).toBe(atPause);
    gate.resume();
    await loop;
    expect(steps).toBe(400);
  });
});
