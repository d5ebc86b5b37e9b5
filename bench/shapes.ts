import type { GptConfig } from '../src/model/config';

export interface MatmulShape {
  name: string;
  M: number;
  N: number;
  K: number;
  transA?: boolean;
  transB?: boolean;
  batch?: number;
  /** How many times one training step runs this product (0: not part of a step). */
  perStep: number;
}

/** The benchmark config of issue 10: the `small` preset, vocab 512, context 64, batch 32. */
export const BENCH_CONFIG: GptConfig = { vocabSize: 512, contextLength: 64, layers: 4, heads: 4, dModel: 128 };
export const BENCH_BATCH = 32;

export const SQUARE_SHAPES: MatmulShape[] = [
  { name: 'square 512³', M: 512, N: 512, K: 512, perStep: 0 },
  { name: 'square 1024³', M: 1024, N: 1024, K: 1024, perStep: 0 },
];

/**
 * Every matmul of one training step (forward, then backward dX and dW) at `tokens` rows; linear
 * weights are [in, out] (y = x·W), the tied head uses wte [vocab, d] as Wᵀ. Attention's products
 * are batched over (sequence, head) as attention.ts runs them: q·kᵀ and dout·vᵀ (seqLen² scores),
 * p·v and ds·k (scores times a head), dsᵀ·q and pᵀ·dout (the same, transposed scores).
 */
export function modelMatmulShapes(config: GptConfig, batch: number): MatmulShape[] {
  const T = batch * config.contextLength;
  const d = config.dModel;
  const L = config.layers;
  const V = config.vocabSize;
  const ctx = config.contextLength;
  const hd = d / config.heads;
  const bh = batch * config.heads;
  const linears: Array<[string, number, number]> = [
    ['qkv', d, 3 * d],
    ['attn proj', d, d],
    ['mlp fc', d, 4 * d],
    ['mlp proj', 4 * d, d],
  ];
  const shapes: MatmulShape[] = [];
  for (const [name, fanIn, fanOut] of linears) {
    shapes.push(
      { name: `${name} fwd`, M: T, N: fanOut, K: fanIn, perStep: L },
      { name: `${name} dX`, M: T, N: fanIn, K: fanOut, transB: true, perStep: L },
      { name: `${name} dW`, M: fanIn, N: fanOut, K: T, transA: true, perStep: L },
    );
  }
  shapes.push(
    { name: 'head fwd (x·wteᵀ)', M: T, N: V, K: d, transB: true, perStep: 1 },
    { name: 'head dX', M: T, N: d, K: V, perStep: 1 },
    { name: 'head dWte', M: V, N: d, K: T, transA: true, perStep: 1 },
    { name: 'attn Q·Kᵀ', M: ctx, N: ctx, K: hd, transB: true, batch: bh, perStep: 2 * L },
    { name: 'attn P·V', M: ctx, N: hd, K: ctx, batch: bh, perStep: 2 * L },
    { name: 'attn Pᵀ·X', M: ctx, N: hd, K: ctx, transA: true, batch: bh, perStep: 2 * L },
  );
  return shapes;
}

export function shapeFlops(s: Pick<MatmulShape, 'M' | 'N' | 'K' | 'batch'>): number {
  return 2 * s.M * s.N * s.K * (s.batch ?? 1);
}

/** Matmul FLOPs of one training step (elementwise work is not counted, as is usual for MFU). */
export function trainStepFlops(config: GptConfig, batch: number): number {
  return modelMatmulShapes(config, batch).reduce((sum, s) => sum + shapeFlops(s) * s.perStep, 0);
}
