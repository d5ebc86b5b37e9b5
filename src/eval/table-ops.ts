import { type Rng, sampleIndices } from '../data/rng';
import type { Cell, ColumnSchema, Schema, Table } from '../data/types';

export function rowCount(table: Table): number {
  return table.columns.length ? table.columns[0].length : 0;
}

/** The column called `name`, or a clear error naming the table that lacks it. */
export function columnOf(table: Table, name: string, tableName: string): Cell[] {
  const index = table.header.indexOf(name);
  if (index < 0) {
    throw new Error(`the ${tableName} table has no column "${name}" (it has: ${table.header.join(', ')}); give all tables the schema's columns`);
  }
  return table.columns[index];
}

export function takeRows(table: Table, rows: ArrayLike<number>): Table {
  return {
    header: [...table.header],
    columns: table.columns.map((column) => Array.from(rows, (r) => column[r])),
  };
}

/** At most `max` rows drawn without replacement (order kept); the note says what was cut. */
export function capRows(table: Table, max: number, rng: Rng, tableName: string): { table: Table; note?: string } {
  const n = rowCount(table);
  if (n <= max) return { table };
  return { table: takeRows(table, sampleIndices(n, max, rng)), note: `${tableName}: ${max} of ${n} rows` };
}

/** Schema columns used for evaluation: not excluded; each must be present, with typed cells, in every table. */
export function evaluationColumns(schema: Schema, tables: Record<string, Table>): ColumnSchema[] {
  const columns = schema.columns.filter((c) => !c.excluded);
  if (!columns.length) throw new Error('the schema has no columns to evaluate (all are excluded)');
  for (const [tableName, table] of Object.entries(tables)) {
    if (rowCount(table) === 0) throw new Error(`the ${tableName} table has no rows`);
    for (const column of columns) checkTyped(columnOf(table, column.name, tableName), column, tableName);
  }
  return columns;
}

function checkTyped(cells: Cell[], column: ColumnSchema, tableName: string): void {
  const want = column.kind === 'numeric' ? 'number' : 'string';
  for (const cell of cells) {
    if (cell !== null && typeof cell !== want) {
      throw new Error(
        `column "${column.name}" of the ${tableName} table holds ${JSON.stringify(cell)} but the schema says ${column.kind}; type the table with the schema (applySchema) first`,
      );
    }
  }
}
