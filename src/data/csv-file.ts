import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { type CsvIngestOptions, type CsvIngestResult, ingestCsvStream } from './csv-ingest';
import { CsvInputError } from './input-error';
import { quoteForMessage } from './quote-for-message';
import type { RawTable } from './raw-column';
import { type InferOptions, inferSchema } from './schema-infer';
import type { Schema } from './types';

/** Node only (CLI, tests): the file is streamed from disk in chunks, never read whole. */
export async function readCsvFile(path: string, options: CsvIngestOptions = {}): Promise<CsvIngestResult> {
  const info = await stat(path).catch(() => {
    throw new CsvInputError(`Cannot read ${quoteForMessage(path, 200)}: there is no such file. Check the path and try again.`);
  });
  if (!info.isFile()) throw new CsvInputError(`${quoteForMessage(path, 200)} is not a file: give the path of a CSV file.`);
  const stream = createReadStream(path, { highWaterMark: options.chunkBytes ?? 2 ** 20 });
  try {
    return await ingestCsvStream(stream, info.size, options);
  } finally {
    stream.destroy();
  }
}

export async function loadCsvFile(path: string, options: CsvIngestOptions & InferOptions = {}): Promise<{ raw: RawTable; schema: Schema; warnings: string[] }> {
  const ingest = await readCsvFile(path, options);
  const { schema, warnings } = inferSchema(ingest.raw, options);
  return { raw: ingest.raw, schema, warnings: [...ingest.warnings, ...warnings] };
}
