import { MAX_DIGITS, decimalsOf, digitCount, isNumberText, isNumericValue, roundToDecimals, scaledMagnitude } from './numbers';
import type { CategoricalColumnSchema, ColumnFlag, ColumnSchema, NumericColumnSchema, Schema, Table } from './types';

/**
 * Schema inference from the raw (string) table. Every decision (kind, precision, exclusion) is
 * visible in the schema and explained in a warning, and the user can override it per column.
 */

export interface InferOptions {
  /** Categorical columns with more distinct values are left out (default 1000). */
  maxCategories?: number;
}

export interface ColumnOverride {
  kind?: 'numeric' | 'categorical';
  /** Digits kept after the decimal point (numeric columns). */
  decimals?: number;
  /** A reason to leave the column out, or null to put it back in. */
  excluded?: string | null;
}

export const DEFAULT_MAX_CATEGORIES = 1000;
/** Below this many rows, "unique per row" says nothing about a column being an ID. */
const MIN_ROWS_FOR_ID = 20;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const SLASH_DATE = /^\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}$/;
const BOOLEAN_PAIRS = [
  ['0', '1'],
  ['false', 'true'],
  ['f', 't'],
  ['n', 'y'],
  ['no', 'yes'],
];

interface Profile {
  rows: number;
  missing: number;
  /** Count of every distinct non-missing value, in order of first appearance. */
  counts: Map<string, number>;
}

export function inferSchema(raw: Table, options: InferOptions = {}): { schema: Schema; warnings: string[] } {
  const maxCategories = options.maxCategories ?? DEFAULT_MAX_CATEGORIES;
  const warnings: string[] = [];
  const columns = raw.header.map((name, c) => {
    const inferred = inferColumn(name, profile(raw.columns[c]), maxCategories);
    warnings.push(...inferred.warnings);
    return inferred.column;
  });
  if (columns.every((column) => column.excluded)) {
    warnings.push('Every column was left out, so there is nothing to generate: include at least one column in the schema.');
  }
  return { schema: { version: 1, rowCount: raw.columns[0]?.length ?? 0, columns }, warnings };
}

/** The schema with one column changed by the user; throws if the data cannot take the change. */
export function overrideColumn(raw: Table, schema: Schema, name: string, override: ColumnOverride): Schema {
  const index = schema.columns.findIndex((column) => column.name === name);
  const rawIndex = raw.header.indexOf(name);
  if (index < 0 || rawIndex < 0) throw new Error(`There is no column "${name}" in this table.`);
  const data = profile(raw.columns[rawIndex]);
  const current = schema.columns[index];
  const kind = override.kind ?? current.kind;
  let column: ColumnSchema;
  if (kind === 'numeric') {
    const notNumber = [...data.counts.keys()].find((text) => !isNumberText(text) || !Number.isFinite(Number(text)));
    if (notNumber !== undefined) {
      throw new Error(`Column "${name}" cannot be numeric: "${notNumber}" is not a number. Keep it categorical, or mark such values as missing.`);
    }
    const built = numericColumn(name, data, override.decimals);
    if (built.tooWide) throw new Error(built.tooWide);
    column = built.column;
  } else {
    column = categoricalColumn(name, data, Infinity);
  }
  const reason = override.excluded === undefined && override.kind === undefined && override.decimals === undefined ? current.excluded : override.excluded;
  if (reason) column.excluded = reason;
  else if (data.counts.size === 0) throw new Error(`Column "${name}" has no values (every cell is missing), so it cannot be included.`);
  const columns = schema.columns.map((c, i) => (i === index ? column : c));
  return { ...schema, columns };
}

function profile(values: ReadonlyArray<unknown>): Profile {
  const counts = new Map<string, number>();
  let missing = 0;
  for (const value of values) {
    if (value === null || value === undefined) missing++;
    else {
      const text = typeof value === 'string' ? value : String(value);
      const n = counts.get(text);
      counts.set(text, n === undefined ? 1 : n + 1);
    }
  }
  return { rows: values.length, missing, counts };
}

function inferColumn(name: string, data: Profile, maxCategories: number): { column: ColumnSchema; warnings: string[] } {
  const warnings: string[] = [];
  const texts = [...data.counts.keys()];
  const present = data.rows - data.missing;
  const exclude = (column: ColumnSchema, flag: ColumnFlag | undefined, reason: string) => {
    if (flag && !column.flags.includes(flag)) column.flags.push(flag);
    column.excluded = reason;
    warnings.push(reason);
    return { column, warnings };
  };

  if (present === 0) {
    return exclude(categoricalColumn(name, data, 0), 'all-missing', `Column "${name}" has no values (every cell is missing), so it is left out.`);
  }
  if (texts.every((t) => ISO_DATE.test(t) || SLASH_DATE.test(t)) && !texts.every(isNumericValue)) {
    return exclude(
      categoricalColumn(name, data, 0),
      'date',
      `Column "${name}" holds dates, which the generator does not model yet, so it is left out. To keep it, convert it to a number (for example days since 2000-01-01) or to text categories.`,
    );
  }
  const lower = new Set(texts.map((t) => t.toLowerCase()));
  const isBoolean = lower.size === texts.length && BOOLEAN_PAIRS.some((pair) => [...lower].every((t) => pair.includes(t)));
  const numeric = !isBoolean && texts.every((t) => isNumericValue(t) && Number.isFinite(Number(t)));

  if (numeric) {
    const built = numericColumn(name, data);
    const column = built.column;
    if (built.tooWide) return exclude(column, undefined, built.tooWide);
    if (built.reducedFrom !== undefined) {
      warnings.push(
        `Column "${name}" has values with ${built.reducedFrom} decimals, more than 15 significant digits in all: it is kept at ${column.decimals} decimals (values are rounded). Change its precision in the schema if needed.`,
      );
    }
    if (texts.length === 1 && data.missing === 0) return exclude(column, 'constant', constantReason(name, texts[0]));
    const uniqueRows = texts.length === data.rows && data.rows >= MIN_ROWS_FOR_ID;
    if (uniqueRows && column.integer) {
      column.flags.push('id-like');
      if (column.max - column.min + 1 === data.rows) {
        column.excluded = `Column "${name}" looks like a row number (consecutive whole numbers, one per row), so it is left out: a generator should not learn it. Include it again in the schema if it means something.`;
        warnings.push(column.excluded);
      }
    }
    return { column, warnings };
  }

  const column = categoricalColumn(name, data, maxCategories);
  if (isBoolean) column.flags.push('boolean');
  if (texts.length === 1 && data.missing === 0) return exclude(column, 'constant', constantReason(name, texts[0]));
  if (texts.length === present && present >= MIN_ROWS_FOR_ID) {
    return exclude(
      column,
      'id-like',
      `Column "${name}" has a different value in every row (an ID or free text), so it is left out: a generator cannot learn it, it could only copy it.`,
    );
  }
  if (texts.length > maxCategories) {
    return exclude(
      column,
      'high-cardinality',
      `Column "${name}" has ${texts.length.toLocaleString('en-US')} distinct values, more than the ${maxCategories.toLocaleString('en-US')} categories allowed, so it is left out. Group rare values (for example into "other") or raise the category limit.`,
    );
  }
  if (texts.length > 50 && texts.length > present / 2) {
    column.flags.push('high-cardinality');
    warnings.push(`Column "${name}" has ${texts.length} distinct values in ${present} rows: most appear once or twice, so a generator will mostly copy or miss them.`);
  }
  const notNumbers = texts.filter((t) => !isNumberText(t));
  if (isBoolean) return { column, warnings };
  if (notNumbers.length === 0) {
    warnings.push(`Column "${name}" is read as categories because some values have leading zeros (e.g. "${texts.find((t) => !isNumericValue(t))}"), which a number would lose.`);
  } else if (notNumbers.length <= texts.length / 10) {
    const examples = notNumbers.slice(0, 3).map((t) => `"${t}"`).join(', ');
    warnings.push(`Column "${name}" is read as categories because some values are not numbers (${examples}). If they mean "missing", add them to the missing markers and load again.`);
  }
  return { column, warnings };
}

function constantReason(name: string, value: string): string {
  return `Column "${name}" has the same value ("${value}") in every row, so it is left out; the export writes it back as that value.`;
}

function categoricalColumn(name: string, data: Profile, maxCategories: number): CategoricalColumnSchema {
  // Categories are kept only when the column can use them; a left-out ID column stays small in the saved schema.
  const entries = data.counts.size <= maxCategories ? [...data.counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)) : [];
  return {
    name,
    kind: 'categorical',
    missingShare: data.rows ? data.missing / data.rows : 0,
    flags: [],
    categories: entries.map(([text]) => text),
    counts: entries.map(([, n]) => n),
  };
}

/** The narrowest precision that keeps every written digit, reduced if it would pass MAX_DIGITS. */
function numericColumn(
  name: string,
  data: Profile,
  decimalsWanted?: number,
): { column: NumericColumnSchema; tooWide?: string; reducedFrom?: number } {
  let min = Infinity;
  let max = -Infinity;
  let written = 0;
  for (const text of data.counts.keys()) {
    const value = Number(text);
    min = Math.min(min, value);
    max = Math.max(max, value);
    written = Math.max(written, decimalsOf(text));
  }
  if (decimalsWanted !== undefined && !(Number.isInteger(decimalsWanted) && decimalsWanted >= 0)) {
    throw new Error(`Column "${name}": decimals must be a whole number of 0 or more, got ${decimalsWanted}.`);
  }
  let decimals = decimalsWanted ?? written;
  const width = (d: number) => digitCount(scaledMagnitude(Math.max(Math.abs(min), Math.abs(max)), d));
  while (decimalsWanted === undefined && decimals > 0 && width(decimals) > MAX_DIGITS) decimals--;
  const column: NumericColumnSchema = {
    name,
    kind: 'numeric',
    missingShare: data.rows ? data.missing / data.rows : 0,
    flags: [],
    integer: decimals === 0,
    decimals,
    min: roundToDecimals(min, decimals),
    max: roundToDecimals(max, decimals),
  };
  if (width(decimals) > MAX_DIGITS) {
    const tooWide = `Column "${name}" has values up to ${Math.max(Math.abs(min), Math.abs(max))}, which need ${width(decimals)} digits at ${decimals} decimals; numbers keep only ${MAX_DIGITS} exactly. Lower its precision, divide it by a power of ten, treat it as categorical, or leave it out.`;
    return { column, tooWide };
  }
  return { column, reducedFrom: decimals < written ? written : undefined };
}
