import type { GptConfig } from './config';
import { validateConfig } from './config';
import { OnnxGraphBuilder } from './onnx-graph';
import { buildParamLayout, tensor, type ParamLayout } from './param-layout';

/** Opset 20 is the first with `Gelu` (and its approximate="tanh" form, GPT-2's GELU). */
export const ONNX_OPSET = 20;
export const ONNX_INPUT = 'input_ids';
export const ONNX_OUTPUT = 'logits';
/** GPT-2's LayerNorm epsilon, the one our kernels use. */
export const LAYER_NORM_EPSILON = 1e-5;
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
  if (params.length !== layout.totalFloats) throw new Error(`ONNX export: parameter buffer holds ${params.length} floats, the layout for this config needs ${layout.totalFloats}.`);
  const g = new OnnxGraphBuilder();
  const weight = (name: string): string => {
    const t = tensor(layout, name);
    return g.floats(name, t.shape, params.subarray(t.offset, t.offset + t.size));
  };

  const ids = g.input(ONNX_INPUT, 'int64', ['batch', 'seq']);
  const seqLength = g.node('Shape', [ids], { start: { int: 1 }, end: { int: 2 } }, 'seq_length');
  const zero = g.int64s('zero', [0]);
  const tokens = g.node('Gather', [weight('wte.weight'), ids], { axis: { int: 0 } }, 'token_embedding');
  const positions = g.node('Slice', [weight('wpe.weight'), zero, seqLength, zero], {}, 'position_embedding');
  let x = g.node('Add', [tokens, positions], {}, 'embedding');

  const mask = causalMask(g, config.contextLength, seqLength);
  for (let l = 0; l < config.layers; l++) {
    const p = (name: string): string => weight(`h.${l}.${name}`);
    const attn = attention(g, config, layerNorm(g, x, p('ln_1.weight'), p('ln_1.bias')), mask, p);
    x = g.node('Add', [x, attn], {}, `h${l}_residual_attn`);
    const hidden = g.node('Gelu', [linear(g, layerNorm(g, x, p('ln_2.weight'), p('ln_2.bias')), p('mlp.c_fc.weight'), p('mlp.c_fc.bias'))], { approximate: { string: 'tanh' } });
    x = g.node('Add', [x, linear(g, hidden, p('mlp.c_proj.weight'), p('mlp.c_proj.bias'))], {}, `h${l}_residual_mlp`);
  }
  const final = layerNorm(g, x, weight('ln_f.weight'), weight('ln_f.bias'));
  // Tied head: logits = h · wteᵀ, with the transpose in the graph so wte is stored once.
  const head = g.node('Transpose', [tensor(layout, 'wte.weight').name], { perm: { ints: [1, 0] } }, 'wte_transposed');
  g.node('MatMul', [final, head], {}, ONNX_OUTPUT);
  g.output(ONNX_OUTPUT, 'float', ['batch', 'seq', config.vocabSize]);
  return g.toBinary({ graphName: 'tabgraa_gpt', opset: ONNX_OPSET, producer: 'tabgraa-studio', metadata: { 'tabgraa.config': JSON.stringify(config), ...metadata } });
}

function layerNorm(g: OnnxGraphBuilder, x: string, scale: string, bias: string): string {
  return g.node('LayerNormalization', [x, scale, bias], { axis: { int: -1 }, epsilon: { float: LAYER_NORM_EPSILON } }, 'ln');
}

function linear(g: OnnxGraphBuilder, x: string, w: string, b: string): string {
  return g.node('Add', [g.node('MatMul', [x, w]), b], {}, 'linear');
}

/** [seq, seq] additive mask (0 on and below the diagonal), sliced from a [ctx, ctx] constant. */
function causalMask(g: OnnxGraphBuilder, context: number, seqLength: string): string {
  const full = new Float32Array(context * context);
  for (let i = 0; i < context; i++) full.fill(MASKED_SCORE, i * context + i + 1, (i + 1) * context);
  const ends = g.node('Concat', [seqLength, seqLength], { axis: { int: 0 } }, 'mask_ends');
  return g.node('Slice', [g.floats('causal_mask', [context, context], full), g.int64s('mask_starts', [0, 0]), ends], {}, 'mask');
}

/** Causal multi-head self-attention, written out: split heads, scaled scores, mask, softmax, merge. */
function attention(g: OnnxGraphBuilder, config: GptConfig, x: string, mask: string, p: (name: string) => string): string {
  const { dModel: d, heads } = config;
  const headDim = d / heads;
  const qkv = linear(g, x, p('attn.c_attn.weight'), p('attn.c_attn.bias'));
  const [q, k, v] = g.nodeOutputs('Split', [qkv, g.int64s('qkv_split', [d, d, d])], 3, { axis: { int: -1 } }, 'qkv');
  const splitHeads = g.int64s('split_heads', [0, 0, heads, headDim]);
  const toHeads = (t: string, perm: number[]): string => g.node('Transpose', [g.node('Reshape', [t, splitHeads])], { perm: { ints: perm } });
  const scores = g.node('MatMul', [toHeads(q, [0, 2, 1, 3]), toHeads(k, [0, 2, 3, 1])], {}, 'scores');
  const scaled = g.node('Div', [scores, g.floats('score_scale', [], Float32Array.of(Math.sqrt(headDim)))]);
  const weights = g.node('Softmax', [g.node('Add', [scaled, mask], {}, 'masked_scores')], { axis: { int: -1 } }, 'attention_weights');
  const merged = g.node('Transpose', [g.node('MatMul', [weights, toHeads(v, [0, 2, 1, 3])])], { perm: { ints: [0, 2, 1, 3] } });
  const y = g.node('Reshape', [merged, g.int64s('merge_heads', [0, 0, d])]);
  return linear(g, y, p('attn.c_proj.weight'), p('attn.c_proj.bias'));
}

/** The parameter layout an exported model was built from, for callers that need tensor offsets. */
export function exportedLayout(config: GptConfig): ParamLayout {
  return buildParamLayout(config);
}
