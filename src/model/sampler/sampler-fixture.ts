/** A small schema, its codec and a random tiny model for the sampler tests. */
import { RowCodec } from '../../data/row-codec';
import type { Schema } from '../../data/types';
import { seededFloats, testRuntime } from '../../kernels/test-gpu';
import { configFromPreset } from '../config';
import { GptModel } from '../gpt-model';
import { buildParamLayout } from '../param-layout';
import { planCodec } from './sampler-plan-codec';

// A: 3 categories + NA (one position); B: signed, 1 decimal, NA (sign-or-NA, then 3 digits);
// C: 4 categories, no NA. Every kind of position the plan knows.
export const fixtureSchema: Schema = {
  version: 1,
  rowCount: 100,
  columns: [
    { name: 'A', kind: 'categorical', categories: ['x', 'y', 'z'], counts: [40, 30, 20], missingShare: 0.1, flags: [] },
    { name: 'B', kind: 'numeric', integer: false, decimals: 1, min: -5, max: 12.5, missingShare: 0.2, flags: [] },
    { name: 'C', kind: 'categorical', categories: ['p', 'q', 'r', 's'], counts: [25, 25, 25, 25], missingShare: 0, flags: [] },
  ],
};

export const fixtureCodec = RowCodec.fromSchema(fixtureSchema);
export const fixturePlanCodec = planCodec(fixtureCodec);
export const fixtureConfig = configFromPreset('tiny', fixtureCodec.vocabSize, fixtureCodec.seqLen);

/**
 * Random parameters scaled by 0.5 (GPT-2's init is 0.02): legal-range probabilities are then spread
 * out and far from uniform, so a wrong mask, temperature or draw shows in the counts.
 */
export const fixtureParams = seededFloats(buildParamLayout(fixtureConfig).totalFloats, 3).map((v) => v * 0.5);

export async function fixtureModel(): Promise<GptModel> {
  const model = GptModel.create(await testRuntime(), fixtureConfig);
  model.uploadParams(fixtureParams);
  return model;
}
