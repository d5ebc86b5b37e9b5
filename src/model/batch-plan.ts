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

/** The forward's activations; B = batch, T = seqLen, d = dModel, H = heads, V = vocab, rows = B·T. */
interface Activations {
  /** [rows, d]: wte[token] + wpe[position]. */
  embedded: GPUBuffer;
  /** [rows, d]: the residual branch each block adds, attention's c_proj output then the MLP's (reused). */
  branch: GPUBuffer;
  blocks: BlockActivations[];
  /** [rows, d] and [rows, 2] (mean, rstd): the final LayerNorm over the last block's output. */
  lnf: GPUBuffer;
  lnfStats: GPUBuffer;
  /** [rows]: log Σ exp(logits) per position, kept for the backward. */
  lse: GPUBuffer;
  /** [rows]: log-prob of the next token where it counts (0 elsewhere). */
  tokenLogProbs: GPUBuffer;
}

interface BlockActivations {
  /** [rows, d] and [rows, 2]: LayerNorm of the block input (which ln_1 writes as out of the previous block). */
  ln1: GPUBuffer;
  ln1Stats: GPUBuffer;
  /** [rows, 3d]: q | k | v. */
  qkv: GPUBuffer;
  /** [B, H, T, T]: causal softmax of the attention scores. */
  probs: GPUBuffer;
  /** [rows, d]: attention output, heads concatenated, before c_proj. */
  attention: GPUBuffer;
  /** [rows, d]: residual stream after attention (input + attention branch). */
  mid: GPUBuffer;
  ln2: GPUBuffer;
  ln2Stats: GPUBuffer;
  /** [rows, 4d]: c_fc output, and its GELU. */
  fc: GPUBuffer;
  gelu: GPUBuffer;
  /** [rows, d]: residual stream after the MLP (written by the next LayerNorm's fused add). */
  out: GPUBuffer;
}

/** The backward's buffers, each reused by every block. */
interface Gradients {
  /** [rows, V]. */
  dlogits: GPUBuffer;
  /** [rows, d]: gradient of the residual stream, carried down through the blocks. */
  dres: GPUBuffer;
  /** [rows, d]: gradient of a LayerNorm output. */
  dln: GPUBuffer;
  /** [rows, 4d]: gradient of the MLP hidden layer (GELU in place). */
  dh: GPUBuffer;
  /** [rows, d]: gradient of the attention output. */
  datt: GPUBuffer;
  /** [rows, 3d]. */
  dqkv: GPUBuffer;
  /** [B, H, T, T]. */
  dscores: GPUBuffer;
}

/** The model, the batch's shapes and the bindings every recorder uses. */
interface PlanContext {
  model: GptModel;
  rt: GptModel['rt'];
  config: GptModel['config'];
  rows: number;
  seqLen: number;
  tokenShape: TokenShape;
  attnShape: { batch: number; seqLen: number; heads: number; headDim: number };
  /** Floats of one attention score tensor, [B, H, T, T]. */
  probsFloats: number;
  floats(label: string, count: number): GPUBuffer;
  /** A [rows, width] activation. */
  activation(label: string, width: number): GPUBuffer;
  /** A parameter of the set this plan runs (the model's own or the frozen reference). */
  p(name: string): GPUBufferBinding;
  /** A gradient (always the model's). */
  g(name: string): GPUBufferBinding;
  ln(prefix: string): ReturnType<GptModel['bindLayerNorm']>;
  lnShape(prefix: string): { rows: number; dim: number; betaOffset: number };
}

export function createBatchPlan(model: GptModel, options: BatchPlanOptions): BatchPlan {
  validateOptions(model, options);
  const ctx = planContext(model, options);
  const { batch, seqLen, valueTokenStart } = options;
  const plan: BatchPlan = {
    batch,
    seqLen,
    valueTokenStart,
    tokens: ctx.rt.arena.storage('tokens', ctx.rows * 4),
    rowWeights: ctx.floats('row weights', batch),
    rowLogProbs: ctx.floats('row log-probs', batch),
    weightedLoss: ctx.floats('weighted loss', 1),
    logits: ctx.activation('logits', model.config.vocabSize),
    forward: [],
    backward: [],
  };
  const acts = allocateActivations(ctx);
  plan.forward = recordForward(ctx, plan, acts);
  if (options.backward) plan.backward = recordBackward(ctx, plan, acts, allocateGradients(ctx));
  return plan;
}

function validateOptions(model: GptModel, { batch, seqLen, valueTokenStart }: BatchPlanOptions): void {
  const { config } = model;
  if (!Number.isInteger(batch) || batch < 1) throw new Error(`Batch plan: batch must be a positive integer, got ${batch}.`);
  if (!Number.isInteger(seqLen) || seqLen < 2 || seqLen > config.contextLength) {
    throw new Error(`Batch plan: seqLen must be an integer in 2..${config.contextLength} (the model's context), got ${seqLen}.`);
  }
  if (!Number.isInteger(valueTokenStart) || valueTokenStart < 0 || valueTokenStart >= config.vocabSize) {
    throw new Error(`Batch plan: valueTokenStart must be in 0..${config.vocabSize - 1}, got ${valueTokenStart}.`);
  }
  assertPlanFits(config, batch, seqLen, model.rt.device.limits);
}

function planContext(model: GptModel, options: BatchPlanOptions): PlanContext {
  const { config, rt } = model;
  const { batch, seqLen, valueTokenStart } = options;
  const rows = batch * seqLen;
  const params = options.params ?? model.params;
  const floats = (label: string, count: number) => rt.arena.storage(label, count * 4);
  const ln = (prefix: string) => model.bindLayerNorm(prefix, params);
  return {
    model,
    rt,
    config,
    rows,
    seqLen,
    tokenShape: { batch, seqLen, vocab: config.vocabSize, valueTokenStart },
    attnShape: { batch, seqLen, heads: config.heads, headDim: config.dModel / config.heads },
    probsFloats: batch * config.heads * seqLen * seqLen,
    floats,
    activation: (label, width) => floats(label, rows * width),
    p: (name) => model.bind(name, params),
    g: (name) => model.bind(name, model.grads),
    ln,
    lnShape: (prefix) => ({ rows, dim: config.dModel, betaOffset: ln(prefix).betaOffset }),
  };
}

function allocateActivations(ctx: PlanContext): Activations {
  const d = ctx.config.dModel;
  const { activation, floats } = ctx;
  const embedded = activation('embedded', d);
  const branch = activation('residual branch', d);
  const blocks = Array.from({ length: ctx.config.layers }, (_, l): BlockActivations => {
    const h = `h.${l}`;
    return {
      ln1: activation(`${h} ln_1`, d),
      ln1Stats: activation(`${h} ln_1 stats`, 2),
      qkv: activation(`${h} qkv`, 3 * d),
      probs: floats(`${h} attention probs`, ctx.probsFloats),
      attention: activation(`${h} attention`, d),
      mid: activation(`${h} residual mid`, d),
      ln2: activation(`${h} ln_2`, d),
      ln2Stats: activation(`${h} ln_2 stats`, 2),
      fc: activation(`${h} fc`, 4 * d),
      gelu: activation(`${h} gelu`, 4 * d),
      out: activation(`${h} residual out`, d),
    };
  });
  return {
    embedded,
    branch,
    blocks,
    lnf: activation('ln_f', d),
    lnfStats: activation('ln_f stats', 2),
    lse: activation('log-sum-exp', 1),
    tokenLogProbs: activation('token log-probs', 1),
  };
}

/** embedding → blocks → ln_f → tied head → per-token and per-row log-probs. */
function recordForward(ctx: PlanContext, plan: BatchPlan, acts: Activations): StepOp[] {
  const { rt, config, model, rows, p } = ctx;
  const d = config.dModel;
  const last = acts.blocks[config.layers - 1];
  return [
    createEmbeddingForward(
      rt,
      { rows, seqLen: ctx.seqLen, dim: d, positions: config.contextLength },
      { tokens: plan.tokens, wte: p('wte.weight'), wpe: p('wpe.weight'), out: acts.embedded },
    ),
    ...acts.blocks.flatMap((_, l) => recordBlockForward(ctx, acts, l)),
    createLayerNormForward(
      rt,
      ctx.lnShape('ln_f'),
      {
        x: last.mid,
        residual: { delta: acts.branch, sum: last.out },
        out: acts.lnf,
        stats: acts.lnfStats,
        gammaBeta: ctx.ln('ln_f').binding,
      },
      'ln_f',
    ),
    // Tied head: logits = ln_f · wteᵀ.
    model.matmul(rt, {
      M: rows,
      N: config.vocabSize,
      K: d,
      transB: true,
      a: { buffer: acts.lnf },
      b: p('wte.weight'),
      c: { buffer: plan.logits },
      label: 'lm head',
    }),
    ...createTokenLogProbs(rt, ctx.tokenShape, {
      logits: plan.logits,
      tokens: plan.tokens,
      lse: acts.lse,
      tokenLogProbs: acts.tokenLogProbs,
      rowLogProbs: plan.rowLogProbs,
    }),
  ];
}

/**
 * Block l: x + attn(ln_1(x)), then + mlp(ln_2(·)). Residual adds are fused into the next LayerNorm:
 * ln_1 of block l > 0 writes the previous block's out = mid + branch, ln_2 writes mid = input + branch.
 */
function recordBlockForward(ctx: PlanContext, acts: Activations, l: number): StepOp[] {
  const { rt, model, rows, config } = ctx;
  const d = config.dModel;
  const h = `h.${l}`;
  const a = acts.blocks[l];
  const previous = l === 0 ? undefined : acts.blocks[l - 1];
  const linear = (x: GPUBuffer, weight: string, c: GPUBuffer, K: number, N: number) =>
    model.matmul(rt, { M: rows, N, K, a: { buffer: x }, b: ctx.p(`${weight}.weight`), bias: ctx.p(`${weight}.bias`), c: { buffer: c }, label: weight });
  return [
    createLayerNormForward(
      rt,
      ctx.lnShape(`${h}.ln_1`),
      {
        x: previous ? previous.mid : acts.embedded,
        residual: previous ? { delta: acts.branch, sum: previous.out } : undefined,
        out: a.ln1,
        stats: a.ln1Stats,
        gammaBeta: ctx.ln(`${h}.ln_1`).binding,
      },
      `${h}.ln_1`,
    ),
    linear(a.ln1, `${h}.attn.c_attn`, a.qkv, d, 3 * d),
    ...createAttentionForward(rt, model.matmul, ctx.attnShape, { qkv: a.qkv, out: a.attention, probs: a.probs }),
    linear(a.attention, `${h}.attn.c_proj`, acts.branch, d, d),
    createLayerNormForward(
      rt,
      ctx.lnShape(`${h}.ln_2`),
      {
        x: blockInput(acts, l),
        residual: { delta: acts.branch, sum: a.mid },
        out: a.ln2,
        stats: a.ln2Stats,
        gammaBeta: ctx.ln(`${h}.ln_2`).binding,
      },
      `${h}.ln_2`,
    ),
    linear(a.ln2, `${h}.mlp.c_fc`, a.fc, d, 4 * d),
    createGeluForward(rt, rows * 4 * d, { x: a.fc, out: a.gelu }),
    linear(a.gelu, `${h}.mlp.c_proj`, acts.branch, 4 * d, d),
  ];
}

/** The residual stream entering block l. */
const blockInput = (acts: Activations, l: number) => (l === 0 ? acts.embedded : acts.blocks[l - 1].out);

function allocateGradients(ctx: PlanContext): Gradients {
  const d = ctx.config.dModel;
  const { activation } = ctx;
  return {
    dlogits: activation('dlogits', ctx.config.vocabSize),
    dres: activation('d residual', d),
    dln: activation('d layernorm out', d),
    dh: activation('d mlp hidden', 4 * d),
    datt: activation('d attention', d),
    dqkv: activation('d qkv', 3 * d),
    dscores: ctx.floats('d attention scores', ctx.probsFloats),
  };
}

/** The forward's mirror: loss → head → ln_f → blocks, last first → embedding. Every gradient is overwritten once (wte: head, then += embedding). */
function recordBackward(ctx: PlanContext, plan: BatchPlan, acts: Activations, grads: Gradients): StepOp[] {
  const { rt, config, model, rows, p, g } = ctx;
  const d = config.dModel;
  const V = config.vocabSize;
  const last = acts.blocks[config.layers - 1];
  return [
    createWeightedLoss(rt, ctx.tokenShape, { rowWeights: plan.rowWeights, rowLogProbs: plan.rowLogProbs, loss: plan.weightedLoss }),
    createWeightedCrossEntropyBackward(rt, ctx.tokenShape, {
      logits: plan.logits,
      tokens: plan.tokens,
      lse: acts.lse,
      rowWeights: plan.rowWeights,
      dlogits: grads.dlogits,
    }),
    model.matmul(rt, { M: rows, N: d, K: V, a: { buffer: grads.dlogits }, b: p('wte.weight'), c: { buffer: grads.dln }, label: 'lm head dx' }),
    model.matmul(rt, { M: V, N: d, K: rows, transA: true, a: { buffer: grads.dlogits }, b: { buffer: acts.lnf }, c: g('wte.weight'), label: 'lm head dW' }),
    ...layerNormBackward(ctx, grads, 'ln_f', last.out, acts.lnfStats, false),
    ...acts.blocks.flatMap((_, i) => recordBlockBackward(ctx, acts, grads, config.layers - 1 - i)),
    ...createEmbeddingBackward(
      rt,
      { rows, seqLen: ctx.seqLen, dim: d, positions: config.contextLength },
      { tokens: plan.tokens, dout: grads.dres, dwte: g('wte.weight'), dwpe: g('wpe.weight') },
    ),
  ];
}

/** Block l backward, from its output gradient in dres down to its input gradient in dres. */
function recordBlockBackward(ctx: PlanContext, acts: Activations, grads: Gradients, l: number): StepOp[] {
  const { rt, model, rows, config } = ctx;
  const d = config.dModel;
  const h = `h.${l}`;
  const a = acts.blocks[l];
  const { dres, dln, dh, datt, dqkv, dscores } = grads;
  return [
    ...linearBackward(ctx, dres, a.gelu, `${h}.mlp.c_proj`, dh, 4 * d, d),
    createGeluBackward(rt, rows * 4 * d, { x: a.fc, grad: dh }),
    ...linearBackward(ctx, dh, a.ln2, `${h}.mlp.c_fc`, dln, d, 4 * d),
    ...layerNormBackward(ctx, grads, `${h}.ln_2`, a.mid, a.ln2Stats, true),
    ...linearBackward(ctx, dres, a.attention, `${h}.attn.c_proj`, datt, d, d),
    ...createAttentionBackward(rt, model.matmul, ctx.attnShape, { dout: datt, qkv: a.qkv, probs: a.probs, dscores, dqkv }),
    ...linearBackward(ctx, dqkv, a.ln1, `${h}.attn.c_attn`, dln, d, 3 * d),
    ...layerNormBackward(ctx, grads, `${h}.ln_1`, blockInput(acts, l), a.ln1Stats, true),
  ];
}

/** dX = dY·Wᵀ and dW = Xᵀ·dY (weights are [in, out]); db = column sums of dY. */
function linearBackward(ctx: PlanContext, dy: GPUBuffer, x: GPUBuffer, weight: string, dx: GPUBuffer, inDim: number, outDim: number): StepOp[] {
  const { rt, model, rows } = ctx;
  return [
    model.matmul(rt, { M: rows, N: inDim, K: outDim, transB: true, a: { buffer: dy }, b: ctx.p(`${weight}.weight`), c: { buffer: dx }, label: `${weight} dx` }),
    model.matmul(rt, { M: inDim, N: outDim, K: rows, transA: true, a: { buffer: x }, b: { buffer: dy }, c: ctx.g(`${weight}.weight`), label: `${weight} dW` }),
    createColumnSum(rt, rows, outDim, { m: dy, out: ctx.g(`${weight}.bias`) }, `${weight} db`),
  ];
}

/** LayerNorm backward from dln into dres (accumulating into dres inside the blocks, where the residual path adds). */
function layerNormBackward(ctx: PlanContext, grads: Gradients, prefix: string, x: GPUBuffer, stats: GPUBuffer, accumulate: boolean): StepOp[] {
  return createLayerNormBackward(
    ctx.rt,
    ctx.lnShape(prefix),
    {
      dout: grads.dln,
      x,
      stats,
      gammaBeta: ctx.ln(prefix).binding,
      dx: grads.dres,
      dGammaBeta: ctx.model.bindLayerNorm(prefix, ctx.model.grads).binding,
      accumulate,
    },
    `${prefix} backward`,
  );
}
