import type { GptConfig } from './config';
import { buildParamLayout } from './param-layout';

/** Deterministic standard normals (xorshift32 + Box–Muller): the same seed gives the same model everywhere. */
function normals(seed: number): () => number {
  let s = seed >>> 0 || 0x9e3779b9;
  const uniform = () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return (s + 0.5) / 2 ** 32;
  };
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

/**
 * GPT-2 initialisation: weights N(0, 0.02), the two residual projections (attn.c_proj, mlp.c_proj)
 * scaled by 1/sqrt(2·layers), biases 0, LayerNorm weight 1 and bias 0. Padding stays 0.
 */
export function initialParams(config: GptConfig, seed: number): Float32Array {
  const layout = buildParamLayout(config);
  const params = new Float32Array(layout.totalFloats);
  const normal = normals(seed);
  const residualScale = 1 / Math.sqrt(2 * config.layers);
  for (const t of layout.tensors) {
    const view = params.subarray(t.offset, t.offset + t.size);
    if (/ln_[12f]\.weight$/.test(t.name)) view.fill(1);
    else if (t.shape.length === 2) {
      const std = 0.02 * (t.name.endsWith('c_proj.weight') ? residualScale : 1);
      for (let i = 0; i < view.length; i++) view[i] = std * normal();
    }
  }
  return params;
}
