import type { RowCodec } from '../data/row-codec';
import type { Cell } from '../data/types';
import type { FixedColumns } from './sampler-plan';

/**
 * Conditional sampling: the value tokens of each `where` column, encoded by the codec itself. The
 * other cells of the encoded row come from decoding the lowest legal token of every position (a valid
 * row of any codec) and are discarded.
 */
export function resolveWhere(codec: RowCodec, where: Record<string, string | number>): FixedColumns {
  const fixed = new Map<number, number[]>();
  const names = Object.keys(where);
  if (names.length === 0) return fixed;
  const filler = new Uint32Array(codec.seqLen);
  let at = 1;
  codec.columns.forEach((column) => {
    filler[at++] = column.nameToken;
    for (const range of column.valueRanges) filler[at++] = range.lo;
  });
  filler[at] = codec.EOS;
  const cells: Cell[] = codec.decodeRows(filler, 1).columns.map((column) => column[0]);
  const indices = names.map((name) => {
    const c = codec.columns.findIndex((column) => column.name === name);
    if (c < 0) throw new Error(`Cannot condition on "${name}": the model has no such column. Columns: ${codec.columns.map((k) => k.name).join(', ')}.`);
    const value = where[name];
    if (typeof cells[c] === 'number') {
      const number = typeof value === 'number' ? value : Number(value.trim());
      if (!Number.isFinite(number) || (typeof value === 'string' && value.trim() === '')) {
        throw new Error(`Cannot condition on ${name}=${JSON.stringify(value)}: "${name}" is numeric, give a number.`);
      }
      cells[c] = number;
    } else {
      cells[c] = String(value);
    }
    return c;
  });
  const tokens = codec.encodeRow(cells, codec.columns.map((_, c) => c));
  let pos = 1;
  codec.columns.forEach((column, c) => {
    if (indices.includes(c)) fixed.set(c, Array.from(tokens.subarray(pos + 1, pos + 1 + column.width)));
    pos += 1 + column.width;
  });
  return fixed;
}
