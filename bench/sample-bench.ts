import type { RowCodec } from '../src/data/row-codec';
import type { GpuRuntime } from '../src/kernels/runtime';
import type { GptConfig } from '../src/model/config';
import { GptModel } from '../src/model/gpt-model';
import { createFullRecomputeSampler, createSampler } from '../src/model/sampler/sampler';

/** Our KV-cache sampler generating one batch of demo-schema rows per call. */
export interface OurSampler {
  rowsPerCall: number;
  sample(): Promise<unknown>;
}

/** Our constrained sampler (KV cache, or recomputing the whole prefix) at temperature 1 from freshly initialised weights. */
export function createOurSampler(rt: GpuRuntime, config: GptConfig, codec: RowCodec, rows: number, kind: 'kv' | 'full' = 'kv'): OurSampler {
  const model = GptModel.create(rt, config);
  const sampler = (kind === 'kv' ? createSampler : createFullRecomputeSampler)(model, codec, { batch: rows });
  let seed = 1;
  return { rowsPerCall: rows, sample: () => sampler.sample(rows, { seed: seed++, temperature: 1 }) };
}
