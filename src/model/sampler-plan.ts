import { createRng, randomPermutation } from '../data/rng';
import { NONE, SLOT_WORDS } from '../kernels/sample-pick';
import { pcgHash } from '../kernels/sample-rng';

export const BOS = 0;
export const EOS = 1;

/** What the plan needs of a codec column (RowCodec's columns satisfy it). */
export interface PlanColumn {
  name: string;
  nameToken: number;
  width: number;
  /** Legal token ids [lo, hi) of each value position. */
  valueRanges: ReadonlyArray<{ lo: number; hi: number }>;
  /** -1 when the column has no NA token. */
  naToken: number;
}

export interface PlanCodec {
  seqLen: number;
  columns: readonly PlanColumn[];
}

/** Value tokens of the columns that conditional sampling fixes, by column index. */
export type FixedColumns = ReadonlyMap<number, readonly number[]>;

/** The fixed columns of each row, by the row's global index in the call. */
export type FixedOfRow = (row: number) => FixedColumns;

/** Per batch: the tokens known before sampling (0 where drawn) and one pick slot per position. */
export interface BatchPlan {
  tokens: Uint32Array<ArrayBuffer>;
  slots: Uint32Array<ArrayBuffer>;
  /** Whether some row of the batch draws the token at each position. */
  drawn: boolean[];
}

/** The column order of one row: fixed columns first, each group uniformly shuffled, seeded per (seed, row). */
export function rowOrder(columns: number, fixed: FixedColumns, seed: number, row: number): number[] {
  const rng = createRng(pcgHash((seed ^ pcgHash(row)) >>> 0) | 0);
  const first = [...fixed.keys()].sort((a, b) => a - b);
  const rest = Array.from({ length: columns }, (_, c) => c).filter((c) => !fixed.has(c));
  return [...randomPermutation(first.length, rng).map((i) => first[i]), ...randomPermutation(rest.length, rng).map((i) => rest[i])];
}

/** Rows rowBase..rowBase+batch-1 of the stream of this seed. */
export function buildBatchPlan(codec: PlanCodec, fixedOf: FixedOfRow, seed: number, rowBase: number, batch: number): BatchPlan {
  const S = codec.seqLen;
  const tokens = new Uint32Array(batch * S);
  const slots = new Uint32Array(batch * S * SLOT_WORDS).fill(NONE);
  const drawn = new Array<boolean>(S).fill(false);
  const force = (b: number, pos: number, token: number) => {
    tokens[b * S + pos] = token;
    slots[(b * S + pos) * SLOT_WORDS] = token;
  };
  for (let b = 0; b < batch; b++) {
    force(b, 0, BOS);
    const fixed = fixedOf(rowBase + b);
    let pos = 1;
    for (const c of rowOrder(codec.columns.length, fixed, seed, rowBase + b)) {
      const column = codec.columns[c];
      force(b, pos++, column.nameToken);
      const fixedTokens = fixed.get(c);
      const first = pos;
      for (let p = 0; p < column.width; p++, pos++) {
        if (fixedTokens) {
          force(b, pos, fixedTokens[p]);
          continue;
        }
        const { lo, hi } = column.valueRanges[p];
        const naFollows = column.naToken >= 0 && p > 0;
        slots.set([NONE, lo, hi, naFollows ? first : NONE, naFollows ? column.naToken : NONE], (b * S + pos) * SLOT_WORDS);
        drawn[pos] = true;
      }
    }
    force(b, pos++, EOS);
    if (pos !== S) throw new Error(`Codec inconsistency: its columns fill ${pos} tokens but seqLen is ${S}.`);
  }
  return { tokens, slots, drawn };
}
