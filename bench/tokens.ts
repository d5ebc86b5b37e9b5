import { xorshift32 } from '../src/kernels/xorshift';

/** Seeded random tokens in [0, vocab): the training data of the benchmark, shared by ours and the peer. */
export function randomTokens(count: number, vocab: number, seed = 12345): Int32Array {
  const next = xorshift32(seed);
  return Int32Array.from({ length: count }, () => next() % vocab);
}

/** A batch of `rows` sequences of contextLength + 1 tokens: inputs are [:, :-1], targets [:, 1:]. */
export function trainingBatch(rows: number, contextLength: number, vocab: number, seed = 12345): { inputs: Int32Array; targets: Int32Array } {
  const all = randomTokens(rows * (contextLength + 1), vocab, seed);
  const inputs = new Int32Array(rows * contextLength);
  const targets = new Int32Array(rows * contextLength);
  for (let r = 0; r < rows; r++) {
    const row = all.subarray(r * (contextLength + 1), (r + 1) * (contextLength + 1));
    inputs.set(row.subarray(0, contextLength), r * contextLength);
    targets.set(row.subarray(1), r * contextLength);
  }
  return { inputs, targets };
}
