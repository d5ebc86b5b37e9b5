import { isNumberText, roundToDecimals } from './numbers';
import type { Cell, Schema, Table } from './types';

/**
 * The typed table the codec, evaluation and export work on: numbers (at the column's precision)
 * for numeric columns, strings for categorical ones, null for missing; excluded columns dropped;
 * header in the schema's (the file's) order.
 */
export function applySchema(raw: Table, schema: Schema): Table {
  const header: string[] = [];
  const columns: Cell[][] = [];
  for (const column of schema.columns) {
    if (column.excluded) continue;
    const source = raw.header.indexOf(column.name);
    if (source < 0) {
      throw new Error(`The table has no column "${column.name}", which the schema expects: use a file with the same columns.`);
    }
    header.push(column.name);
    columns.push(
      raw.columns[source].map((cell, row) => {
        if (cell === null) return null;
        if (column.kind === 'categorical') return String(cell);
        const value = typeof cell === 'number' ? cell : isNumberText(cell.trim()) ? Number(cell) : NaN;
        if (!Number.isFinite(value)) {
          throw new Error(
            `Column "${column.name}", row ${row + 1}: "${cell}" is not a number, but the schema says the column is numeric. Mark the value as missing or make the column categorical.`,
          );
        }
        return roundToDecimals(value, column.decimals);
      }),
    );
  }
  return { header, columns };
}
