import { describe, expect, it } from 'vitest';
import { withErrorScope } from '../../kernels/error-scope';
import { createFullRecomputeSampler, createSampler, type SampleOptions } from './sampler';
import { referenceSample } from './sampler.reference';
import { fixtureCodec, fixtureConfig, fixtureModel, fixtureParams, fixturePlanCodec } from './sampler-fixture';

// The GPU computes logits in f32, the reference in float64 (and the two GPU samplers in different
// summation orders): a draw can differ only when u lands within the f32 error (~1e-6 of a
// probability) of a CDF boundary, or two legal logits tie within it. Over the few hundred draws
// below that chance is ~1e-4, so the tokens must agree exactly; the seeds are fixed, so the outcome
// is the same on every run.
const CASES: Array<[string, SampleOptions]> = [
  ['greedy', { seed: 7, temperature: 0 }],
  ['temperature 1', { seed: 11, temperature: 1 }],
  ['temperature 0.7, top-k 2', { seed: 13, temperature: 0.7, topK: 2 }],
];

describe('KV-cache sampler vs the float64 reference sampler (same plan, same random stream)', () => {
  for (const [name, opts] of CASES) {
    it(name, async () => {
      const model = await fixtureModel();
      const rows = 12;
      const sampler = createSampler(model, fixtureCodec, { batch: 5 }); // 3 batches, the last one partial
      const got = await withErrorScope(model.rt.device, () => sampler.sample(rows, opts));
      expect(Array.from(got)).toEqual(Array.from(referenceSample(fixtureConfig, fixtureParams, fixturePlanCodec, () => new Map(), rows, opts)));
    });
  }
});

describe('KV-cache sampler vs the full-recompute sampler', () => {
  for (const [name, opts] of CASES) {
    it(`${name}: token for token over 48 rows`, async () => {
      const model = await fixtureModel();
      const kv = createSampler(model, fixtureCodec, { batch: 32 });
      const full = createFullRecomputeSampler(model, fixtureCodec, { batch: 24 });
      const [a, b] = await withErrorScope(model.rt.device, () => Promise.all([kv.sample(48, opts), full.sample(48, opts)]));
      expect(Array.from(a)).toEqual(Array.from(b));
    });
  }

  it("samples the params it is given, not the model's own", async () => {
    const model = await fixtureModel();
    const other = model.allocateParameterSet('other params');
    model.uploadParams(
      fixtureParams.map((v) => -v),
      other,
    );
    const opts = { seed: 5, temperature: 0 };
    const own = await createSampler(model, fixtureCodec, { batch: 8 }).sample(8, opts);
    const given = await createSampler(model, fixtureCodec, { batch: 8, params: other }).sample(8, opts);
    expect(Array.from(given)).not.toEqual(Array.from(own));
    expect(Array.from(given)).toEqual(Array.from(await createFullRecomputeSampler(model, fixtureCodec, { batch: 8, params: other }).sample(8, opts)));
  });
});
