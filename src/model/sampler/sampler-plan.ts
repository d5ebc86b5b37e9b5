import { createRng, randomPermutation } from '../../data/rng';
import type { ColumnOrder } from '../../data/row-codec';
import { NONE, SLOT_WORDS } from '../../kernels/sample-pick';
import { pcgHash } from '../../kernels/sample-rng';

export const BOS = 0;
export const EOS = 1;

/** A numeric column's lowest and highest legal magnitude under one sign, digit by digit (most significant first). */
export interface SignBounds {
  low: readonly number[];
  high: readonly number[];
}

/** The magnitudes a numeric column may draw under each sign (null: that sign is illegal). */
export interface NumberBounds {
  /** A sign position ('+', '-') precedes the digits. */
  signed: boolean;
  plus: SignBounds | null;
  minus: SignBounds | null;
}

/** What the plan needs of a codec column (planCodec builds it from a RowCodec). */
export interface PlanColumn {
  name: string;
  nameToken: number;
  width: number;
  /** Token ids [lo, hi) of each value position (the first position's NA token included). */
  valueRanges: ReadonlyArray<{ lo: number; hi: number }>;
  /** -1 when the column has no NA token. */
  naToken: number;
  /** Numeric columns: the range their digits must stay in; null for categorical ones. */
  number: NumberBounds | null;
}

export interface PlanCodec {
  seqLen: number;
  columns: readonly PlanColumn[];
  /** The order of the columns that no condition fixes. */
  order: ColumnOrder;
}

/** Value tokens of the columns that conditional sampling fixes, by column index. */
export type FixedColumns = ReadonlyMap<number, readonly number[]>;

/** The fixed columns of each row, by the row's global index in the call. */
export type FixedOfRow = (row: number) => FixedColumns;

/** Per batch: the tokens known before sampling (0 where drawn) and one pick slot per position. */
export interface SamplerPlan {
  tokens: Uint32Array<ArrayBuffer>;
  slots: Uint32Array<ArrayBuffer>;
  /** Whether some row of the batch draws the token at each position. */
  drawn: boolean[];
}

/**
 * The column order of one row: fixed columns first, then the rest; under 'random' each group is
 * uniformly shuffled, seeded per (seed, row), under 'table' each keeps the table's order.
 */
export function rowOrder(columns: number, fixed: FixedColumns, seed: number, row: number, order: ColumnOrder): number[] {
  const first = [...fixed.keys()].sort((a, b) => a - b);
  const rest = Array.from({ length: columns }, (_, c) => c).filter((c) => !fixed.has(c));
  if (order === 'table') return [...first, ...rest];
  const rng = createRng(pcgHash((seed ^ pcgHash(row)) >>> 0) | 0);
  return [...randomPermutation(first.length, rng).map((i) => first[i]), ...randomPermutation(rest.length, rng).map((i) => rest[i])];
}

/** Rows rowBase..rowBase+batch-1 of the stream of this seed. */
export function buildSamplerPlan(codec: PlanCodec, fixedOf: FixedOfRow, seed: number, rowBase: number, batch: number): SamplerPlan {
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
    for (const c of rowOrder(codec.columns.length, fixed, seed, rowBase + b, codec.order)) {
      const column = codec.columns[c];
      force(b, pos++, column.nameToken);
      const fixedTokens = fixed.get(c);
      if (fixedTokens) {
        fixedTokens.forEach((token) => force(b, pos++, token));
        continue;
      }
      columnSlots(column, pos).forEach((slot) => {
        slots.set(slot, (b * S + pos) * SLOT_WORDS);
        drawn[pos++] = true;
      });
    }
    force(b, pos++, EOS);
    if (pos !== S) throw new Error(`Codec inconsistency: its columns fill ${pos} tokens but seqLen is ${S}.`);
  }
  return { tokens, slots, drawn };
}

/** The pick slots (struct Slot in sample-pick.wgsl) of a drawn column whose first value token is at `first`. */
function columnSlots(column: PlanColumn, first: number): number[][] {
  const na = column.naToken >= 0 ? column.naToken : NONE;
  const { number } = column;
  return column.valueRanges.map(({ lo, hi }, p) => {
    // The first position lists NA as an extra legal token; later ones copy it.
    const [end, naFrom] = p === 0 ? [na === NONE ? hi : hi - 1, NONE] : [hi, na === NONE ? NONE : first];
    if (!number) return [NONE, lo, end, naFrom, na, NONE, NONE, 0];
    if (number.signed && p === 0) return [NONE, number.plus ? lo : lo + 1, number.minus ? lo + 2 : lo + 1, NONE, na, NONE, NONE, 0];
    const digit = p - (number.signed ? 1 : 0);
    const pack = (bounds: SignBounds | null) => (bounds ? bounds.low[digit] | (bounds.high[digit] << 8) : 0);
    const digitFrom = first + (number.signed ? 1 : 0);
    const minusToken = number.signed ? column.valueRanges[0].lo + 1 : NONE;
    return [NONE, lo, end, naFrom, na, digitFrom, minusToken, (pack(number.plus) | (pack(number.minus) << 16)) >>> 0];
  });
}
