import { fileURLToPath } from 'node:url';
import { applySchema } from '../data/apply-schema';
import { readCsvFile } from '../data/csv-file';
import { assertSomeColumnModelled, withTarget } from '../data/model-columns';
import { quoteForMessage } from '../data/quote-for-message';
import { inferSchema } from '../data/schema-infer';
import { matchHoldout, sampleRows, splitTable } from '../data/split';
import type { Schema, Table } from '../data/types';

export const DEMO_TABLE = fileURLToPath(new URL('../../public/adult.csv', import.meta.url));

export interface TableSources {
  /** Defaults to the bundled demo table. */
  train?: string;
  holdout?: string;
  /** Holdout share when no holdout file is given. */
  split: number;
  target?: string;
  /** Train on a seeded sample of this many training rows. */
  trainRows?: number;
  seed: number;
}

export interface LoadedTables {
  train: Table;
  holdout: Table;
  schema: Schema;
  notes: string[];
}

/** Reads, types and splits the tables of a run; every problem comes back as a message to act on. */
export async function loadTables(sources: TableSources): Promise<LoadedTables> {
  const trainPath = sources.train ?? DEMO_TABLE;
  const notes: string[] = [];
  if (!sources.train) notes.push(`No table given: using the demo table ${quoteForMessage(trainPath, 200)} (UCI Adult, CC BY 4.0).`);
  const ingest = await readCsvFile(trainPath);
  const inferred = inferSchema(ingest.raw);
  notes.push(...ingest.warnings, ...inferred.warnings);
  assertSomeColumnModelled(inferred.schema);
  const schema = withTarget(inferred.schema, sources.target);
  let train = applySchema(ingest.raw, schema);
  let holdout: Table;
  if (sources.holdout) {
    const holdoutRaw = (await readCsvFile(sources.holdout)).raw;
    holdout = applySchema(matchHoldout(holdoutRaw, ingest.raw.header), schema);
  } else {
    const rows = train.columns[0]?.length ?? 0;
    const holdoutRows = Math.round(sources.split * rows);
    if (holdoutRows < 10 || rows - holdoutRows < 10) {
      throw new Error(
        `The table has ${rows} rows: a ${sources.split} holdout split leaves ${holdoutRows} for evaluation and ${rows - holdoutRows} for training. ` +
          `Both need at least 10 rows: use a larger table, another --split, or give --holdout FILE.`,
      );
    }
    ({ train, holdout } = splitTable(train, sources.split, sources.seed, schema.task === 'classification' ? schema.target : undefined));
    notes.push(`Split: ${train.columns[0].length} training rows, ${holdout.columns[0].length} holdout rows (seed ${sources.seed}).`);
  }
  if (sources.trainRows !== undefined && sources.trainRows < train.columns[0].length) {
    train = sampleRows(train, sources.trainRows, sources.seed);
    notes.push(`Training on a seeded sample of ${sources.trainRows} rows (seed ${sources.seed}).`);
  }
  return { train, holdout, schema, notes };
}
