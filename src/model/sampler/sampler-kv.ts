import type { StepOp } from '../../kernels/dispatch';
import { createGeluForward } from '../../kernels/gelu';
import { createKvAttention, kvCacheFloats } from '../../kernels/kv-attention';
import { createKvEmbed } from '../../kernels/kv-embed';
import { createLayerNormForward } from '../../kernels/layernorm';
import type { GptModel } from '../gpt-model';
import { assertBuffersFit } from '../model-limits';
import type { SamplerForward } from './sampler-core';

/**
 * The incremental forward: each position runs the model on ONE token per row, attending to the
 * keys and values of earlier positions kept in a per-layer cache.
 */
export function createKvForward(model: GptModel, params: GPUBuffer, batch: number, seqLen: number): SamplerForward {
  const { rt, config } = model;
  const d = config.dModel;
  const V = config.vocabSize;
  const weight = (name: string) => model.bind(name, params);
  const shape = { batch, heads: config.heads, headDim: d / config.heads, maxSeq: seqLen };
  assertBuffersFit(
    rt.device.limits,
    [
      { what: `each layer's key (and value) cache (batch ${batch} × ${seqLen} positions × ${d})`, bytes: kvCacheFloats(shape) * 4 },
      { what: `the sampler's logits (batch ${batch} × vocabulary ${V})`, bytes: batch * V * 4 },
    ],
    'Sample with a smaller batch.',
  );
  const buffer = (label: string, floats: number) => rt.arena.storage(`kv sampler ${label}`, floats * 4);
  const tokens = buffer('tokens', batch * seqLen); // u32, same size
  const x = buffer('residual', batch * d);
  const ln = buffer('layernorm out', batch * d);
  const stats = buffer('layernorm stats', batch * 2);
  const qkv = buffer('qkv', batch * 3 * d);
  const attn = buffer('attention out', batch * d);
  const fc = buffer('mlp hidden', batch * 4 * d);
  const act = buffer('mlp gelu', batch * 4 * d);
  const logits = buffer('logits', batch * V);

  const layerNorm = (prefix: string) => {
    const gb = model.bindLayerNorm(prefix, params);
    return createLayerNormForward(rt, { rows: batch, dim: d, betaOffset: gb.betaOffset }, { x, out: ln, stats, gammaBeta: gb.binding }, `kv ${prefix}`);
  };
  const linear = (input: GPUBuffer, K: number, N: number, prefix: string, out: GPUBuffer, accumulate: boolean) =>
    model.matmul(rt, {
      M: batch,
      N,
      K,
      accumulate,
      a: { buffer: input },
      b: weight(`${prefix}.weight`),
      bias: weight(`${prefix}.bias`),
      c: { buffer: out },
      label: `kv ${prefix}`,
    });

  const embed = createKvEmbed(rt, { rows: batch, seqLen, dim: d }, { tokens, wte: weight('wte.weight'), wpe: weight('wpe.weight'), out: x });
  const layers = Array.from({ length: config.layers }, (_, l) => {
    const p = `h.${l}`;
    const cache = { kCache: buffer(`k cache ${l}`, kvCacheFloats(shape)), vCache: buffer(`v cache ${l}`, kvCacheFloats(shape)) };
    return {
      attention: createKvAttention(rt, shape, { qkv, ...cache, out: attn }, `kv attention ${l}`),
      before: [layerNorm(`${p}.ln_1`), linear(ln, d, 3 * d, `${p}.attn.c_attn`, qkv, false)],
      after: [
        linear(attn, d, d, `${p}.attn.c_proj`, x, true),
        layerNorm(`${p}.ln_2`),
        linear(ln, d, 4 * d, `${p}.mlp.c_fc`, fc, false),
        createGeluForward(rt, batch * 4 * d, { x: fc, out: act }),
        linear(act, 4 * d, d, `${p}.mlp.c_proj`, x, true),
      ],
    };
  });
  // Tied head: logits = LN_f(x)·wteᵀ.
  const head: StepOp[] = [
    layerNorm('ln_f'),
    model.matmul(rt, { M: batch, N: V, K: d, transB: true, a: { buffer: ln }, b: weight('wte.weight'), c: { buffer: logits }, label: 'kv head' }),
  ];

  return {
    tokens,
    always: (pos) => [embed[pos], ...layers.flatMap((layer) => [...layer.before, layer.attention[pos], ...layer.after])],
    head: () => head,
    logits,
    logitsAt: () => ({ offset: 0, rowStride: V }),
  };
}
