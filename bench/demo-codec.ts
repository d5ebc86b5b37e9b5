import { ingestCsvText } from '../src/data/csv-ingest';
import { RowCodec } from '../src/data/row-codec';
import { inferSchema } from '../src/data/schema-infer';

/** The row codec of the demo table (public/adult.csv), as the studio would build it. */
export async function demoCodec(csvText: string): Promise<RowCodec> {
  const { raw } = await ingestCsvText(csvText);
  return RowCodec.fromSchema(inferSchema(raw).schema);
}
