import { CsvInputError } from './input-error';
import { escapeControlCharacters, quoteForMessage as q } from './quote-for-message';
import type { Schema } from './types';

/** Reasons listed in full before the rest are counted. */
const LISTED_REASONS = 5;

/** Throws, with every column's reason, when the schema leaves every column out of the model. */
export function assertSomeColumnModelled(schema: Schema): void {
  if (schema.columns.some((column) => !column.excluded)) return;
  const reasons = schema.columns.slice(0, LISTED_REASONS).map((column) => `- ${column.excluded}`);
  const more = schema.columns.length - LISTED_REASONS;
  throw new CsvInputError(
    `Every column of the table (${schema.columns.length}) was left out of the model, so there is nothing to generate:\n` +
      `${reasons.join('\n')}${more > 0 ? `\n- and ${more} more column${more === 1 ? '' : 's'}` : ''}\n` +
      `Include at least one column (change its type or put it back in the schema), or use a table with columns that vary.`,
  );
}

/** The schema with `target` as the column that utility is measured on; throws saying what is wrong with it. */
export function withTarget(schema: Schema, target: string | undefined): Schema {
  if (!target) return schema;
  const column = schema.columns.find((c) => c.name === target);
  if (!column) {
    const names = schema.columns.map((c) => escapeControlCharacters(c.name)).join(', ');
    throw new CsvInputError(`There is no column ${q(target)} for the target. The columns are: ${names}.`);
  }
  if (column.kind === 'categorical' && column.categories.length === 1) {
    throw new CsvInputError(
      `The target column ${q(target)} has a single class (${q(column.categories[0])}): a utility metric needs at least two classes. Choose another target.`,
    );
  }
  if (column.excluded) throw new CsvInputError(`The target column ${q(target)} cannot be used: ${column.excluded} Choose another target.`);
  return { ...schema, target, task: column.kind === 'categorical' ? 'classification' : 'regression' };
}
