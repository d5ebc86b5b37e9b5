/**
 * The constrained row sampler (method.md §1): name tokens forced in a uniformly random column order,
 * every value token drawn from the tokens legal for its column and position, so every row decodes.
 * createSampler keeps a KV cache (one new position per step); createFullRecomputeSampler recomputes
 * the whole prefix each step (the oracle and the benchmark's baseline). Same plan, same random
 * stream: with equal logits they draw equal tokens.
 */
import type { RowCodec } from '../../data/row-codec';
import type { Table } from '../../data/types';
import type { GptModel } from '../gpt-model';
import { createSamplerCore, type SampleOptions, type Sampler, type SamplerForward } from './sampler-core';
import { createFullForward } from './sampler-full';
import { createKvForward } from './sampler-kv';
import { planCodec } from './sampler-plan-codec';
import { createWhereResolver } from './sampler-where';

export type { SampleOptions, Sampler } from './sampler-core';

export interface SamplerOptions {
  /** Rows sampled in parallel (one submit and one readback per batch). */
  batch: number;
  /** Parameters to sample from (default: the model's own), e.g. the frozen reference set. */
  params?: GPUBuffer;
}

type ForwardBuilder = (model: GptModel, params: GPUBuffer, batch: number, seqLen: number, valueTokenStart: number) => SamplerForward;

function build(model: GptModel, codec: RowCodec, options: SamplerOptions, forward: ForwardBuilder): Sampler {
  const { batch } = options;
  if (!Number.isInteger(batch) || batch < 1) throw new Error(`Sampler batch must be a positive integer, got ${batch}.`);
  codec.assertFitsModel(model.config.vocabSize, model.config.contextLength);
  return createSamplerCore({
    rt: model.rt,
    codec: planCodec(codec),
    batch,
    resolveWhere: createWhereResolver(codec),
    forward: forward(model, options.params ?? model.params, batch, codec.seqLen, codec.valueTokenStart),
  });
}

/** The sampler: a KV cache per layer, one new position per row per step. */
export function createSampler(model: GptModel, codec: RowCodec, options: SamplerOptions): Sampler {
  return build(model, codec, options, createKvForward);
}

/** The same sampler recomputing the whole prefix at every step (test oracle and benchmark baseline). */
export function createFullRecomputeSampler(model: GptModel, codec: RowCodec, options: SamplerOptions): Sampler {
  return build(model, codec, options, createFullForward);
}

/** Samples and decodes (every number is inside its column's range: the sampler draws no other). */
export async function sampleTable(sampler: Sampler, codec: RowCodec, rows: number, opts: SampleOptions): Promise<Table> {
  return codec.decodeRows(await sampler.sample(rows, opts), rows);
}
