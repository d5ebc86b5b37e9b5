import { applySchema } from '../src/data/apply-schema';
import { ingestCsvText } from '../src/data/csv-ingest';
import { createRng } from '../src/data/rng';
import { RowCodec } from '../src/data/row-codec';
import { inferSchema } from '../src/data/schema-infer';

/** The row codec of the demo table (public/adult.csv), as the studio would build it. */
export async function demoCodec(csvText: string): Promise<RowCodec> {
  const { raw } = await ingestCsvText(csvText);
  return RowCodec.fromSchema(inferSchema(raw).schema);
}

/** Rows per second through the whole way in: parse, infer the schema, type, encode every row. */
export async function ingestEncodeRowsPerSecond(csvText: string): Promise<number> {
  const started = performance.now();
  const { raw } = await ingestCsvText(csvText);
  const { schema } = inferSchema(raw);
  const codec = RowCodec.fromSchema(schema);
  const rows = raw.columns[0].length;
  codec.encodeRows(applySchema(raw, schema), createRng(1));
  return rows / ((performance.now() - started) / 1000);
}
