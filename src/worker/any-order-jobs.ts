/**
 * The studio's any-order uses of a trained model (issue 18), bound to the core: fill the missing
 * cells of a table, rank its rows by likelihood, sample with a rebalanced column. The worker's
 * AnyOrderHost loads one per run; tests bind fakes to the AnyOrderJobs contract instead.
 */
import { CELL_MISSING, filledTexts, rawTexts, readCodecCells } from '../data/codec-cells';
import { rawTableToCsv, tableToCsv } from '../data/csv-export';
import type { RawTable } from '../data/raw-column';
import { rebalanceGroups, sampleRebalanced } from '../data/rebalance';
import { deriveSeed } from '../data/rng';
import type { RowCodec } from '../data/row-codec';
import type { Schema } from '../data/types';
import type { GpuRuntime } from '../kernels/runtime';
import type { Checkpoint } from '../model/checkpoint';
import { GptModel } from '../model/gpt-model';
import { scoreCells } from '../model/row-likelihood';
import { RowLogProbs } from '../model/row-log-probs';
import { imputeCells, imputeTemperature } from '../model/sampler/imputer';
import { createSampler, sampleTable } from '../model/sampler/sampler';
import type { AnyOrderJobs } from './any-order-host';
import type { ImputeResult, LeastLikelyResult } from './protocol';

const BATCH = 128;
/** Column orders averaged per row when ranking (the CLI's default). */
const ORDERS = 8;
/** Filled rows shown in the preview. */
const PREVIEW_ROWS = 20;

export function anyOrderJobs(rt: GpuRuntime, schema: Schema, checkpoint: Checkpoint, codec: RowCodec, temperature: number): AnyOrderJobs<RawTable> {
  const model = GptModel.create(rt, checkpoint.config);
  model.uploadParams(checkpoint.params);
  const sampler = createSampler(model, codec, { batch: BATCH });
  const scorer = new RowLogProbs(model, { batch: BATCH, seqLen: codec.seqLen, valueTokenStart: codec.valueTokenStart });
  const C = codec.columns.length;

  return {
    async impute(raw, seed): Promise<ImputeResult> {
      const cells = readCodecCells(raw, codec);
      const { fills, rows, unfilled } = await imputeCells(sampler, codec, cells, { seed, temperature: imputeTemperature(1) });
      const filled = filledTexts(raw, codec, fills[0]);
      const sources = codec.columns.map((column) => raw.header.indexOf(column.name));
      const shown = rows.slice(0, PREVIEW_ROWS);
      return {
        csv: rawTableToCsv(filled),
        header: filled.header,
        preview: shown.map((r) => ({
          row: r,
          cells: filled.columns.map((column) => column[r]),
          filled: [...fills[0].keys()].filter((key) => Math.floor(key / C) === r).map((key) => sources[key % C]),
        })),
        missingCells: cells.status.filter((s) => s === CELL_MISSING).length,
        filledCells: fills[0].size,
        rowsWithMissing: rows.length,
        rows: cells.rows,
        problems: cells.problems,
        unfilled: unfilled.map(({ row, column }) => ({ row, column })),
      };
    },

    async leastLikely(raw, count): Promise<LeastLikelyResult> {
      const cells = readCodecCells(raw, codec);
      const { logLikelihood, problems } = await scoreCells(scorer, codec, cells, { orders: ORDERS, seed: 1 });
      const scored = Array.from(logLikelihood.keys()).filter((r) => !Number.isNaN(logLikelihood[r]));
      scored.sort((a, b) => logLikelihood[a] - logLikelihood[b]);
      const texts = rawTexts(raw);
      return {
        header: texts.header,
        rows: scored.slice(0, count).map((r) => ({ row: r, logLikelihood: logLikelihood[r], cells: texts.columns.map((column) => column[r]) })),
        scoredRows: scored.length,
        totalRows: cells.rows,
        orders: ORDERS,
        problems,
      };
    },

    async rebalance(request, rows, seed) {
      const groups = rebalanceGroups(schema, request, rows);
      const table = await sampleRebalanced(
        groups,
        (n, value, g) => sampleTable(sampler, codec, n, { seed: deriveSeed(seed, g), temperature, where: { [request.column]: value } }),
        seed,
      );
      return { csv: tableToCsv(table, schema), groups };
    },
  };
}
