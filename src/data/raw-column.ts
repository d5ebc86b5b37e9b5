import { decimalsOf } from './numbers';

/**
 * A column as ingest keeps it, before a schema types it: typed arrays, not an array of strings per
 * row. Text is dictionary-coded (4 bytes a cell; every distinct text stored once). A column of
 * numbers with too many distinct values for a dictionary keeps the numbers themselves (8 bytes a
 * cell) and the most decimals any of its cells was written with.
 */
export interface TextColumn {
  kind: 'text';
  length: number;
  /** codes[r]: 0 for a missing cell, else 1 + the index of its text in `values`. */
  codes: Uint32Array;
  /** Distinct texts in order of first appearance. */
  values: string[];
}

export interface NumberColumn {
  kind: 'number';
  length: number;
  /** NaN for a missing cell. */
  values: Float64Array;
  /** Most digits after the decimal point any cell was written with. */
  decimals: number;
}

export type RawColumn = TextColumn | NumberColumn;

/** The parsed file: header in file order, one raw column per name. */
export interface RawTable {
  header: string[];
  columns: RawColumn[];
}

export function cellText(column: RawColumn, row: number): string | null {
  if (column.kind === 'number') {
    const value = column.values[row];
    return Number.isNaN(value) ? null : String(value);
  }
  const code = column.codes[row];
  return code === 0 ? null : column.values[code - 1];
}

/** The first `count` cells (or all) as text; null where missing. */
export function columnTexts(column: RawColumn, count = column.length): (string | null)[] {
  return Array.from({ length: Math.min(count, column.length) }, (_, r) => cellText(column, r));
}

/** A text column from plain cells (tests, small tables made in code). */
export function textColumn(cells: ReadonlyArray<string | null>): TextColumn {
  const index = new Map<string, number>();
  const values: string[] = [];
  const codes = new Uint32Array(cells.length);
  cells.forEach((cell, r) => {
    if (cell === null) return;
    let code = index.get(cell);
    if (code === undefined) {
      code = values.push(cell);
      index.set(cell, code);
    }
    codes[r] = code;
  });
  return { kind: 'text', length: cells.length, codes, values };
}

/** A number column from numeric texts, as ingest keeps a wide one (tests). */
export function numberColumn(cells: ReadonlyArray<string | null>): NumberColumn {
  const values = Float64Array.from(cells, (cell) => (cell === null ? NaN : Number(cell)));
  const decimals = cells.reduce((most, cell) => (cell === null ? most : Math.max(most, decimalsOf(cell))), 0);
  return { kind: 'number', length: cells.length, values, decimals };
}
