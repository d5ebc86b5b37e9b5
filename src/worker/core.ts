/** The real core behind the studio worker: src/data, src/eval and src/align, bound to StudioCore. */

import { runAlignment } from '../align/run-alignment';
import { applySchema } from '../data/apply-schema';
import { tableToCsv } from '../data/csv-export';
import { ingestCsvBlob } from '../data/csv-ingest';
import type { RawTable } from '../data/raw-column';
import { createRng, randomPermutation } from '../data/rng';
import { RowCodec, type RowCodecJson } from '../data/row-codec';
import { inferSchema, overrideColumn } from '../data/schema-infer';
import { splitTable, takeRows } from '../data/split';
import type { Schema } from '../data/types';
import { trend } from '../eval/trend';
import { type Checkpoint, decodeCheckpoint } from '../model/checkpoint';
import { GptModel } from '../model/gpt-model';
import { exportGptToOnnx } from '../model/onnx/onnx-export';
import { codecGrammar, onnxSidecar } from '../model/onnx/onnx-sidecar';
import { createSampler, sampleTable } from '../model/sampler/sampler';
import { anyOrderJobs } from './any-order-jobs';
import { HOLDOUT_SHARE } from './protocol';
import { probePresetSpeed, probeRoundWork } from './speed-probe';
import type { StudioCore } from './studio-core';

/** Rows sampled per submit when sampling a saved model for a download. */
const SAMPLE_BATCH = 128;

/** The codec saved in the checkpoint; the run's schema builds the same one when none was saved. */
function codecOf(checkpoint: Checkpoint, schema: Schema): RowCodec {
  return checkpoint.codec ? RowCodec.fromJSON(checkpoint.codec as RowCodecJson) : RowCodec.fromSchema(schema);
}

export const studioCore: StudioCore<RawTable> = {
  async parseCsv(file, onProgress) {
    const { raw, warnings, delimiterLabel } = await ingestCsvBlob(file, { onProgress: (bytesRead, totalBytes) => onProgress({ bytesRead, totalBytes }) });
    return { raw, warnings, delimiter: delimiterLabel };
  },
  inferSchema: (raw) => inferSchema(raw),
  overrideColumn,
  applySchema,
  splitTable: (table, seed, stratifyBy) => splitTable(table, HOLDOUT_SHARE, seed, stratifyBy),
  sampleRows: (table, rows, seed) =>
    takeRows(
      table,
      randomPermutation(table.columns[0].length, createRng(seed))
        .slice(0, rows)
        .sort((a, b) => a - b),
    ),
  tableToCsv,
  associationDiff(schema, real, synthetic) {
    const columns = schema.columns.filter((c) => !c.excluded);
    if (columns.length < 2) return null;
    // Trend scores a pair 1 when real and synthetic agree, so 1 - score is the gap to draw.
    const { columns: names, matrix } = trend(real, synthetic, columns);
    return { columns: names, values: matrix.map((row) => row.map((score) => (score === null ? 0 : 1 - score))) };
  },
  async samplerFromCheckpoint(rt, schema, bytes, temperature) {
    const checkpoint = decodeCheckpoint(bytes);
    const codec = codecOf(checkpoint, schema);
    const model = GptModel.create(rt, checkpoint.config);
    model.uploadParams(checkpoint.params);
    const sampler = createSampler(model, codec, { batch: SAMPLE_BATCH });
    // Each download draws new rows: seeds count up from the checkpoint's step.
    let seed = checkpoint.step;
    return (rows, where) => sampleTable(sampler, codec, rows, { seed: seed++, temperature, where });
  },
  exportOnnx(bytes, schema, modelFile) {
    const checkpoint = decodeCheckpoint(bytes);
    const codec = codecOf(checkpoint, schema);
    const { grammar, vocab } = codecGrammar(codec);
    const model = exportGptToOnnx(checkpoint.config, checkpoint.params, { producer: 'tabgraa studio' });
    const sidecar = onnxSidecar({ modelFile, config: checkpoint.config, vocab, grammar, codec: codec.toJSON() });
    return { model, sidecar: JSON.stringify(sidecar, null, 2) };
  },
  anyOrder(rt, schema, bytes, temperature) {
    const checkpoint = decodeCheckpoint(bytes);
    return anyOrderJobs(rt, schema, checkpoint, codecOf(checkpoint, schema), temperature);
  },
  runAlignment,
  measurePresetSpeed: probePresetSpeed,
  measureRoundWork: probeRoundWork,
};
