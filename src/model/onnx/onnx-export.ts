import { LAYER_NORM_EPS } from '../../kernels/reference-ops';
import type { GptConfig } from '../config';
import { validateConfig } from '../config';
import { buildParamLayout, tensor } from '../param-layout';
import { OnnxGraphBuilder } from './onnx-graph';

/** Opset 20 is the first with `Gelu` (and its approximate="tanh" form, GPT-2's GELU). */
export const ONNX_OPSET = 20;
export const ONNX_INPUT = 'input_ids';
export const ONNX_OUTPUT = 'logits';
/**
 * Masked attention scores get this added instead of -Infinity: exp() underflows to exactly 0 all
 * the same (scores are O(10)), and no backend has to do arithmetic on infinities.
 */
const MASKED_SCORE = -1e9;

/**
 * The GPT as a standard ONNX graph: `input_ids` int64 [batch, seq] (seq <= contextLength) in,
 * `logits` float [batch, seq, vocab] out. Weights come from our flat parameter buffer; linear
 * weights are [in, out] already, so every linear layer is MatMul + Add.
 */
export function exportGptToOnnx(config: GptConfig, params: Float32Array, metadata: Record<string, string> = {}): Uint8Array {
  validateConfig(config);
  const layout = buildParamLayout(config);
  if (params.length !== layout.totalFloats)
    throw new Error(`ONNX export: parameter buffer holds ${params.length} floats, the layout for this config needs ${layout.totalFloats}.`);
  const g = new OnnxGraphBuilder();
  const weight = (name: string): string => {
    const t = tensor(layout, name);
    return g.floats(name, t.shape, params.subarray(t.offset, t.offset + t.size));
  };

  const ids = g.input(ONNX_INPUT, 'int64', ['batch', 'seq']);
  const seqLength = g.node('Shape', [ids], { start: { int: 1 }, end: { int: 2 } }, 'seq_length');
  const zero = g.int64s('zero', [0]);
  const wte = weight('wte.weight');
  const tokens = g.node('Gather', [wte, ids], { axis: { int: 0 } }, 'token_embedding');
  const positions = g.node('Slice', [weight('wpe.weight'), zero, seqLength, zero], {}, 'position_embedding');
  let x = g.node('Add', [tokens, positions], {}, 'embedding');

  const shared = attentionConstants(g, config, seqLength);
  for (let l = 0; l < config.layers; l++) {
    const p = (name: string): string => weight(`h.${l}.${name}`);
    const attn = attention(g, shared, layerNorm(g, x, p('ln_1.weight'), p('ln_1.bias')), p);
    x = g.node('Add', [x, attn], {}, `h${l}_residual_attn`);
    const hidden = g.node('Gelu', [linear(g, layerNorm(g, x, p('ln_2.weight'), p('ln_2.bias')), p('mlp.c_fc.weight'), p('mlp.c_fc.bias'))], {
      approximate: { string: 'tanh' },
    });
    x = g.node('Add', [x, linear(g, hidden, p('mlp.c_proj.weight'), p('mlp.c_proj.bias'))], {}, `h${l}_residual_mlp`);
  }
  const final = layerNorm(g, x, weight('ln_f.weight'), weight('ln_f.bias'));
  // Tied head: logits = h · wteᵀ, with the transpose in the graph so wte is stored once.
  const head = g.node('Transpose', [wte], { perm: { ints: [1, 0] } }, 'wte_transposed');
  g.node('MatMul', [final, head], {}, ONNX_OUTPUT);
  g.output(ONNX_OUTPUT, 'float', ['batch', 'seq', config.vocabSize]);
  return g.toBinary({
    graphName: 'tabgraa_gpt',
    opset: ONNX_OPSET,
    producer: 'tabgraa-studio',
    metadata: { 'tabgraa.config': JSON.stringify(config), ...metadata },
  });
}

function layerNorm(g: OnnxGraphBuilder, x: string, scale: string, bias: string): string {
  return g.node('LayerNormalization', [x, scale, bias], { axis: { int: -1 }, epsilon: { float: LAYER_NORM_EPS } }, 'ln');
}

function linear(g: OnnxGraphBuilder, x: string, w: string, b: string): string {
  return g.node('Add', [g.node('MatMul', [x, w]), b], {}, 'linear');
}

/** Tensors every attention layer shares, created once. */
interface AttentionConstants {
  /** [seq, seq] additive causal mask: 0 on and below the diagonal. */
  mask: string;
  qkvSplit: string;
  splitHeads: string;
  mergeHeads: string;
  scoreScale: string;
}

function attentionConstants(g: OnnxGraphBuilder, config: GptConfig, seqLength: string): AttentionConstants {
  const { dModel: d, heads, contextLength: context } = config;
  const full = new Float32Array(context * context);
  for (let i = 0; i < context; i++) full.fill(MASKED_SCORE, i * context + i + 1, (i + 1) * context);
  const ends = g.node('Concat', [seqLength, seqLength], { axis: { int: 0 } }, 'mask_ends');
  return {
    mask: g.node('Slice', [g.floats('causal_mask', [context, context], full), g.int64s('mask_starts', [0, 0]), ends], {}, 'mask'),
    qkvSplit: g.int64s('qkv_split', [d, d, d]),
    splitHeads: g.int64s('split_heads', [0, 0, heads, d / heads]),
    mergeHeads: g.int64s('merge_heads', [0, 0, d]),
    scoreScale: g.floats('score_scale', [], Float32Array.of(Math.sqrt(d / heads))),
  };
}

/** Causal multi-head self-attention, written out: split heads, scaled scores, mask, softmax, merge. */
function attention(g: OnnxGraphBuilder, c: AttentionConstants, x: string, p: (name: string) => string): string {
  const qkv = linear(g, x, p('attn.c_attn.weight'), p('attn.c_attn.bias'));
  const [q, k, v] = g.nodeOutputs('Split', [qkv, c.qkvSplit], 3, { axis: { int: -1 } }, 'qkv');
  // [batch, seq, d] -> [batch, seq, heads, headDim] -> permuted to put heads second.
  const toHeads = (t: string, perm: number[]): string => g.node('Transpose', [g.node('Reshape', [t, c.splitHeads])], { perm: { ints: perm } });
  const scores = g.node('MatMul', [toHeads(q, [0, 2, 1, 3]), toHeads(k, [0, 2, 3, 1])], {}, 'scores');
  const scaled = g.node('Div', [scores, c.scoreScale]);
  const weights = g.node('Softmax', [g.node('Add', [scaled, c.mask], {}, 'masked_scores')], { axis: { int: -1 } }, 'attention_weights');
  const merged = g.node('Transpose', [g.node('MatMul', [weights, toHeads(v, [0, 2, 1, 3])])], { perm: { ints: [0, 2, 1, 3] } });
  return linear(g, g.node('Reshape', [merged, c.mergeHeads]), p('attn.c_proj.weight'), p('attn.c_proj.bias'));
}
