import { createAttentionBackward, createAttentionForward } from '../kernels/attention';
import { createColumnSum } from '../kernels/column-sum';
import { createTokenLogProbs, createWeightedCrossEntropyBackward, createWeightedLoss, type TokenShape } from '../kernels/cross-entropy';
import type { StepOp } from '../kernels/dispatch';
import { createEmbeddingBackward, createEmbeddingForward } from '../kernels/embedding';
import { createGeluBackward, createGeluForward } from '../kernels/gelu';
import { createLayerNormBackward, createLayerNormForward } from '../kernels/layernorm';
import type { GptModel } from './gpt-model';
import { assertPlanFits } from './model-limits';

export interface BatchPlanOptions {
  batch: number;
  seqLen: number;
  /** Targets with id >= valueTokenStart count in log-probs and losses (0: all). */
  valueTokenStart: number;
  /** Parameter set to run (default: the model's own); e.g. the frozen reference. */
  params?: GPUBuffer;
  /** Allocate and record the backward (gradients of Σ_b rowWeights[b]·logπ(y_b) into model.grads). */
  backward: boolean;
}

/**
 * One batch shape of the GPT, recorded once: every activation allocated here, every dispatch built
 * here, replayed each step. A training step is ONE submit:
 * [...plan.forward, <objective writing rowWeights>, ...plan.backward, ...adamw.ops].
 */
export interface BatchPlan {
  batch: number;
  seqLen: number;
  valueTokenStart: number;
  /** u32 [batch·seqLen]; write with queue.writeBuffer before submitting. */
  tokens: GPUBuffer;
  /** f32 [batch]: g_b = dL/dlogπ(y_b), read by the backward. */
  rowWeights: GPUBuffer;
  /** f32 [batch]: logπ(y_b), the sum of counted token log-probs, written by the forward. */
  rowLogProbs: GPUBuffer;
  /** f32 [1]: Σ_b rowWeights[b]·rowLogProbs[b], written by the backward (SFT: mean NLL). */
  weightedLoss: GPUBuffer;
  /** f32 [batch·seqLen, vocab]; position t predicts token t+1. */
  logits: GPUBuffer;
  forward: StepOp[];
  backward: StepOp[];
}

interface LayerActivations {
  ln1: GPUBuffer;
  ln1Stats: GPUBuffer;
  qkv: GPUBuffer;
  probs: GPUBuffer;
  attention: GPUBuffer;
  /** Residual stream after attention. */
  mid: GPUBuffer;
  ln2: GPUBuffer;
  ln2Stats: GPUBuffer;
  fc: GPUBuffer;
  gelu: GPUBuffer;
  /** Residual stream after the MLP (written by the next LayerNorm's fused add). */
  out: GPUBuffer;
}

export function createBatchPlan(model: GptModel, options: BatchPlanOptions): BatchPlan {
  const { config, rt } = model;
  const { batch, seqLen, valueTokenStart } = options;
  if (!Number.isInteger(batch) || batch < 1) throw new Error(`Batch plan: batch must be a positive integer, got ${batch}.`);
  if (!Number.isInteger(seqLen) || seqLen < 2 || seqLen > config.contextLength) {
    throw new Error(`Batch plan: seqLen must be an integer in 2..${config.contextLength} (the model's context), got ${seqLen}.`);
  }
  if (!Number.isInteger(valueTokenStart) || valueTokenStart < 0 || valueTokenStart >= config.vocabSize) {
    throw new Error(`Batch plan: valueTokenStart must be in 0..${config.vocabSize - 1}, got ${valueTokenStart}.`);
  }
  assertPlanFits(config, batch, seqLen, rt.device.limits);

  const d = config.dModel;
  const V = config.vocabSize;
  const rows = batch * seqLen;
  const params = options.params ?? model.params;
  const grads = model.grads;
  const floats = (label: string, count: number) => rt.arena.storage(label, count * 4);
  const activation = (label: string, width: number) => floats(label, rows * width);
  const probsFloats = batch * config.heads * seqLen * seqLen;
  const p = (name: string) => model.bind(name, params);
  const g = (name: string) => model.bind(name, grads);
  const ln = (prefix: string) => model.bindLayerNorm(prefix, params);
  const lnShape = (prefix: string) => ({ rows, dim: d, betaOffset: ln(prefix).betaOffset });
  const attnShape = { batch, seqLen, heads: config.heads, headDim: d / config.heads };
  const tokenShape: TokenShape = { batch, seqLen, vocab: V, valueTokenStart };
  const linear = (a: GPUBuffer, weight: string, c: GPUBuffer, K: number, N: number) =>
    model.matmul(rt, { M: rows, N, K, a: { buffer: a }, b: p(`${weight}.weight`), bias: p(`${weight}.bias`), c: { buffer: c }, label: weight });

  const plan: BatchPlan = {
    batch, seqLen, valueTokenStart,
    tokens: rt.arena.storage('tokens', rows * 4),
    rowWeights: floats('row weights', batch),
    rowLogProbs: floats('row log-probs', batch),
    weightedLoss: floats('weighted loss', 1),
    logits: activation('logits', V),
    forward: [],
    backward: [],
  };

  // ---- forward ----
  const embedded = activation('embedded', d);
  plan.forward.push(createEmbeddingForward(rt, { rows, seqLen, dim: d, positions: config.contextLength }, { tokens: plan.tokens, wte: p('wte.weight'), wpe: p('wpe.weight'), out: embedded }));
  const branch = activation('residual branch', d);
  const layers: LayerActivations[] = [];
  const layerInput = (l: number) => (l === 0 ? embedded : layers[l - 1].out);
  for (let l = 0; l < config.layers; l++) {
    const h = `h.${l}`;
    const a: LayerActivations = {
      ln1: activation(`${h} ln_1`, d), ln1Stats: activation(`${h} ln_1 stats`, 2),
      qkv: activation(`${h} qkv`, 3 * d), probs: floats(`${h} attention probs`, probsFloats), attention: activation(`${h} attention`, d),
      mid: activation(`${h} residual mid`, d), ln2: activation(`${h} ln_2`, d), ln2Stats: activation(`${h} ln_2 stats`, 2),
      fc: activation(`${h} fc`, 4 * d), gelu: activation(`${h} gelu`, 4 * d), out: activation(`${h} residual out`, d),
    };
    // Layer 0 normalises the embedding; later layers first add the previous MLP branch (fused).
    plan.forward.push(createLayerNormForward(rt, lnShape(`${h}.ln_1`), {
      x: l === 0 ? embedded : layers[l - 1].mid,
      residual: l === 0 ? undefined : { delta: branch, sum: layers[l - 1].out },
      out: a.ln1, stats: a.ln1Stats, gammaBeta: ln(`${h}.ln_1`).binding,
    }, `${h}.ln_1`));
    layers.push(a);
    plan.forward.push(
      linear(a.ln1, `${h}.attn.c_attn`, a.qkv, d, 3 * d),
      ...createAttentionForward(rt, model.matmul, attnShape, { qkv: a.qkv, out: a.attention, probs: a.probs }),
      linear(a.attention, `${h}.attn.c_proj`, branch, d, d),
      createLayerNormForward(rt, lnShape(`${h}.ln_2`), {
        x: layerInput(l), residual: { delta: branch, sum: a.mid }, out: a.ln2, stats: a.ln2Stats, gammaBeta: ln(`${h}.ln_2`).binding,
      }, `${h}.ln_2`),
      linear(a.ln2, `${h}.mlp.c_fc`, a.fc, d, 4 * d),
      createGeluForward(rt, rows * 4 * d, { x: a.fc, out: a.gelu }),
      linear(a.gelu, `${h}.mlp.c_proj`, branch, 4 * d, d),
    );
  }
  const last = layers[config.layers - 1];
  const lnf = activation('ln_f', d);
  const lnfStats = activation('ln_f stats', 2);
  const lse = activation('log-sum-exp', 1);
  const tokenLogProbs = activation('token log-probs', 1);
  plan.forward.push(
    createLayerNormForward(rt, lnShape('ln_f'), {
      x: last.mid, residual: { delta: branch, sum: last.out }, out: lnf, stats: lnfStats, gammaBeta: ln('ln_f').binding,
    }, 'ln_f'),
    // Tied head: logits = ln_f · wteᵀ.
    model.matmul(rt, { M: rows, N: V, K: d, transB: true, a: { buffer: lnf }, b: p('wte.weight'), c: { buffer: plan.logits }, label: 'lm head' }),
    ...createTokenLogProbs(rt, tokenShape, { logits: plan.logits, tokens: plan.tokens, lse, tokenLogProbs, rowLogProbs: plan.rowLogProbs }),
  );
  if (!options.backward) return plan;

  // ---- backward: every gradient is overwritten once (wte: head, then += embedding) ----
  const dlogits = activation('dlogits', V);
  const dres = activation('d residual', d);
  const dln = activation('d layernorm out', d);
  const dh = activation('d mlp hidden', 4 * d);
  const datt = activation('d attention', d);
  const dqkv = activation('d qkv', 3 * d);
  const dscores = floats('d attention scores', probsFloats);
  // dX = dY·Wᵀ and dW = Xᵀ·dY (weights are [in, out]); db = column sums of dY.
  const linearBackward = (dy: GPUBuffer, x: GPUBuffer, weight: string, dx: GPUBuffer, inDim: number, outDim: number): StepOp[] => [
    model.matmul(rt, { M: rows, N: inDim, K: outDim, transB: true, a: { buffer: dy }, b: p(`${weight}.weight`), c: { buffer: dx }, label: `${weight} dx` }),
    model.matmul(rt, { M: inDim, N: outDim, K: rows, transA: true, a: { buffer: x }, b: { buffer: dy }, c: g(`${weight}.weight`), label: `${weight} dW` }),
    createColumnSum(rt, rows, outDim, { m: dy, out: g(`${weight}.bias`) }, `${weight} db`),
  ];
  const layerNormBackward = (prefix: string, dout: GPUBuffer, x: GPUBuffer, stats: GPUBuffer, accumulate: boolean) =>
    createLayerNormBackward(rt, lnShape(prefix), {
      dout, x, stats, gammaBeta: ln(prefix).binding, dx: dres, dGammaBeta: model.bindLayerNorm(prefix, grads).binding, accumulate,
    }, `${prefix} backward`);

  plan.backward.push(
    createWeightedLoss(rt, tokenShape, { rowWeights: plan.rowWeights, rowLogProbs: plan.rowLogProbs, loss: plan.weightedLoss }),
    createWeightedCrossEntropyBackward(rt, tokenShape, { logits: plan.logits, tokens: plan.tokens, lse, rowWeights: plan.rowWeights, dlogits }),
    model.matmul(rt, { M: rows, N: d, K: V, a: { buffer: dlogits }, b: p('wte.weight'), c: { buffer: dln }, label: 'lm head dx' }),
    model.matmul(rt, { M: V, N: d, K: rows, transA: true, a: { buffer: dlogits }, b: { buffer: lnf }, c: g('wte.weight'), label: 'lm head dW' }),
    ...layerNormBackward('ln_f', dln, last.out, lnfStats, false),
  );
  for (let l = config.layers - 1; l >= 0; l--) {
    const h = `h.${l}`;
    const a = layers[l];
    plan.backward.push(
      ...linearBackward(dres, a.gelu, `${h}.mlp.c_proj`, dh, 4 * d, d),
      createGeluBackward(rt, rows * 4 * d, { x: a.fc, grad: dh }),
      ...linearBackward(dh, a.ln2, `${h}.mlp.c_fc`, dln, d, 4 * d),
      ...layerNormBackward(`${h}.ln_2`, dln, a.mid, a.ln2Stats, true),
      ...linearBackward(dres, a.attention, `${h}.attn.c_proj`, datt, d, d),
      ...createAttentionBackward(rt, model.matmul, attnShape, { dout: datt, qkv: a.qkv, probs: a.probs, dscores, dqkv }),
      ...linearBackward(dqkv, a.ln1, `${h}.attn.c_attn`, dln, d, 3 * d),
      ...layerNormBackward(`${h}.ln_1`, dln, layerInput(l), a.ln1Stats, true),
    );
  }
  plan.backward.push(...createEmbeddingBackward(rt, { rows, seqLen, dim: d, positions: config.contextLength }, { tokens: plan.tokens, dout: dres, dwte: g('wte.weight'), dwpe: g('wpe.weight') }));
  return plan;
}
