/**
 * A likely target for the utility metric, so the studio can pre-select one: a column named like a
 * label, else a last column that looks like classes. The page says it was guessed.
 */
import type { ColumnSchema, Schema } from '../data/types';

export interface TargetGuess {
  column: string;
  /** Why this column, in words for the schema review. */
  reason: string;
}

/** Names that mean "the thing to predict", most telling first. */
const TARGET_NAMES = ['target', 'label', 'class', 'income', 'y', 'outcome'];
const MIN_CLASSES = 2;
const MAX_CLASSES = 20;

function looksLikeClasses(column: ColumnSchema): boolean {
  if (column.kind === 'categorical') return column.categories.length >= MIN_CLASSES && column.categories.length <= MAX_CLASSES;
  // A numeric column is only taken for classes when it is a 0/1-style flag; a year or a count is not.
  return column.integer && column.max - column.min === 1;
}

export function guessTarget(schema: Schema): TargetGuess | undefined {
  const modelled = schema.columns.filter((c) => !c.excluded);
  for (const name of TARGET_NAMES) {
    const column = modelled.find((c) => c.name.trim().toLowerCase() === name);
    if (column) return { column: column.name, reason: `its name, "${column.name}"` };
  }
  const last = schema.columns.at(-1);
  if (last && !last.excluded && looksLikeClasses(last)) {
    const classes = last.kind === 'categorical' ? last.categories.length : 2;
    return { column: last.name, reason: `it is the last column and has ${classes} values` };
  }
  return undefined;
}
