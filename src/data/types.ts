/**
 * The shapes every layer agrees on. A table is column-major; after typing with a schema,
 * numeric cells are numbers, categorical cells are strings, and a missing cell is null.
 */
export type Cell = string | number | null;

export interface Table {
  header: string[];
  /** columns[c][r]: one array per column, all of equal length. */
  columns: Cell[][];
}

export type ColumnFlag = 'id-like' | 'constant' | 'high-cardinality' | 'date' | 'all-missing' | 'boolean';

interface ColumnBase {
  name: string;
  /** Share of missing cells in [0, 1]. */
  missingShare: number;
  flags: ColumnFlag[];
  /** Set when the column is left out of the model, with the reason shown to the user. */
  excluded?: string;
}

export interface NumericColumnSchema extends ColumnBase {
  kind: 'numeric';
  integer: boolean;
  /** Digits after the decimal point kept by the codec (0 for integers). */
  decimals: number;
  min: number;
  max: number;
}

export interface CategoricalColumnSchema extends ColumnBase {
  kind: 'categorical';
  categories: string[];
  counts: number[];
}

export type ColumnSchema = NumericColumnSchema | CategoricalColumnSchema;

export type Task = 'classification' | 'regression';

/** A plain JSON object, saved with every run. */
export interface Schema {
  version: 1;
  rowCount: number;
  columns: ColumnSchema[];
  target?: string;
  task?: Task;
}
