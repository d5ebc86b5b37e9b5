import { CsvInputError } from './input-error';
import { formatNumber, isNumberText } from './numbers';
import { quoteForMessage } from './quote-for-message';
import type { Cell, ColumnSchema, Schema, Table } from './types';

/** A spreadsheet runs a cell starting with one of these as a formula (CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** Quoted: the delimiter of any locale (Excel splits on ";" or a tab where "," is the decimal mark), quotes, line breaks, edge spaces. */
const NEEDS_QUOTES = /[",;\t\r\n]|^\s|\s$/;

/**
 * CSV text with the schema's full header in the file's column order; numbers at their column's
 * precision, missing cells empty. Left-out columns are written back as their constant value if
 * they had one, otherwise empty. Text that a spreadsheet would run as a formula gets a leading
 * apostrophe (OWASP's advice), which is visible but harmless.
 */
export function tableToCsv(table: Table, schema: Schema): string {
  const sources = schema.columns.map((column) => {
    const index = table.header.indexOf(column.name);
    if (index < 0 && !column.excluded) throw new CsvInputError(`The table has no column ${quoteForMessage(column.name)}, which the schema includes.`);
    return index;
  });
  const rows = table.columns[0]?.length ?? 0;
  const lines = [schema.columns.map((column) => csvField(column.name)).join(',')];
  for (let r = 0; r < rows; r++) {
    lines.push(schema.columns.map((column, c) => csvField(cellText(sources[c] >= 0 ? table.columns[sources[c]][r] : constantOf(column), column))).join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** CSV text of cells written as they are (a user's own table, e.g. with filled or appended cells). */
export function rawTableToCsv(table: Table): string {
  const rows = table.columns[0]?.length ?? 0;
  const lines = [table.header.map(csvField).join(',')];
  for (let r = 0; r < rows; r++) lines.push(table.columns.map((column) => csvField(column[r] === null ? '' : String(column[r]))).join(','));
  return `${lines.join('\n')}\n`;
}

function cellText(cell: Cell, column: ColumnSchema): string {
  if (cell === null) return '';
  if (typeof cell === 'number' && column.kind === 'numeric') return formatNumber(cell, column.decimals);
  return String(cell);
}

function constantOf(column: ColumnSchema): Cell {
  if (!column.flags.includes('constant')) return null;
  return column.kind === 'numeric' ? column.min : (column.categories[0] ?? null);
}

function csvField(text: string): string {
  const safe = FORMULA_START.test(text) && !isNumberText(text) ? `'${text}` : text;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
