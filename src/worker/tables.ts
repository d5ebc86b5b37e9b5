/** The worker's CPU work on a CSV file: parsing it, and the training and holdout rows of a run. */
import { applySchema } from '../data/apply-schema';
import { ingestCsvBlob } from '../data/csv-ingest';
import type { RawTable } from '../data/raw-column';
import { sampleRows, splitTable } from '../data/split';
import type { Schema, Table } from '../data/types';
import { HOLDOUT_SHARE, type IngestProgress } from './protocol';

export interface ParsedCsv {
  raw: RawTable;
  warnings: string[];
  /** In words, for the schema review ("semicolon (from the file's sep=; line)"). */
  delimiter: string;
}

export async function parseCsv(file: Blob, onProgress: (p: IngestProgress) => void = () => {}): Promise<ParsedCsv> {
  const { raw, warnings, delimiterLabel } = await ingestCsvBlob(file, { onProgress: (bytesRead, totalBytes) => onProgress({ bytesRead, totalBytes }) });
  return { raw, warnings, delimiter: delimiterLabel };
}

/** A run's training and holdout rows: the seeded split, then the seeded training sample if one is asked for. */
export function runTables(raw: RawTable, schema: Schema, seed: number, trainRows: number | undefined): { train: Table; holdout: Table } {
  // Stratified by a class target only: a numeric target has a class per value, which would empty the holdout.
  const stratifyBy = schema.task === 'classification' ? schema.target : undefined;
  const { train, holdout } = splitTable(applySchema(raw, schema), HOLDOUT_SHARE, seed, stratifyBy);
  const all = train.columns[0]?.length ?? 0;
  return { train: trainRows !== undefined && trainRows < all ? sampleRows(train, trainRows, seed) : train, holdout };
}
