import { rawRows, readCodecCells } from '../src/data/codec-cells';
import { ingestCsvText } from '../src/data/csv-ingest';
import { cellText, type RawTable, textColumn } from '../src/data/raw-column';
import { RowCodec } from '../src/data/row-codec';
import { inferSchema } from '../src/data/schema-infer';
import type { GpuRuntime } from '../src/kernels/runtime';
import { configFromPreset, type PresetName } from '../src/model/config';
import { GptModel } from '../src/model/gpt-model';
import { scoreCells } from '../src/model/row-likelihood';
import { RowLogProbs } from '../src/model/row-log-probs';
import { imputeCells } from '../src/model/sampler/imputer';
import { createSampler } from '../src/model/sampler/sampler';

/**
 * Imputation and scoring speed (issue 18) on demo-table rows with the model the studio would
 * build for it (untrained weights: speed does not depend on them), on complete rows. Imputation:
 * the target column blanked in every row, the other cells forced, one draw per row; scoring: ORDERS column orders a row.
 */
export interface AnyOrderBenchResult {
  preset: PresetName;
  rows: number;
  blanked: string;
  orders: number;
  batch: number;
  impute_rows_per_s: number;
  score_rows_per_s: number;
}

const ROWS = 256;
const QUICK_ROWS = 64;
const BATCH = 256;
/** The CLI's default (`tabgraa score --orders`). */
const ORDERS = 8;
const BLANKED = 'income';

export async function benchAnyOrder(rt: GpuRuntime, demoCsv: string, quick: boolean): Promise<AnyOrderBenchResult> {
  const { raw } = await ingestCsvText(demoCsv);
  const codec = RowCodec.fromSchema(inferSchema(raw).schema);
  const preset: PresetName = quick ? 'tiny' : 'small';
  const model = GptModel.create(rt, configFromPreset(preset, codec.vocabSize, codec.seqLen));
  const rows = quick ? QUICK_ROWS : ROWS;
  // Complete rows, so that the blanked target is the only cell drawn.
  const complete = Array.from({ length: raw.columns[0].length }, (_, r) => r).filter((r) => raw.columns.every((column) => cellText(column, r) !== null));
  const picked = rawRows(raw, complete.slice(0, rows));
  const target = picked.header.indexOf(BLANKED);
  const blanked = { ...picked, columns: picked.columns.map((column, c) => (c === target ? textColumn(new Array(rows).fill(null)) : column)) };

  const sampler = createSampler(model, codec, { batch: Math.min(BATCH, rows) });
  const scorer = new RowLogProbs(model, { batch: Math.min(BATCH, rows * ORDERS), seqLen: codec.seqLen, valueTokenStart: codec.valueTokenStart });
  const impute = (table: RawTable) => imputeCells(sampler, codec, readCodecCells(table, codec), { seed: 1, temperature: 1 });
  const score = (table: RawTable) => scoreCells(scorer, codec, readCodecCells(table, codec), { orders: ORDERS, seed: 1 });
  // Warm-up on a few rows (pipelines, buffers), then one timed pass over all of them.
  const timed = async (job: (table: RawTable) => Promise<unknown>, table: RawTable) => {
    await job(rawRows(table, [0, 1, 2, 3]));
    const started = performance.now();
    await job(table);
    await rt.device.queue.onSubmittedWorkDone();
    return (performance.now() - started) / 1000;
  };
  const imputeSeconds = await timed(impute, blanked);
  const scoreSeconds = await timed(score, picked);
  return { preset, rows, blanked: BLANKED, orders: ORDERS, batch: BATCH, impute_rows_per_s: rows / imputeSeconds, score_rows_per_s: rows / scoreSeconds };
}
