import { fixtureModel, fixtureCodec } from './sampler-fixture';
import { createSampler, createFullRecomputeSampler } from './sampler';
const model = await fixtureModel();
for (const [name, make] of [['kv', createSampler], ['full', createFullRecomputeSampler]] as const) {
  const s = make(model, fixtureCodec, { batch: 1000 });
  await s.sample(1000, { seed: 1, temperature: 1 });
  const t0 = performance.now();
  await s.sample(3000, { seed: 1, temperature: 1 });
  const ms = performance.now() - t0;
  console.log(name, ms.toFixed(0), 'ms', (3000 / ms * 1000).toFixed(0), 'rows/s');
}
