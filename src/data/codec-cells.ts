import { formatNumber, isNumberText, roundToDecimals } from './numbers';
import { quoteForMessage } from './quote-for-message';
import { cellText, columnTexts, type RawTable, textColumn } from './raw-column';
import type { RowCodec } from './row-codec';
import type { Cell, Table } from './types';

export const CELL_OK = 0;
export const CELL_MISSING = 1;
/** A cell the model cannot represent: an unknown category, text in a numeric column, a number out of range. */
export const CELL_INVALID = 2;

export interface CellProblem {
  /** 0-based data row. */
  row: number;
  column: string;
  value: string;
  reason: string;
}

/** A user's table read against a trained model's codec, column by column in the codec's order. */
export interface CodecCells {
  rows: number;
  /** columns[c][r]: the typed cell of codec column c; null where missing or invalid. */
  columns: Cell[][];
  /** status[r · C + c]: CELL_OK, CELL_MISSING or CELL_INVALID. */
  status: Uint8Array;
  /** One entry per invalid cell, in row order. */
  problems: CellProblem[];
}

/**
 * Types every cell of `raw` (as ingest keeps it; any column order, extra columns ignored) as the
 * codec's schema says, and reports instead of guessing: an unknown category, text in a numeric
 * column or a number outside the trained range is marked invalid with the reason.
 */
export function readCodecCells(raw: RawTable, codec: RowCodec): CodecCells {
  const specs = codec.toJSON().columns;
  const missingColumns = specs.filter((spec) => !raw.header.includes(spec.name)).map((spec) => quoteForMessage(spec.name));
  if (missingColumns.length > 0) {
    throw new Error(
      `The table lacks the column(s) ${missingColumns.join(', ')} that the model was trained on: use a file with the same columns as the training table.`,
    );
  }
  const rows = raw.columns[0]?.length ?? 0;
  const C = specs.length;
  const status = new Uint8Array(rows * C);
  const problems: CellProblem[] = [];
  const columns = specs.map((spec, c) => {
    const source = raw.columns[raw.header.indexOf(spec.name)];
    const categories = spec.kind === 'categorical' ? new Set(spec.categories) : undefined;
    return Array.from({ length: rows }, (_, r): Cell => {
      const cell = cellText(source, r);
      const invalid = (reason: string) => {
        status[r * C + c] = CELL_INVALID;
        problems.push({ row: r, column: spec.name, value: cell ?? '', reason });
        return null;
      };
      if (cell === null) {
        status[r * C + c] = CELL_MISSING;
        return null;
      }
      const text = cell.trim();
      if (spec.kind === 'categorical') {
        return categories!.has(text)
          ? text
          : invalid(`${quoteForMessage(text)} is not a category the model was trained on (${describeCategories(spec.categories)}).`);
      }
      if (!isNumberText(text)) return invalid(`${quoteForMessage(text)} is not a number, but the column is numeric.`);
      const value = roundToDecimals(Number(text), spec.decimals);
      if (value < spec.min || value > spec.max) return invalid(`${text} is outside the range the model was trained on (${spec.min} to ${spec.max}).`);
      return value;
    });
  });
  problems.sort((a, b) => a.row - b.row);
  return { rows, columns, status, problems };
}

function describeCategories(categories: string[]): string {
  const shown = categories
    .slice(0, 8)
    .map((c) => quoteForMessage(c))
    .join(', ');
  return categories.length > 8 ? `${shown}, … ${categories.length} in all` : shown;
}

/** The cells of row r in codec column order. */
export function rowCells(cells: CodecCells, r: number): Cell[] {
  return cells.columns.map((column) => column[r]);
}

/** A typed table as raw text columns (e.g. a holdout already typed by the run's schema). */
export function rawOf(table: Table): RawTable {
  return { header: [...table.header], columns: table.columns.map((column) => textColumn(column.map((cell) => (cell === null ? null : String(cell))))) };
}

/** Some rows of a raw table, in the order given. */
export function rawRows(raw: RawTable, rows: readonly number[]): RawTable {
  return { header: [...raw.header], columns: raw.columns.map((column) => textColumn(rows.map((r) => cellText(column, r)))) };
}

/** A table of text cells (null: missing), e.g. a user's table to write back out. */
export interface TextTable {
  header: string[];
  columns: Array<Array<string | null>>;
}

/** A raw table's cells as text, for writing it back out. */
export function rawTexts(raw: RawTable): TextTable {
  return { header: [...raw.header], columns: raw.columns.map((column) => columnTexts(column)) };
}

/** The raw table as text with cells filled in (keyed by row · C + codec column), numbers at their column's precision. */
export function filledTexts(raw: RawTable, codec: RowCodec, fills: ReadonlyMap<number, Cell>): TextTable {
  const table = rawTexts(raw);
  const specs = codec.toJSON().columns;
  const C = specs.length;
  const sources = specs.map((spec) => raw.header.indexOf(spec.name));
  for (const [key, cell] of fills) {
    const c = key % C;
    const spec = specs[c];
    const text = cell === null ? null : typeof cell === 'number' && spec.kind === 'numeric' ? formatNumber(cell, spec.decimals) : String(cell);
    table.columns[sources[c]][Math.floor(key / C)] = text;
  }
  return table;
}
