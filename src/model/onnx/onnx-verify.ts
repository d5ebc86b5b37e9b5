import type { RowGrammar } from './onnx-sidecar';

/**
 * `rows` random token sequences that follow the row grammar (BOS, every column once in a random
 * order with a legal value, EOS): inputs for a parity check when no real rows are at hand.
 */
export function randomGrammarRows(grammar: RowGrammar, rows: number, random: () => number): { tokens: Uint32Array; seqLen: number } {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const sequences = Array.from({ length: rows }, () => {
    const columns = [...grammar.columns];
    const out = [grammar.bos];
    while (columns.length) {
      const [column] = columns.splice(Math.floor(random() * columns.length), 1);
      out.push(column.nameToken);
      const first = pick(column.valueSlots[0]);
      out.push(first, ...column.valueSlots.slice(1).map((slot) => (first === column.naToken ? first : pick(slot))));
    }
    return [...out, grammar.eos];
  });
  return { tokens: Uint32Array.from(sequences.flat()), seqLen: sequences[0].length };
}

export interface LogitComparison {
  maxAbsDiff: number;
  maxAbsLogit: number;
}

export function compareLogits(got: ArrayLike<number>, want: ArrayLike<number>): LogitComparison {
  if (got.length !== want.length) throw new Error(`Logit comparison: ${got.length} values against ${want.length}.`);
  let maxAbsDiff = 0;
  let maxAbsLogit = 0;
  for (let i = 0; i < got.length; i++) {
    maxAbsDiff = Math.max(maxAbsDiff, Math.abs(got[i] - want[i]));
    maxAbsLogit = Math.max(maxAbsLogit, Math.abs(want[i]));
  }
  return { maxAbsDiff, maxAbsLogit };
}

/**
 * The normwise tolerance of an f32 forward against float64: n·u with n = 4·dModel, the longest
 * reduction (the MLP projection), as in gpt-model.test.ts. Measured errors are 20-30x smaller;
 * a wrong op (the erf GELU instead of the tanh one, a missing mask) is 10x larger or more.
 */
export function f32ForwardTolerance(dModel: number, maxAbsLogit: number): number {
  return 4 * dModel * 2 ** -24 * maxAbsLogit;
}
