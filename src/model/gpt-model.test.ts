import { describe, expect, it } from 'vitest';
import { withErrorScope } from '../kernels/error-scope';
import { readFloats } from '../kernels/readback';
import { normwiseError } from '../kernels/test-compare';
import { seededFloats, testRuntime } from '../kernels/test-gpu';
import { AdamW, type AdamWHyper } from './adamw-optimizer';
import { createBatchPlan } from './batch-plan';
import { configFromPreset } from './config';
import { GptModel } from './gpt-model';
import { initialParams } from './init-params';
import { buildParamLayout } from './param-layout';
import { referenceAdamW, referenceBackward, referenceForward } from './reference-gpt';

// The tiny preset (d 64, 2 layers, 2 heads) with awkward sizes elsewhere: vocabulary 29, batch 3 × 10 positions.
const config = configFromPreset('tiny', 29, 12);
const batch = 3;
const seqLen = 10;
const valueTokenStart = 5;
const layout = buildParamLayout(config);
const tokens = Uint32Array.from({ length: batch * seqLen }, (_, i) => (i % seqLen === 0 ? 0 : (i * 11 + 3) % config.vocabSize));

/** GPT-2 init plus perturbations, so biases, LayerNorm gains and attention are all far from trivial. */
function testParams(): Float32Array {
  const params = initialParams(config, 7);
  const noise = seededFloats(params.length, 8);
  for (const t of layout.tensors) {
    const scale = t.shape.length === 2 ? 0.1 : 0.3;
    for (let i = t.offset; i < t.offset + t.size; i++) params[i] += scale * noise[i];
  }
  return params;
}

function perTensorError(gpu: Float32Array, ref: Float64Array): { worst: number; name: string } {
  let worst = 0;
  let name = '';
  for (const t of layout.tensors) {
    const e = normwiseError(gpu.subarray(t.offset, t.offset + t.size), ref.subarray(t.offset, t.offset + t.size));
    if (e > worst) [worst, name] = [e, t.name];
  }
  return { worst, name };
}

async function setup() {
  const rt = await testRuntime();
  const model = GptModel.create(rt, config);
  const params = testParams();
  model.uploadParams(params);
  const plan = createBatchPlan(model, { batch, seqLen, valueTokenStart, backward: true });
  rt.device.queue.writeBuffer(plan.tokens, 0, tokens.buffer);
  return { rt, model, params, plan };
}

// Tolerances, normwise relative (max error / max |reference|) in f32 against float64: the longest
// reductions are d = 64 (LayerNorm, head), 4d = 256 (MLP) and batch·seqLen = 30 (weight gradients),
// chained through two layers; n·u for n = 256 is 1.5e-5, the forward's tolerance. Gradients compound
// the forward's error with the backward's own reductions: 4·n·u. (Measured: about 4e-7 and 1e-6.)
// A wrong index, sign or dropped term costs O(1/n) or more.
const FORWARD_TOLERANCE = 256 * 2 ** -24;
const GRADIENT_TOLERANCE = 4 * FORWARD_TOLERANCE;

describe('GPT on the GPU vs the float64 reference GPT (tiny preset)', () => {
  it('forward: logits and per-row log-probs; backward: weighted loss and every parameter gradient for random row weights', async () => {
    const { rt, model, params, plan } = await setup();
    const weights = seededFloats(batch, 9);
    rt.device.queue.writeBuffer(plan.rowWeights, 0, weights.buffer);
    await withErrorScope(rt.device, () => rt.recorder.submit([...plan.forward, ...plan.backward]));
    const [logits, rowLogProbs, loss, grads] = await Promise.all([
      readFloats(rt.device, plan.logits, 0, batch * seqLen * config.vocabSize),
      readFloats(rt.device, plan.rowLogProbs, 0, batch),
      readFloats(rt.device, plan.weightedLoss, 0, 1),
      readFloats(rt.device, model.grads, 0, model.floats),
    ]);
    const fwd = referenceForward(config, params, tokens, batch, seqLen, valueTokenStart);
    const back = referenceBackward(params, fwd, weights);
    const errors = {
      logits: normwiseError(logits, fwd.logits),
      rowLogProbs: normwiseError(rowLogProbs, fwd.rowLogProbs),
      loss: normwiseError(loss, [back.weightedLoss]),
      grads: perTensorError(grads, back.grads),
    };
    console.log('GPU vs float64 normwise errors', JSON.stringify(errors));
    expect(errors.logits).toBeLessThan(FORWARD_TOLERANCE);
    expect(errors.rowLogProbs).toBeLessThan(FORWARD_TOLERANCE);
    expect(errors.loss).toBeLessThan(FORWARD_TOLERANCE);
    expect(errors.grads.worst).toBeLessThan(GRADIENT_TOLERANCE);
  });

  it('params after two AdamW steps (lr 1e-2, weight decay, clipping)', async () => {
    const { rt, model, params, plan } = await setup();
    const hyper: AdamWHyper = { lr: 1e-2, beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.1, maxGradNorm: 1 };
    const adamw = new AdamW(model, hyper);
    const ref = { p: Float64Array.from(params), m: new Float64Array(model.floats), v: new Float64Array(model.floats) };
    let minGrad = new Float64Array(model.floats).fill(Infinity);
    for (let step = 1; step <= 2; step++) {
      const weights = seededFloats(batch, 20 + step);
      rt.device.queue.writeBuffer(plan.rowWeights, 0, weights.buffer);
      adamw.beginStep();
      await withErrorScope(rt.device, () => rt.recorder.submit([...plan.forward, ...plan.backward, ...adamw.ops]));
      const fwd = referenceForward(config, ref.p, tokens, batch, seqLen, valueTokenStart);
      const { grads } = referenceBackward(ref.p, fwd, weights);
      minGrad = minGrad.map((v, i) => Math.min(v, Math.abs(grads[i])));
      referenceAdamW(config, ref.p, grads, ref.m, ref.v, step, hyper);
    }
    const gpu = await model.downloadParams();
    // Adam divides m by sqrt(v): where a gradient is tiny, its f32 error can flip the update's sign, so
    // only elements whose gradient stayed 10× above the gradient tolerance are held to 1% of lr;
    // every element must stay within the 2·lr two steps can move it.
    let maxGrad = 0;
    for (const t of layout.tensors) for (let i = t.offset; i < t.offset + t.size; i++) maxGrad = Math.max(maxGrad, minGrad[i]);
    let checked = 0;
    let worstStable = 0;
    let worstAny = 0;
    for (const t of layout.tensors) {
      for (let i = t.offset; i < t.offset + t.size; i++) {
        const diff = Math.abs(gpu[i] - ref.p[i]);
        worstAny = Math.max(worstAny, diff);
        if (minGrad[i] > 10 * GRADIENT_TOLERANCE * maxGrad) {
          checked++;
          worstStable = Math.max(worstStable, diff);
        }
      }
    }
    console.log('AdamW', JSON.stringify({ checked, of: layout.parameterCount, worstStable, worstAny }));
    expect(checked).toBeGreaterThan(layout.parameterCount / 2);
    expect(worstStable).toBeLessThan(0.01 * hyper.lr);
    expect(worstAny).toBeLessThan(2 * hyper.lr + 1e-6);
  });

  it('a forward-only plan over a second parameter set: the frozen reference, copied on the GPU', async () => {
    const { rt, model, params, plan } = await setup();
    const reference = model.allocateParameterSet('reference params');
    const referencePlan = createBatchPlan(model, { batch, seqLen, valueTokenStart, params: reference, backward: false });
    expect(referencePlan.backward).toEqual([]);
    rt.device.queue.writeBuffer(referencePlan.tokens, 0, tokens.buffer);
    // Copy, then change the policy: the reference must keep the old parameters.
    await withErrorScope(rt.device, () => rt.recorder.submit([model.copyParamsOp(reference)]));
    model.uploadParams(new Float32Array(model.floats));
    await withErrorScope(rt.device, () => rt.recorder.submit([...referencePlan.forward, ...plan.forward]));
    const [refLogProbs, policyLogProbs] = await Promise.all([
      readFloats(rt.device, referencePlan.rowLogProbs, 0, batch),
      readFloats(rt.device, plan.rowLogProbs, 0, batch),
    ]);
    const expected = referenceForward(config, params, tokens, batch, seqLen, valueTokenStart).rowLogProbs;
    expect(normwiseError(refLogProbs, expected)).toBeLessThan(FORWARD_TOLERANCE);
    // All-zero parameters give uniform predictions: each counted token has log-prob −log(vocab).
    const counted = [0, 1, 2].map((b) => [...tokens.subarray(b * seqLen + 1, (b + 1) * seqLen)].filter((t) => t >= valueTokenStart).length);
    expect(
      normwiseError(
        policyLogProbs,
        counted.map((c) => -c * Math.log(config.vocabSize)),
      ),
    ).toBeLessThan(FORWARD_TOLERANCE);
  });
});
