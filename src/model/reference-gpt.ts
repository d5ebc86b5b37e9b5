/**
 * Pure-TypeScript float64 GPT over the flat parameter layout: the test oracle of the WGSL engine
 * (forward, backward of Σ_i w_i·logπ(y_i), AdamW). Reads top to bottom like nanoGPT's model.py.
 */
import type { AdamWHyper } from '../kernels/adamw';
import {
  adamwStep,
  attentionBackward,
  attentionForward,
  countedTarget,
  crossEntropyBackward,
  crossEntropyForward,
  geluBackward,
  geluForward,
  layerNormBackward,
  layerNormForward,
  linearBackward,
  linearForward,
  type TokenShape,
} from '../kernels/reference-ops';
import type { GptConfig } from './config';
import { buildParamLayout, type ParamLayout } from './param-layout';

type Params = Float64Array | Float32Array;

interface LayerCache {
  input: Float64Array;
  ln1: ReturnType<typeof layerNormForward>;
  qkv: Float64Array;
  attention: ReturnType<typeof attentionForward>;
  mid: Float64Array;
  ln2: ReturnType<typeof layerNormForward>;
  fc: Float64Array;
  gelu: Float64Array;
}

export interface ReferenceForward {
  config: GptConfig;
  shape: TokenShape;
  tokens: Uint32Array;
  /** [batch·seqLen, vocab]; position t predicts token t+1. */
  logits: Float64Array;
  /** log-sum-exp of every logits row. */
  lse: Float64Array;
  /** log-prob of each counted target at the position predicting it (0 elsewhere). */
  tokenLogProbs: Float64Array;
  /** Σ of counted token log-probs per row: logπ(y_i). */
  rowLogProbs: Float64Array;
  layers: LayerCache[];
  final: Float64Array;
  lnf: ReturnType<typeof layerNormForward>;
}

function weights(layout: ParamLayout, params: Params, name: string): Float64Array {
  const t = layout.byName.get(name);
  if (!t) throw new Error(`No parameter named "${name}"`);
  return Float64Array.from(params.subarray(t.offset, t.offset + t.size));
}

function add(a: Float64Array, b: Float64Array): Float64Array {
  const sum = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) sum[i] = a[i] + b[i];
  return sum;
}

export function referenceForward(config: GptConfig, params: Params, tokens: Uint32Array, batch: number, seqLen: number, valueTokenStart = 0): ReferenceForward {
  const layout = buildParamLayout(config);
  const w = (name: string) => weights(layout, params, name);
  const d = config.dModel;
  const rows = batch * seqLen;
  const shape: TokenShape = { batch, seqLen, vocab: config.vocabSize, valueTokenStart };
  const shapeAttn = { batch, seqLen, heads: config.heads, headDim: d / config.heads };

  const wte = w('wte.weight');
  const wpe = w('wpe.weight');
  let x: Float64Array = new Float64Array(rows * d);
  for (let n = 0; n < rows; n++) {
    for (let j = 0; j < d; j++) x[n * d + j] = wte[tokens[n] * d + j] + wpe[(n % seqLen) * d + j];
  }

  const layers: LayerCache[] = [];
  for (let l = 0; l < config.layers; l++) {
    const p = (name: string) => w(`h.${l}.${name}`);
    const ln1 = layerNormForward(x, rows, d, p('ln_1.weight'), p('ln_1.bias'));
    const qkv = linearForward(ln1.y, rows, d, p('attn.c_attn.weight'), p('attn.c_attn.bias'), 3 * d);
    const attention = attentionForward(qkv, shapeAttn);
    const mid = add(x, linearForward(attention.out, rows, d, p('attn.c_proj.weight'), p('attn.c_proj.bias'), d));
    const ln2 = layerNormForward(mid, rows, d, p('ln_2.weight'), p('ln_2.bias'));
    const fc = linearForward(ln2.y, rows, d, p('mlp.c_fc.weight'), p('mlp.c_fc.bias'), 4 * d);
    const gelu = geluForward(fc);
    const out = add(mid, linearForward(gelu, rows, 4 * d, p('mlp.c_proj.weight'), p('mlp.c_proj.bias'), d));
    layers.push({ input: x, ln1, qkv, attention, mid, ln2, fc, gelu });
    x = out;
  }

  const lnf = layerNormForward(x, rows, d, w('ln_f.weight'), w('ln_f.bias'));
  // Tied head: logits = lnf · wteᵀ.
  const logits = new Float64Array(rows * config.vocabSize);
  for (let n = 0; n < rows; n++) {
    for (let v = 0; v < config.vocabSize; v++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += lnf.y[n * d + j] * wte[v * d + j];
      logits[n * config.vocabSize + v] = s;
    }
  }
  const ce = crossEntropyForward(logits, tokens, shape);
  return { config, shape, tokens, logits, ...ce, layers, final: x, lnf };
}

export interface ReferenceBackward {
  /** Gradient of L = Σ_i w_i·logπ(y_i) in the flat layout (padding stays 0). */
  grads: Float64Array;
  weightedLoss: number;
  dlogits: Float64Array;
}

export function referenceBackward(params: Params, fwd: ReferenceForward, rowWeights: ArrayLike<number>): ReferenceBackward {
  const { config, shape } = fwd;
  const layout = buildParamLayout(config);
  const w = (name: string) => weights(layout, params, name);
  const grads = new Float64Array(layout.totalFloats);
  const addGrad = (name: string, g: Float64Array) => {
    const t = layout.byName.get(name)!;
    for (let i = 0; i < t.size; i++) grads[t.offset + i] += g[i];
  };
  const d = config.dModel;
  const V = config.vocabSize;
  const rows = shape.batch * shape.seqLen;
  const shapeAttn = { batch: shape.batch, seqLen: shape.seqLen, heads: config.heads, headDim: d / config.heads };

  let weightedLoss = 0;
  for (let b = 0; b < shape.batch; b++) weightedLoss += rowWeights[b] * fwd.rowLogProbs[b];

  const dlogits = crossEntropyBackward(fwd.logits, fwd.lse, fwd.tokens, rowWeights, shape);
  const wte = w('wte.weight');
  const dlnf = new Float64Array(rows * d);
  const dwte = new Float64Array(V * d);
  for (let n = 0; n < rows; n++) {
    for (let v = 0; v < V; v++) {
      const g = dlogits[n * V + v];
      if (g === 0) continue;
      for (let j = 0; j < d; j++) {
        dlnf[n * d + j] += g * wte[v * d + j];
        dwte[v * d + j] += g * fwd.lnf.y[n * d + j];
      }
    }
  }
  const lnfBack = layerNormBackward(dlnf, fwd.final, fwd.lnf.mean, fwd.lnf.rstd, w('ln_f.weight'), rows, d);
  addGrad('ln_f.weight', lnfBack.dgamma);
  addGrad('ln_f.bias', lnfBack.dbeta);
  let dx: Float64Array = lnfBack.dx;

  for (let l = config.layers - 1; l >= 0; l--) {
    const c = fwd.layers[l];
    const name = (n: string) => `h.${l}.${n}`;
    const p = (n: string) => w(name(n));
    const mproj = linearBackward(dx, c.gelu, p('mlp.c_proj.weight'), rows, 4 * d, d);
    addGrad(name('mlp.c_proj.weight'), mproj.dw);
    addGrad(name('mlp.c_proj.bias'), mproj.db);
    const dfc = geluBackward(mproj.dx, c.fc);
    const fc = linearBackward(dfc, c.ln2.y, p('mlp.c_fc.weight'), rows, d, 4 * d);
    addGrad(name('mlp.c_fc.weight'), fc.dw);
    addGrad(name('mlp.c_fc.bias'), fc.db);
    const ln2 = layerNormBackward(fc.dx, c.mid, c.ln2.mean, c.ln2.rstd, p('ln_2.weight'), rows, d);
    addGrad(name('ln_2.weight'), ln2.dgamma);
    addGrad(name('ln_2.bias'), ln2.dbeta);
    const dmid = add(dx, ln2.dx);
    const proj = linearBackward(dmid, c.attention.out, p('attn.c_proj.weight'), rows, d, d);
    addGrad(name('attn.c_proj.weight'), proj.dw);
    addGrad(name('attn.c_proj.bias'), proj.db);
    const dqkv = attentionBackward(proj.dx, c.qkv, c.attention.probs, shapeAttn);
    const qkv = linearBackward(dqkv, c.ln1.y, p('attn.c_attn.weight'), rows, d, 3 * d);
    addGrad(name('attn.c_attn.weight'), qkv.dw);
    addGrad(name('attn.c_attn.bias'), qkv.db);
    const ln1 = layerNormBackward(qkv.dx, c.input, c.ln1.mean, c.ln1.rstd, p('ln_1.weight'), rows, d);
    addGrad(name('ln_1.weight'), ln1.dgamma);
    addGrad(name('ln_1.bias'), ln1.dbeta);
    dx = add(dmid, ln1.dx);
  }

  const dwpe = new Float64Array(config.contextLength * d);
  for (let n = 0; n < rows; n++) {
    const t = n % shape.seqLen;
    for (let j = 0; j < d; j++) {
      dwte[fwd.tokens[n] * d + j] += dx[n * d + j];
      dwpe[t * d + j] += dx[n * d + j];
    }
  }
  addGrad('wte.weight', dwte);
  addGrad('wpe.weight', dwpe);
  return { grads, weightedLoss, dlogits };
}

/** SFT as a weighted objective: every row weighs −1/(counted tokens in the batch), so L is the mean NLL. */
export function sftRowWeights(tokens: ArrayLike<number>, shape: TokenShape): Float64Array {
  let counted = 0;
  for (let n = 0; n < shape.batch * shape.seqLen; n++) if (countedTarget(tokens, n, shape) >= 0) counted++;
  if (counted === 0) throw new Error('SFT batch has no counted token: check valueTokenStart against the vocabulary.');
  return new Float64Array(shape.batch).fill(-1 / counted);
}

/** Per-element decay flags of the flat layout (padding: false). */
export function decayFlags(config: GptConfig): boolean[] {
  const layout = buildParamLayout(config);
  const flags = new Array<boolean>(layout.totalFloats).fill(false);
  for (const t of layout.tensors) for (let i = 0; i < t.size; i++) flags[t.offset + i] = t.decay;
  return flags;
}

/**
 * One AdamW step on the flat buffers, in place. Minimises the weighted objective, so it steps along
 * −grads (SFT's L is the mean NLL, already a loss).
 */
export function referenceAdamW(
  config: GptConfig,
  params: Float64Array,
  grads: ArrayLike<number>,
  m: Float64Array,
  v: Float64Array,
  step: number,
  hyper: AdamWHyper,
): void {
  adamwStep(params, grads, m, v, decayFlags(config), step, hyper);
}
