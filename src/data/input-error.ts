/** The user-facing reason an input (a file, its schema, a column choice) was refused. */
export class CsvInputError extends Error {
  override name = 'CsvInputError';
}
