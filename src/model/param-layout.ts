import type { GptConfig } from './config';

/**
 * All parameters live in ONE flat f32 buffer (llm.c); gradients and both Adam moments use the
 * same layout. Names and shapes follow GPT-2 (Hugging Face): linear weights are [in, out], so
 * y = x·W + b. Every tensor starts on a 256-byte boundary so it can be bound with an offset.
 */
export interface ParamTensor {
  name: string;
  shape: number[];
  /** Offset in floats into the flat buffer. */
  offset: number;
  size: number;
  /** AdamW weight decay applies to matrices only. */
  decay: boolean;
}

export interface ParamLayout {
  tensors: ParamTensor[];
  byName: Map<string, ParamTensor>;
  /** Total floats including alignment padding. */
  totalFloats: number;
  /** Floats that are real parameters (no padding). */
  parameterCount: number;
}

export const PARAM_ALIGN_FLOATS = 64;

export function layerTensorShapes(d: number): Array<[string, number[]]> {
  return [
    ['ln_1.weight', [d]],
    ['ln_1.bias', [d]],
    ['attn.c_attn.weight', [d, 3 * d]],
    ['attn.c_attn.bias', [3 * d]],
    ['attn.c_proj.weight', [d, d]],
    ['attn.c_proj.bias', [d]],
    ['ln_2.weight', [d]],
    ['ln_2.bias', [d]],
    ['mlp.c_fc.weight', [d, 4 * d]],
    ['mlp.c_fc.bias', [4 * d]],
    ['mlp.c_proj.weight', [4 * d, d]],
    ['mlp.c_proj.bias', [d]],
  ];
}

export function buildParamLayout(config: GptConfig): ParamLayout {
  const d = config.dModel;
  const shapes: Array<[string, number[]]> = [
    ['wte.weight', [config.vocabSize, d]],
    ['wpe.weight', [config.contextLength, d]],
  ];
  for (let l = 0; l < config.layers; l++) {
    for (const [name, shape] of layerTensorShapes(d)) shapes.push([`h.${l}.${name}`, shape]);
  }
  shapes.push(['ln_f.weight', [d]], ['ln_f.bias', [d]]);

  const tensors: ParamTensor[] = [];
  let offset = 0;
  let parameterCount = 0;
  for (const [name, shape] of shapes) {
    const size = shape.reduce((a, b) => a * b, 1);
    tensors.push({ name, shape, offset, size, decay: shape.length === 2 });
    parameterCount += size;
    offset += Math.ceil(size / PARAM_ALIGN_FLOATS) * PARAM_ALIGN_FLOATS;
  }
  return { tensors, byName: new Map(tensors.map((t) => [t.name, t])), totalFloats: offset, parameterCount };
}

export function tensor(layout: ParamLayout, name: string): ParamTensor {
  const t = layout.byName.get(name);
  if (!t) throw new Error(`No parameter named "${name}"`);
  return t;
}
