/** The real GPU jobs behind the studio worker: src/kernels, src/model and src/align, bound to StudioGpu. */

import { runAlignment } from '../align/run-alignment';
import { acquireGpu } from '../kernels/gpu-context';
import { createRuntime } from '../kernels/runtime';
import { decodeCheckpoint } from '../model/checkpoint';
import { GptModel } from '../model/gpt-model';
import { createSampler, sampleTable } from '../model/sampler/sampler';
import { anyOrderJobs } from './any-order-jobs';
import { codecOf } from './checkpoint-codec';
import { probePresetSpeed, probeRoundWork } from './speed-probe';
import type { StudioGpu } from './studio-gpu';

/** Rows sampled per submit when sampling a saved model for a download. */
const SAMPLE_BATCH = 128;

/** The GPU jobs on `gpu` (navigator.gpu in the browser). */
export function studioGpu(gpu: GPU | undefined): StudioGpu {
  return {
    runtime: async () => createRuntime(await acquireGpu(gpu)),
    async samplerFromCheckpoint(rt, schema, bytes, temperature) {
      const checkpoint = decodeCheckpoint(bytes);
      const codec = codecOf(checkpoint, schema);
      const model = GptModel.create(rt, checkpoint.config);
      model.uploadParams(checkpoint.params);
      const sampler = createSampler(model, codec, { batch: SAMPLE_BATCH });
      // Each download draws new rows: seeds count up from the checkpoint's step.
      let seed = checkpoint.step;
      return (rows, where) => sampleTable(sampler, codec, rows, { seed: seed++, temperature, where });
    },
    anyOrder(rt, schema, bytes, temperature) {
      const checkpoint = decodeCheckpoint(bytes);
      return anyOrderJobs(rt, schema, checkpoint, codecOf(checkpoint, schema), temperature);
    },
    runAlignment,
    measurePresetSpeed: probePresetSpeed,
    measureRoundWork: probeRoundWork,
  };
}
