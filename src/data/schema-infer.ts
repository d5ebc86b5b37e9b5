import { CsvInputError } from './input-error';
import {
  decimalsOf,
  digitCount,
  isFiniteNumericValue,
  isNumberText,
  isNumericValue,
  MAX_DECIMALS,
  MAX_DIGITS,
  roundToDecimals,
  scaledMagnitude,
} from './numbers';
import { quoteForMessage as q } from './quote-for-message';
import { columnTexts, type NumberColumn, type RawTable, type TextColumn, textColumn } from './raw-column';
import type { CategoricalColumnSchema, ColumnFlag, ColumnSchema, NumericColumnSchema, Schema } from './types';

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

/** A text column's cells counted: distinct texts (first appearance order) and how often each occurs. */
interface Profile {
  rows: number;
  missing: number;
  texts: readonly string[];
  counts: ArrayLike<number>;
}

/** What a numeric schema needs to know of a column's values. */
interface NumberSummary {
  rows: number;
  missing: number;
  min: number;
  max: number;
  /** Most decimals any value was written with. */
  decimals: number;
}

export function inferSchema(raw: RawTable, options: InferOptions = {}): { schema: Schema; warnings: string[] } {
  const maxCategories = options.maxCategories ?? DEFAULT_MAX_CATEGORIES;
  const warnings: string[] = [];
  const columns = raw.header.map((name, c) => {
    const column = raw.columns[c];
    const inferred = column.kind === 'number' ? inferNumberColumn(name, column) : inferColumn(name, profile(column), maxCategories);
    warnings.push(...inferred.warnings);
    return inferred.column;
  });
  if (columns.every((column) => column.excluded)) {
    warnings.push(
      'Every column was left out, so there is nothing to generate: include at least one column in the schema (each column above says why it was left out).',
    );
  }
  return { schema: { version: 1, rowCount: raw.columns[0]?.length ?? 0, columns }, warnings };
}

/** The schema with one column changed by the user; throws if the data cannot take the change. */
export function overrideColumn(raw: RawTable, schema: Schema, name: string, override: ColumnOverride): Schema {
  const index = schema.columns.findIndex((column) => column.name === name);
  const rawIndex = raw.header.indexOf(name);
  if (index < 0 || rawIndex < 0) throw new CsvInputError(`There is no column ${q(name)} in this table.`);
  const rawColumn = raw.columns[rawIndex];
  const current = schema.columns[index];
  const kind = override.kind ?? current.kind;
  let column: ColumnSchema;
  let present: number;
  if (kind === 'numeric') {
    const summary = rawColumn.kind === 'number' ? numberColumnSummary(rawColumn) : textNumberSummary(name, profile(rawColumn));
    const built = numericColumn(name, summary, override.decimals);
    if (built.tooWide) throw new CsvInputError(built.tooWide);
    column = built.column;
    present = summary.rows - summary.missing;
  } else {
    const data = profile(rawColumn.kind === 'number' ? textColumn(columnTexts(rawColumn)) : rawColumn);
    column = categoricalColumn(name, data, Infinity);
    present = data.rows - data.missing;
  }
  const reason = override.excluded === undefined && override.kind === undefined && override.decimals === undefined ? current.excluded : override.excluded;
  if (reason) column.excluded = reason;
  else if (present === 0) throw new CsvInputError(`Column ${q(name)} has no values (every cell is missing), so it cannot be included.`);
  const columns = schema.columns.map((c, i) => (i === index ? column : c));
  return { ...schema, columns };
}

function profile(column: TextColumn): Profile {
  const counts = new Uint32Array(column.values.length + 1);
  for (let r = 0; r < column.length; r++) counts[column.codes[r]]++;
  return { rows: column.length, missing: counts[0], texts: column.values, counts: counts.subarray(1) };
}

/** The numbers of a text column whose every value must be numeric; throws naming the first that is not. */
function textNumberSummary(name: string, data: Profile): NumberSummary {
  const notNumber = data.texts.find((text) => !isNumberText(text) || !Number.isFinite(Number(text)));
  if (notNumber !== undefined) {
    throw new CsvInputError(
      `Column ${q(name)} cannot be numeric: ${q(notNumber)} is not a number${Number.isFinite(Number(notNumber)) ? '' : ' a double can hold'}. Keep it categorical, or mark such values as missing.`,
    );
  }
  let min = Infinity;
  let max = -Infinity;
  let decimals = 0;
  for (const text of data.texts) {
    const value = Number(text);
    min = Math.min(min, value);
    max = Math.max(max, value);
    decimals = Math.max(decimals, decimalsOf(text));
  }
  return { rows: data.rows, missing: data.missing, min, max, decimals };
}

function numberColumnSummary(column: NumberColumn): NumberSummary {
  let min = Infinity;
  let max = -Infinity;
  let missing = 0;
  for (const value of column.values) {
    if (Number.isNaN(value)) missing++;
    else {
      min = Math.min(min, value);
      max = Math.max(max, value);
    }
  }
  return { rows: column.length, missing, min, max, decimals: column.decimals };
}

/** A column ingest kept as numbers: it has too many distinct values to be a date, boolean or constant. */
function inferNumberColumn(name: string, raw: NumberColumn): { column: ColumnSchema; warnings: string[] } {
  const summary = numberColumnSummary(raw);
  const sorted = raw.values.filter((value) => !Number.isNaN(value)).sort();
  let distinct = 0;
  for (let k = 0; k < sorted.length; k++) if (k === 0 || sorted[k] !== sorted[k - 1]) distinct++;
  return numericColumnWithNotes(name, summary, distinct, String(summary.min));
}

function inferColumn(name: string, data: Profile, maxCategories: number): { column: ColumnSchema; warnings: string[] } {
  const warnings: string[] = [];
  const texts = data.texts;
  const present = data.rows - data.missing;
  const exclude = (column: ColumnSchema, flag: ColumnFlag | undefined, reason: string) => {
    if (flag && !column.flags.includes(flag)) column.flags.push(flag);
    column.excluded = reason;
    warnings.push(reason);
    return { column, warnings };
  };

  if (present === 0) {
    return exclude(categoricalColumn(name, data, 0), 'all-missing', `Column ${q(name)} has no values (every cell is missing), so it is left out.`);
  }
  if (texts.every((t) => ISO_DATE.test(t) || SLASH_DATE.test(t)) && !texts.every(isNumericValue)) {
    return exclude(
      categoricalColumn(name, data, 0),
      'date',
      `Column ${q(name)} holds dates, which the generator does not model yet, so it is left out. To keep it, convert it to a number (for example days since 2000-01-01) or to text categories.`,
    );
  }
  const isBoolean = texts.length <= 2 && isBooleanPair(texts);
  if (!isBoolean && texts.every(isFiniteNumericValue)) return numericColumnWithNotes(name, textNumberSummary(name, data), texts.length, texts[0]);

  const column = categoricalColumn(name, data, maxCategories);
  if (isBoolean) column.flags.push('boolean');
  if (texts.length === 1 && data.missing === 0) return exclude(column, 'constant', constantReason(name, texts[0]));
  if (texts.length === present && present >= MIN_ROWS_FOR_ID) {
    return exclude(
      column,
      'id-like',
      `Column ${q(name)} has a different value in every row (an ID or free text), so it is left out: a generator cannot learn it, it could only copy it.`,
    );
  }
  if (texts.length > maxCategories) {
    return exclude(
      column,
      'high-cardinality',
      `Column ${q(name)} has ${texts.length.toLocaleString('en-US')} distinct values, more than the ${maxCategories.toLocaleString('en-US')} categories allowed, so it is left out. To model it, group its rare values (for example into "other") in the file and load it again.`,
    );
  }
  if (texts.length > 50 && texts.length > present / 2) {
    column.flags.push('high-cardinality');
    warnings.push(
      `Column ${q(name)} has ${texts.length} distinct values in ${present} rows: most appear once or twice, so a generator will mostly copy or miss them.`,
    );
  }
  if (!isBoolean) warnings.push(...whyNotNumeric(name, texts));
  return { column, warnings };
}

/** Why a column of mostly numbers is read as categories: leading zeros, numbers too large for a double, or a few words. */
function whyNotNumeric(name: string, texts: readonly string[]): string[] {
  const words = texts.filter((t) => !isNumberText(t));
  if (words.length > texts.length / 10) return [];
  const examples = (list: readonly string[]) =>
    list
      .slice(0, 3)
      .map((t) => q(t))
      .join(', ');
  const overflowing = texts.filter((t) => isNumberText(t) && !Number.isFinite(Number(t)));
  if (overflowing.length > 0) {
    return [
      `Column ${q(name)} is read as categories because some values are too large for a number (${examples(overflowing)}; the largest is about 1.8e308). Mark them as missing, or rescale the column, to keep it numeric.`,
    ];
  }
  if (words.length === 0) {
    return [
      `Column ${q(name)} is read as categories because some values have leading zeros (e.g. ${q(texts.find((t) => !isNumericValue(t)) ?? '')}), which a number would lose.`,
    ];
  }
  return [
    `Column ${q(name)} is read as categories because some values are not numbers (${examples(words)}). If they mean "missing", add them to the missing markers and load again.`,
  ];
}

/** A numeric column with its warnings: precision reduced, too wide (left out), ID-like, or constant (`firstText` as written). */
function numericColumnWithNotes(name: string, summary: NumberSummary, distinct: number, firstText: string): { column: ColumnSchema; warnings: string[] } {
  const warnings: string[] = [];
  const built = numericColumn(name, summary);
  const column = built.column;
  const exclude = (flag: ColumnFlag | undefined, reason: string) => {
    if (flag) column.flags.push(flag);
    column.excluded = reason;
    warnings.push(reason);
    return { column, warnings };
  };
  if (built.tooWide) return exclude(undefined, built.tooWide);
  if (built.reducedFrom !== undefined) {
    warnings.push(
      `Column ${q(name)} has values with ${built.reducedFrom} decimals, more than ${MAX_DIGITS} significant digits in all: it is kept at ${column.decimals} decimals (values are rounded). Change its precision in the schema if needed.`,
    );
  }
  if (distinct === 1 && summary.missing === 0) return exclude('constant', constantReason(name, firstText));
  if (distinct === summary.rows && summary.rows >= MIN_ROWS_FOR_ID && column.integer) {
    column.flags.push('id-like');
    if (column.max - column.min + 1 === summary.rows) {
      return exclude(
        undefined,
        `Column ${q(name)} looks like a row number (consecutive whole numbers, one per row), so it is left out: a generator should not learn it. Include it again in the schema if it means something.`,
      );
    }
  }
  return { column, warnings };
}

function isBooleanPair(texts: readonly string[]): boolean {
  const lower = new Set(texts.map((t) => t.toLowerCase()));
  return lower.size === texts.length && BOOLEAN_PAIRS.some((pair) => [...lower].every((t) => pair.includes(t)));
}

function constantReason(name: string, value: string): string {
  return `Column ${q(name)} has the same value (${q(value)}) in every row, so it is left out; the export writes it back as that value.`;
}

function categoricalColumn(name: string, data: Profile, maxCategories: number): CategoricalColumnSchema {
  // Categories are kept only when the column can use them; a left-out ID column stays small in the saved schema.
  const order = data.texts.length <= maxCategories ? Array.from(data.texts, (_, k) => k) : [];
  order.sort((a, b) => data.counts[b] - data.counts[a] || (data.texts[a] < data.texts[b] ? -1 : 1));
  return {
    name,
    kind: 'categorical',
    missingShare: data.rows ? data.missing / data.rows : 0,
    flags: [],
    categories: order.map((k) => data.texts[k]),
    counts: order.map((k) => data.counts[k]),
  };
}

/** The narrowest precision that keeps every written digit, reduced if it would pass MAX_DIGITS. */
function numericColumn(name: string, data: NumberSummary, decimalsWanted?: number): { column: NumericColumnSchema; tooWide?: string; reducedFrom?: number } {
  const { min, max, decimals: written } = data;
  if (decimalsWanted !== undefined && !(Number.isInteger(decimalsWanted) && decimalsWanted >= 0 && decimalsWanted <= MAX_DECIMALS)) {
    throw new CsvInputError(`Column ${q(name)}: decimals must be a whole number from 0 to ${MAX_DECIMALS}, got ${decimalsWanted}.`);
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
    const tooWide = `Column ${q(name)} has values up to ${Math.max(Math.abs(min), Math.abs(max))}, which need ${width(decimals)} digits at ${decimals} decimals; numbers keep only ${MAX_DIGITS} exactly. Lower its precision, divide it by a power of ten, treat it as categorical, or leave it out.`;
    return { column, tooWide };
  }
  return { column, reducedFrom: decimals < written ? written : undefined };
}
