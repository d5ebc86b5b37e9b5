import { roundToDecimals } from '../../data/numbers';
import type { RowCodec } from '../../data/row-codec';
import type { Cell } from '../../data/types';
import type { FixedColumns } from './sampler-plan';

export type Where = Readonly<Record<string, string | number>>;
/** Resolves conditions into the fixed columns' value tokens; throws a clear Error on a bad condition. */
export type WhereResolver = (where: Where) => FixedColumns;

/** Categories an error message lists before "...". */
const LISTED_CATEGORIES = 8;

/**
 * Conditional sampling: the value tokens of each `where` column, encoded by the codec itself. The
 * other cells of the encoded row come from decoding the lowest legal token of every position (a valid
 * row of any codec) and are discarded.
 */
export function createWhereResolver(codec: RowCodec): WhereResolver {
  const specs = codec.toJSON().columns;
  const filler = new Uint32Array(codec.seqLen);
  let at = 1;
  codec.columns.forEach((column) => {
    filler[at++] = column.nameToken;
    for (const range of column.valueRanges) filler[at++] = range.lo;
  });
  filler[at] = codec.EOS;
  const fillerCells: Cell[] = codec.decodeRows(filler, 1).columns.map((column) => column[0]);
  const order = codec.columns.map((_, c) => c);

  function conditionCell(c: number, name: string, value: string | number): Cell {
    const spec = specs[c];
    const condition = `Cannot condition on ${name}=${JSON.stringify(value)}`;
    if (spec.kind === 'categorical') {
      const category = String(value);
      if (spec.categories.includes(category)) return category;
      const listed = spec.categories
        .slice(0, LISTED_CATEGORIES)
        .map((k) => JSON.stringify(k))
        .join(', ');
      const more = spec.categories.length > LISTED_CATEGORIES ? `, ... (${spec.categories.length} in all)` : '';
      throw new Error(`${condition}: "${category}" is not one of the column's categories in the schema. Its categories: ${listed}${more}.`);
    }
    const number = typeof value === 'number' ? value : Number(value.trim());
    if (!Number.isFinite(number) || (typeof value === 'string' && value.trim() === '')) {
      throw new Error(`${condition}: "${name}" is numeric, give a number.`);
    }
    const kept = roundToDecimals(number, spec.decimals);
    if (kept < spec.min || kept > spec.max) {
      throw new Error(`${condition}: the model knows "${name}" only from ${spec.min} to ${spec.max} (the training data's range); give a value in that range.`);
    }
    return kept;
  }

  return (where) => {
    const fixed = new Map<number, number[]>();
    const names = Object.keys(where);
    if (names.length === 0) return fixed;
    const cells = [...fillerCells];
    const indices = names.map((name) => {
      const c = codec.columns.findIndex((column) => column.name === name);
      if (c < 0) throw new Error(`Cannot condition on "${name}": the model has no such column. Columns: ${codec.columns.map((k) => k.name).join(', ')}.`);
      cells[c] = conditionCell(c, name, where[name]);
      return c;
    });
    const tokens = codec.encodeRow(cells, order);
    let pos = 1;
    codec.columns.forEach((column, c) => {
      if (indices.includes(c)) fixed.set(c, Array.from(tokens.subarray(pos + 1, pos + 1 + column.width)));
      pos += 1 + column.width;
    });
    return fixed;
  };
}
