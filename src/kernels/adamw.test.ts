import { describe, expect, it } from 'vitest';
import { ADAMW_DECAY_BLOCK, type AdamWHyper, adamwUniformData, createAdamW } from './adamw';
import { adamwStep } from './reference-ops';
import { F32_U, normwiseError, runAndRead, upload } from './test-compare';
import { seededFloats, testRuntime } from './test-gpu';

// 5 blocks of 64 floats minus a tail (awkward count), decay on blocks 0, 2 and 3.
const count = 5 * ADAMW_DECAY_BLOCK - 19;
const decayBlocks = Uint32Array.from([1, 0, 1, 1, 0]);

async function stepTwice(maxGradNorm: number) {
  const rt = await testRuntime();
  const hyper: AdamWHyper = { lr: 0.01, beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.1, maxGradNorm };
  const p0 = seededFloats(count, 1);
  const grads = [seededFloats(count, 2), seededFloats(count, 3)];
  const params = upload(rt, p0);
  const gradBuffer = rt.arena.storage('grads', count * 4);
  const m = rt.arena.storage('m', count * 4);
  const v = rt.arena.storage('v', count * 4);
  const uniform = rt.arena.uniform('hyper', new Uint8Array(48));
  const ops = createAdamW(rt, count, {
    hyper: uniform,
    params,
    grads: gradBuffer,
    m,
    v,
    decayBlocks: rt.arena.upload('decay', decayBlocks),
    clip: maxGradNorm > 0,
  });
  const refP = Float64Array.from(p0);
  const refM = new Float64Array(count);
  const refV = new Float64Array(count);
  const decay = Array.from({ length: count }, (_, i) => decayBlocks[Math.floor(i / ADAMW_DECAY_BLOCK)] === 1);
  let gpu: Float32Array[] = [];
  for (let step = 1; step <= 2; step++) {
    rt.device.queue.writeBuffer(gradBuffer, 0, grads[step - 1].buffer);
    rt.device.queue.writeBuffer(
      uniform,
      0,
      adamwUniformData({
        ...hyper,
        biasCorrection1: 1 - hyper.beta1 ** step,
        biasCorrection2: 1 - hyper.beta2 ** step,
        count,
      }),
    );
    gpu = await runAndRead(rt, ops, [params, m, v]);
    adamwStep(refP, grads[step - 1], refM, refV, decay, step, hyper);
  }
  return { gpu, refP, refM, refV };
}

describe('AdamW kernel vs float64, two steps', () => {
  // Each update is a handful of f32 operations on O(1) values: a few ulps of lr·O(1).
  for (const maxGradNorm of [0, 0.5]) {
    it(`params and moments (maxGradNorm=${maxGradNorm})`, async () => {
      const { gpu, refP, refM, refV } = await stepTwice(maxGradNorm);
      expect(normwiseError(gpu[0], refP)).toBeLessThan(16 * F32_U);
      // With clipping the norm is a count-term sum: its error scales the whole gradient.
      const tol = (maxGradNorm > 0 ? 4 * count : 16) * F32_U;
      expect(normwiseError(gpu[1], refM)).toBeLessThan(tol);
      expect(normwiseError(gpu[2], refV)).toBeLessThan(tol);
    });
  }
});
