const keepAlive = setInterval(() => {}, 1000);
import { readFileSync } from 'node:fs';
import { demoCodec } from '../../bench/demo-codec';
import { acquireNodeGpu } from '../kernels/node-gpu';
import { createRuntime } from '../kernels/runtime';
import { configFromPreset } from './config';
import { GptModel } from './gpt-model';
import { createFullRecomputeSampler, createSampler } from './sampler';
const codec = await demoCodec(readFileSync('public/adult.csv', 'utf8'));
const rt = createRuntime(await acquireNodeGpu());
const preset = (process.argv[2] ?? 'small') as 'small';
const batch = Number(process.argv[3] ?? 64);
const model = GptModel.create(rt, configFromPreset(preset, codec.vocabSize, codec.seqLen));
console.log(`adapter ${rt.ctx.adapterName}; adult codec seqLen ${codec.seqLen} vocab ${codec.vocabSize}; preset ${preset}; batch ${batch}`);
for (const [name, make] of [['full', createFullRecomputeSampler], ['kv', createSampler]] as const) {
  const s = make(model, codec, { batch });
  await s.sample(Math.min(batch, 4), { seed: 1, temperature: 1 });
  const t0 = performance.now();
  await s.sample(batch, { seed: 2, temperature: 1 });
  const ms = performance.now() - t0;
  console.log(name, ms.toFixed(0), 'ms/batch', (batch / ms * 1000).toFixed(1), 'rows/s');
}
clearInterval(keepAlive);
