import { CsvInputError } from './input-error';
import { isNumberText, roundToDecimals } from './numbers';
import { quoteForMessage as q } from './quote-for-message';
import type { RawColumn, RawTable } from './raw-column';
import type { Cell, ColumnSchema, Schema, Table } from './types';

/**
 * The typed table the codec, evaluation and export work on: numbers (at the column's precision)
 * for numeric columns, strings for categorical ones, null for missing; excluded columns dropped;
 * header in the schema's (the file's) order.
 */
export function applySchema(raw: RawTable, schema: Schema): Table {
  const header: string[] = [];
  const columns: Cell[][] = [];
  for (const column of schema.columns) {
    if (column.excluded) continue;
    const source = raw.header.indexOf(column.name);
    if (source < 0) {
      throw new CsvInputError(`The table has no column ${q(column.name)}, which the schema expects: use a file with the same columns.`);
    }
    header.push(column.name);
    columns.push(typedColumn(raw.columns[source], column));
  }
  return { header, columns };
}

function typedColumn(raw: RawColumn, column: ColumnSchema): Cell[] {
  const out = new Array<Cell>(raw.length);
  if (raw.kind === 'number') {
    for (let r = 0; r < raw.length; r++) {
      const value = raw.values[r];
      if (Number.isNaN(value)) out[r] = null;
      else out[r] = column.kind === 'numeric' ? roundToDecimals(value, column.decimals) : String(value);
    }
    return out;
  }
  // Each distinct text is typed once; the cells share the result.
  const byCode: Cell[] = raw.values.map((text, k) => (column.kind === 'categorical' ? text : numberOf(text, raw, k, column)));
  for (let r = 0; r < raw.length; r++) out[r] = raw.codes[r] === 0 ? null : byCode[raw.codes[r] - 1];
  return out;
}

function numberOf(text: string, raw: RawColumn & { kind: 'text' }, code: number, column: ColumnSchema & { kind: 'numeric' }): number {
  const value = isNumberText(text.trim()) ? Number(text) : NaN;
  if (!Number.isFinite(value)) {
    const row = raw.codes.indexOf(code + 1);
    throw new CsvInputError(
      `Column ${q(column.name)}, row ${row + 1}: ${q(text)} is not a number, but the schema says the column is numeric. Mark the value as missing or make the column categorical.`,
    );
  }
  return roundToDecimals(value, column.decimals);
}
