import type { RowCodec } from '../src/data/row-codec';
import type { GpuRuntime } from '../src/kernels/runtime';
import type { GptConfig } from '../src/model/config';
import { GptModel } from '../src/model/gpt-model';
import { createSampler } from '../src/model/sampler';

/** Our KV-cache sampler generating one batch of demo-schema rows per call. */
export interface OurSampler {
  rowsPerCall: number;
  sample(): Promise<unknown>;
}

/** The constrained KV-cache sampler at temperature 1 from freshly initialised weights. */
export function createOurSampler(rt: GpuRuntime, config: GptConfig, codec: RowCodec, rows: number): OurSampler {
  const model = GptModel.create(rt, config);
  const sampler = createSampler(model, codec, { batch: rows });
  let seed = 1;
  return { rowsPerCall: rows, sample: () => sampler.sample(rows, { seed: seed++, temperature: 1 }) };
}
