/**
 * float64 reference of every layer of the GPT, forward and backward side by side (llm.c style).
 * The test oracle for the WGSL kernels; never used for training. Row-major everywhere.
 */
import type { AdamWHyper } from './adamw';

type Floats = ArrayLike<number>;

/** As EPS in layernorm.wgsl (GPT-2's value). */
export const LAYER_NORM_EPS = 1e-5;

/** y = LN(x)·gamma + beta over rows of width d; stats hold (mean, rstd) per row. */
export function layerNormForward(x: Floats, rows: number, d: number, gamma: Floats, beta: Floats) {
  const y = new Float64Array(rows * d);
  const mean = new Float64Array(rows);
  const rstd = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let m = 0;
    for (let j = 0; j < d; j++) m += x[r * d + j];
    m /= d;
    let v = 0;
    for (let j = 0; j < d; j++) v += (x[r * d + j] - m) ** 2;
    const s = 1 / Math.sqrt(v / d + LAYER_NORM_EPS);
    for (let j = 0; j < d; j++) y[r * d + j] = (x[r * d + j] - m) * s * gamma[j] + beta[j];
    mean[r] = m;
    rstd[r] = s;
  }
  return { y, mean, rstd };
}

export function layerNormBackward(dy: Floats, x: Floats, mean: Floats, rstd: Floats, gamma: Floats, rows: number, d: number) {
  const dx = new Float64Array(rows * d);
  const dgamma = new Float64Array(d);
  const dbeta = new Float64Array(d);
  for (let r = 0; r < rows; r++) {
    let sumG = 0;
    let sumGX = 0;
    for (let j = 0; j < d; j++) {
      const xhat = (x[r * d + j] - mean[r]) * rstd[r];
      const g = dy[r * d + j] * gamma[j];
      sumG += g;
      sumGX += g * xhat;
      dgamma[j] += dy[r * d + j] * xhat;
      dbeta[j] += dy[r * d + j];
    }
    for (let j = 0; j < d; j++) {
      const xhat = (x[r * d + j] - mean[r]) * rstd[r];
      const g = dy[r * d + j] * gamma[j];
      dx[r * d + j] = rstd[r] * (g - sumG / d - (xhat * sumGX) / d);
    }
  }
  return { dx, dgamma, dbeta };
}

/** y = x·W + b with W stored [in, out]. */
export function linearForward(x: Floats, rows: number, inDim: number, w: Floats, b: Floats | undefined, outDim: number) {
  const y = new Float64Array(rows * outDim);
  for (let r = 0; r < rows; r++) {
    for (let o = 0; o < outDim; o++) {
      let s = b ? b[o] : 0;
      for (let i = 0; i < inDim; i++) s += x[r * inDim + i] * w[i * outDim + o];
      y[r * outDim + o] = s;
    }
  }
  return y;
}

export function linearBackward(dy: Floats, x: Floats, w: Floats, rows: number, inDim: number, outDim: number) {
  const dx = new Float64Array(rows * inDim);
  const dw = new Float64Array(inDim * outDim);
  const db = new Float64Array(outDim);
  for (let r = 0; r < rows; r++) {
    for (let o = 0; o < outDim; o++) {
      const g = dy[r * outDim + o];
      db[o] += g;
      for (let i = 0; i < inDim; i++) {
        dx[r * inDim + i] += g * w[i * outDim + o];
        dw[i * outDim + o] += g * x[r * inDim + i];
      }
    }
  }
  return { dx, dw, db };
}

const GELU_C = Math.sqrt(2 / Math.PI);

/** GPT-2's tanh approximation of GELU. */
export function geluForward(x: Floats): Float64Array {
  const y = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    y[i] = 0.5 * v * (1 + Math.tanh(GELU_C * (v + 0.044715 * v * v * v)));
  }
  return y;
}

export function geluBackward(dy: Floats, x: Floats): Float64Array {
  const dx = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    const t = Math.tanh(GELU_C * (v + 0.044715 * v * v * v));
    const dt = (1 - t * t) * GELU_C * (1 + 3 * 0.044715 * v * v);
    dx[i] = dy[i] * (0.5 * (1 + t) + 0.5 * v * dt);
  }
  return dx;
}

export interface AttentionShape {
  batch: number;
  seqLen: number;
  heads: number;
  headDim: number;
}

/**
 * Causal multi-head attention on GPT-2's packed qkv rows [q | k | v], each d = heads·headDim wide.
 * probs[b, h, t, s] is the softmax row of query t (zero for s > t).
 */
export function attentionForward(qkv: Floats, shape: AttentionShape) {
  const { batch: B, seqLen: T, heads: H, headDim: hd } = shape;
  const d = H * hd;
  const out = new Float64Array(B * T * d);
  const probs = new Float64Array(B * H * T * T);
  const scale = 1 / Math.sqrt(hd);
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < H; h++) {
      for (let t = 0; t < T; t++) {
        const q = (b * T + t) * 3 * d + h * hd;
        const p = ((b * H + h) * T + t) * T;
        let max = -Infinity;
        for (let s = 0; s <= t; s++) {
          const k = (b * T + s) * 3 * d + d + h * hd;
          let dot = 0;
          for (let i = 0; i < hd; i++) dot += qkv[q + i] * qkv[k + i];
          probs[p + s] = dot * scale;
          max = Math.max(max, dot * scale);
        }
        let sum = 0;
        for (let s = 0; s <= t; s++) sum += probs[p + s] = Math.exp(probs[p + s] - max);
        for (let s = 0; s <= t; s++) {
          probs[p + s] /= sum;
          const v = (b * T + s) * 3 * d + 2 * d + h * hd;
          for (let i = 0; i < hd; i++) out[(b * T + t) * d + h * hd + i] += probs[p + s] * qkv[v + i];
        }
      }
    }
  }
  return { out, probs };
}

export function attentionBackward(dout: Floats, qkv: Floats, probs: Floats, shape: AttentionShape): Float64Array {
  const { batch: B, seqLen: T, heads: H, headDim: hd } = shape;
  const d = H * hd;
  const dqkv = new Float64Array(B * T * 3 * d);
  const scale = 1 / Math.sqrt(hd);
  const dp = new Float64Array(T);
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < H; h++) {
      for (let t = 0; t < T; t++) {
        const p = ((b * H + h) * T + t) * T;
        const o = (b * T + t) * d + h * hd;
        let dot = 0;
        for (let s = 0; s <= t; s++) {
          const v = (b * T + s) * 3 * d + 2 * d + h * hd;
          let g = 0;
          for (let i = 0; i < hd; i++) {
            g += dout[o + i] * qkv[v + i];
            dqkv[v + i] += probs[p + s] * dout[o + i];
          }
          dp[s] = g;
          dot += probs[p + s] * g;
        }
        const q = (b * T + t) * 3 * d + h * hd;
        for (let s = 0; s <= t; s++) {
          const ds = probs[p + s] * (dp[s] - dot) * scale;
          const k = (b * T + s) * 3 * d + d + h * hd;
          for (let i = 0; i < hd; i++) {
            dqkv[q + i] += ds * qkv[k + i];
            dqkv[k + i] += ds * qkv[q + i];
          }
        }
      }
    }
  }
  return dqkv;
}

export interface TokenShape {
  batch: number;
  seqLen: number;
  vocab: number;
  /** A target token counts iff its id >= valueTokenStart (0: every token counts). */
  valueTokenStart: number;
}

/** The target predicted at position n (the next token of the row), or -1 when it does not count. */
export function countedTarget(tokens: ArrayLike<number>, n: number, shape: TokenShape): number {
  if (n % shape.seqLen === shape.seqLen - 1) return -1;
  const target = tokens[n + 1];
  return target >= shape.valueTokenStart ? target : -1;
}

/** Log-softmax of every position; the log-prob of each counted target, summed per row. */
export function crossEntropyForward(logits: Floats, tokens: ArrayLike<number>, shape: TokenShape) {
  const { batch: B, seqLen: T, vocab: V } = shape;
  const lse = new Float64Array(B * T);
  const tokenLogProbs = new Float64Array(B * T);
  const rowLogProbs = new Float64Array(B);
  for (let n = 0; n < B * T; n++) {
    let max = -Infinity;
    for (let v = 0; v < V; v++) max = Math.max(max, logits[n * V + v]);
    let sum = 0;
    for (let v = 0; v < V; v++) sum += Math.exp(logits[n * V + v] - max);
    lse[n] = max + Math.log(sum);
    const target = countedTarget(tokens, n, shape);
    if (target >= 0) tokenLogProbs[n] = logits[n * V + target] - lse[n];
    rowLogProbs[Math.floor(n / T)] += tokenLogProbs[n];
  }
  return { lse, tokenLogProbs, rowLogProbs };
}

/** Gradient of L = Σ_i w_i·logπ(y_i): dL/dlogits_t = w_i·(onehot(y_t) − softmax_t) at counted positions. */
export function crossEntropyBackward(logits: Floats, lse: Floats, tokens: ArrayLike<number>, rowWeights: Floats, shape: TokenShape) {
  const { batch: B, seqLen: T, vocab: V } = shape;
  const dlogits = new Float64Array(B * T * V);
  for (let n = 0; n < B * T; n++) {
    const target = countedTarget(tokens, n, shape);
    if (target < 0) continue;
    const w = rowWeights[Math.floor(n / T)];
    for (let v = 0; v < V; v++) {
      dlogits[n * V + v] = w * ((v === target ? 1 : 0) - Math.exp(logits[n * V + v] - lse[n]));
    }
  }
  return dlogits;
}

/**
 * One AdamW step in place (PyTorch semantics: decoupled decay p -= lr·wd·p, bias-corrected moments).
 * decay[i] says whether element i is decayed; step is 1 for the first step.
 */
export function adamwStep(
  params: Float64Array,
  grads: Floats,
  m: Float64Array,
  v: Float64Array,
  decay: ArrayLike<boolean>,
  step: number,
  hyper: AdamWHyper,
): void {
  let normSq = 0;
  for (let i = 0; i < grads.length; i++) normSq += grads[i] * grads[i];
  const clip = hyper.maxGradNorm > 0 ? Math.min(1, hyper.maxGradNorm / (Math.sqrt(normSq) + 1e-6)) : 1;
  const bc1 = 1 - hyper.beta1 ** step;
  const bc2 = 1 - hyper.beta2 ** step;
  for (let i = 0; i < params.length; i++) {
    const g = grads[i] * clip;
    m[i] = hyper.beta1 * m[i] + (1 - hyper.beta1) * g;
    v[i] = hyper.beta2 * v[i] + (1 - hyper.beta2) * g * g;
    const update = m[i] / bc1 / (Math.sqrt(v[i] / bc2) + hyper.eps);
    params[i] -= hyper.lr * (update + (decay[i] ? hyper.weightDecay * params[i] : 0));
  }
}
