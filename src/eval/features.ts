import type { Cell, ColumnSchema, Table } from '../data/types';
import { columnOf } from './table-ops';

/** A dense row-major matrix of features; data[r * cols + f]. */
export interface FeatureMatrix {
  data: Float32Array;
  rows: number;
  cols: number;
  names: string[];
  /**
   * Per feature: the number of categories when the feature holds category codes (0, 1, ...;
   * NaN = missing), or 0 for a plain numeric feature. Absent means all numeric.
   */
  categories?: number[];
}

export function isPresent(cell: Cell): cell is string | number {
  return cell !== null && !(typeof cell === 'number' && !Number.isFinite(cell));
}

/** Categories of a column in a fixed order: the schema's first, then any new ones in order of appearance. */
export function categoryDictionary(column: ColumnSchema, tables: Table[]): Map<string, number> {
  const dictionary = new Map<string, number>();
  if (column.kind === 'categorical') for (const c of column.categories) dictionary.set(c, dictionary.size);
  for (const table of tables) {
    for (const cell of columnOf(table, column.name, 'given')) {
      if (isPresent(cell) && !dictionary.has(String(cell))) dictionary.set(String(cell), dictionary.size);
    }
  }
  return dictionary;
}

function hasMissing(column: ColumnSchema, tables: Table[]): boolean {
  return tables.some((t) => columnOf(t, column.name, 'given').some((cell) => !isPresent(cell)));
}

function presentNumbers(column: ColumnSchema, tables: Table[]): Float64Array {
  const values: number[] = [];
  for (const t of tables) for (const cell of columnOf(t, column.name, 'given')) if (isPresent(cell)) values.push(Number(cell));
  return Float64Array.from(values).sort();
}

function quantileSorted(sorted: Float64Array, p: number): number {
  if (!sorted.length) return 0;
  const position = (sorted.length - 1) * p;
  const lo = Math.floor(position);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (position - lo);
}

/** Tree input: numerics as they are, categoricals as codes; NaN = missing. Dictionaries come from `vocabularyFrom`. */
export function fitTreeEncoder(columns: ColumnSchema[], vocabularyFrom: Table[]): (table: Table) => FeatureMatrix {
  const dictionaries = columns.map((c) => (c.kind === 'categorical' ? categoryDictionary(c, vocabularyFrom) : null));
  return (table) => {
    const rows = table.columns.length ? table.columns[0].length : 0;
    const cols = columns.length;
    const data = new Float32Array(rows * cols);
    columns.forEach((column, f) => {
      const cells = columnOf(table, column.name, 'given');
      const dictionary = dictionaries[f];
      for (let r = 0; r < rows; r++) {
        const cell = cells[r];
        // A category outside the dictionary gets the code one past its end: the tree learner's "other" bin.
        data[r * cols + f] = !isPresent(cell) ? NaN : dictionary ? (dictionary.get(String(cell)) ?? dictionary.size) : Number(cell);
      }
    });
    return {
      data,
      rows,
      cols,
      names: columns.map((c) => c.name),
      categories: dictionaries.map((d) => (d ? d.size + 1 : 0)),
    };
  };
}

export type NumericScaling = 'robust' | 'minmax';

interface NumericPlan {
  kind: 'numeric';
  center: number;
  scale: number;
  missingIndicator: boolean;
}
interface CategoricalPlan {
  kind: 'categorical';
  dictionary: Map<string, number>;
  missingIndicator: boolean;
}

/**
 * One-hot categoricals (plus a missing column when any fit table has a missing cell; a category
 * unseen at fit time encodes as all zeros) and scaled numerics (missing -> 0, i.e. the median
 * when robust and the minimum when min-max, plus a missing indicator). Robust: (x - median) / IQR, falling back to the standard deviation, then 1,
 * when the IQR is 0 (e.g. capital-gain, mostly zeros), so no feature is left in raw units.
 * Min-max: (x - min) / (max - min).
 */
export function fitOneHotEncoder(columns: ColumnSchema[], fitOn: Table[], scaling: NumericScaling): (table: Table) => FeatureMatrix {
  const plans: Array<NumericPlan | CategoricalPlan> = columns.map((column) => {
    const missingIndicator = hasMissing(column, fitOn);
    if (column.kind === 'categorical') return { kind: 'categorical', dictionary: categoryDictionary(column, fitOn), missingIndicator };
    const sorted = presentNumbers(column, fitOn);
    if (scaling === 'minmax') {
      const min = sorted.length ? sorted[0] : 0;
      const range = sorted.length ? sorted[sorted.length - 1] - min : 0;
      return { kind: 'numeric', center: min, scale: range > 0 ? range : 1, missingIndicator };
    }
    const iqr = quantileSorted(sorted, 0.75) - quantileSorted(sorted, 0.25);
    return { kind: 'numeric', center: quantileSorted(sorted, 0.5), scale: iqr > 0 ? iqr : standardDeviation(sorted) || 1, missingIndicator };
  });
  const names: string[] = [];
  const offsets: number[] = [];
  plans.forEach((plan, i) => {
    offsets.push(names.length);
    const name = columns[i].name;
    if (plan.kind === 'numeric') names.push(name);
    else for (const category of plan.dictionary.keys()) names.push(`${name}=${category}`);
    if (plan.missingIndicator) names.push(`${name}=<missing>`);
  });
  const cols = names.length;
  return (table) => {
    const rows = table.columns.length ? table.columns[0].length : 0;
    const data = new Float32Array(rows * cols);
    plans.forEach((plan, i) => {
      const cells = columnOf(table, columns[i].name, 'given');
      const offset = offsets[i];
      const missingAt = offset + (plan.kind === 'numeric' ? 1 : plan.dictionary.size);
      for (let r = 0; r < rows; r++) {
        const cell = cells[r];
        const base = r * cols;
        if (!isPresent(cell)) {
          if (plan.missingIndicator) data[base + missingAt] = 1;
        } else if (plan.kind === 'numeric') {
          data[base + offset] = (Number(cell) - plan.center) / plan.scale;
        } else {
          const code = plan.dictionary.get(String(cell));
          if (code !== undefined) data[base + offset + code] = 1;
        }
      }
    });
    return { data, rows, cols, names };
  };
}

function standardDeviation(values: Float64Array): number {
  if (values.length < 2) return 0;
  let mean = 0;
  for (const v of values) mean += v;
  mean /= values.length;
  let ss = 0;
  for (const v of values) ss += (v - mean) ** 2;
  return Math.sqrt(ss / (values.length - 1));
}

/**
 * Points for exact nearest-neighbour search: min-max scaled numerics (a missing value becomes 0
 * plus a 0/1 missing-indicator dimension) and one category code per categorical column, missing
 * being a category of its own. The L1 distance over a one-hot encoding equals the L1 distance over
 * the numeric block plus 2 per categorical column whose codes differ, so the search works on codes.
 */
export interface MixedPoints {
  rows: number;
  numeric: Float32Array;
  numericDims: number;
  codes: Int32Array;
  codeDims: number;
}

/** Ranges come from `rangeFrom` (real data); categories and missingness from every table in `vocabularyFrom`. */
export function fitDistanceEncoder(columns: ColumnSchema[], rangeFrom: Table[], vocabularyFrom: Table[]): (table: Table) => MixedPoints {
  const numericColumns = columns.filter((c) => c.kind === 'numeric');
  const categoricalColumns = columns.filter((c) => c.kind === 'categorical');
  const toNumeric = fitOneHotEncoder(numericColumns, rangeFrom, 'minmax');
  const withIndicators = numericColumns.map((c) => hasMissing(c, vocabularyFrom));
  const dictionaries = categoricalColumns.map((c) => categoryDictionary(c, vocabularyFrom));
  return (table) => {
    const scaled = numericColumns.length ? toNumeric(table) : null;
    const rows = table.columns.length ? table.columns[0].length : 0;
    const numericDims = numericColumns.length + withIndicators.filter(Boolean).length;
    const numeric = new Float32Array(rows * numericDims);
    numericColumns.forEach((column, i) => {
      const cells = columnOf(table, column.name, 'given');
      const indicatorAt = withIndicators[i] ? numericColumns.length + withIndicators.slice(0, i).filter(Boolean).length : -1;
      const sourceAt = scaled ? scaled.names.indexOf(column.name) : -1;
      for (let r = 0; r < rows; r++) {
        if (isPresent(cells[r])) numeric[r * numericDims + i] = scaled!.data[r * scaled!.cols + sourceAt];
        else if (indicatorAt >= 0) numeric[r * numericDims + indicatorAt] = 1;
      }
    });
    const codeDims = categoricalColumns.length;
    const codes = new Int32Array(rows * codeDims);
    categoricalColumns.forEach((column, j) => {
      const cells = columnOf(table, column.name, 'given');
      const dictionary = dictionaries[j];
      const missingCode = dictionary.size;
      for (let r = 0; r < rows; r++) {
        const cell = cells[r];
        codes[r * codeDims + j] = isPresent(cell) ? (dictionary.get(String(cell)) ?? missingCode + 1) : missingCode;
      }
    });
    return { rows, numeric, numericDims, codes, codeDims };
  };
}

export function selectRows(matrix: FeatureMatrix, rows: ArrayLike<number>): FeatureMatrix {
  const { cols } = matrix;
  const data = new Float32Array(rows.length * cols);
  for (let i = 0; i < rows.length; i++) data.set(matrix.data.subarray(rows[i] * cols, rows[i] * cols + cols), i * cols);
  return { ...matrix, data, rows: rows.length };
}

/** Rows of `a` then rows of `b` (same feature layout). */
export function stackRows(a: FeatureMatrix, b: FeatureMatrix): FeatureMatrix {
  if (a.cols !== b.cols) throw new Error(`cannot stack ${a.cols} features on ${b.cols}`);
  const data = new Float32Array((a.rows + b.rows) * a.cols);
  data.set(a.data);
  data.set(b.data, a.data.length);
  return { ...a, data, rows: a.rows + b.rows };
}
