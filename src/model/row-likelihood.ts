import { CELL_MISSING, type CellProblem, type CodecCells, rawRows, readCodecCells, rowCells } from '../data/codec-cells';
import type { RawTable } from '../data/raw-column';
import { createRng, randomPermutation } from '../data/rng';
import type { RowCodec } from '../data/row-codec';
import { pcgHash } from '../kernels/sample-rng';
import type { GptModel } from './gpt-model';
import { RowLogProbs } from './row-log-probs';

export interface LikelihoodOptions {
  /** Random column orders averaged per row (K). */
  orders: number;
  seed: number;
}

/** Encoded sequences scored per pass through the scorer (bounds the host memory of a large table). */
const SEQUENCES_PER_PASS = 8192;

/**
 * The K column orders of row `row`: drawn from (seed, row) over the codec's column indices, so a
 * row's orders do not depend on the file's column order or on which other rows are scored.
 */
export function likelihoodOrders(columns: number, orders: number, seed: number, row: number): number[][] {
  const rng = createRng(pcgHash((seed ^ pcgHash(row)) >>> 0) | 0);
  return Array.from({ length: orders }, () => randomPermutation(columns, rng));
}

/**
 * log-likelihood of each listed row: the mean over K random column orders of its value tokens'
 * log-probability (nats). The model is trained on every order, so each order is an estimate of
 * the row's log-probability; the mean lowers the spread between orders.
 */
export async function rowLogLikelihoods(
  scorer: RowLogProbs,
  codec: RowCodec,
  cells: CodecCells,
  rows: readonly number[],
  options: LikelihoodOptions,
): Promise<Float64Array> {
  const { orders, seed } = options;
  if (!Number.isInteger(orders) || orders < 1) throw new Error(`The number of column orders must be a positive integer, got ${orders}.`);
  const S = codec.seqLen;
  const C = codec.columns.length;
  const out = new Float64Array(rows.length);
  const rowsPerPass = Math.max(1, Math.floor(SEQUENCES_PER_PASS / orders));
  for (let first = 0; first < rows.length; first += rowsPerPass) {
    const batchRows = rows.slice(first, first + rowsPerPass);
    const tokens = new Uint32Array(batchRows.length * orders * S);
    batchRows.forEach((row, i) => {
      const cellsOfRow = rowCells(cells, row);
      likelihoodOrders(C, orders, seed, row).forEach((order, k) => tokens.set(codec.encodeRow(cellsOfRow, order), (i * orders + k) * S));
    });
    const logProbs = await scorer.of(tokens);
    batchRows.forEach((_, i) => {
      let sum = 0;
      for (let k = 0; k < orders; k++) sum += logProbs[i * orders + k];
      out[first + i] = sum / orders;
    });
  }
  return out;
}

export interface CellScores {
  /** Per row; NaN where the row cannot be scored. */
  logLikelihood: Float64Array;
  /** Why rows were not scored: every invalid cell, and every missing cell of a column that never had one. */
  problems: CellProblem[];
}

/** Scores every row the model can represent; the others are reported, not guessed. */
export async function scoreCells(scorer: RowLogProbs, codec: RowCodec, cells: CodecCells, options: LikelihoodOptions): Promise<CellScores> {
  const C = codec.columns.length;
  const problems = [...cells.problems];
  codec.columns.forEach((column, c) => {
    if (column.naToken >= 0) return;
    for (let r = 0; r < cells.rows; r++) {
      if (cells.status[r * C + c] === CELL_MISSING) {
        problems.push({
          row: r,
          column: column.name,
          value: '',
          reason: 'the cell is missing, and the model never saw a missing value in this column, so it has no probability for one.',
        });
      }
    }
  });
  problems.sort((a, b) => a.row - b.row);
  const blocked = new Set(problems.map((p) => p.row));
  const rows = Array.from({ length: cells.rows }, (_, r) => r).filter((r) => !blocked.has(r));
  const scores = await rowLogLikelihoods(scorer, codec, cells, rows, options);
  const logLikelihood = new Float64Array(cells.rows).fill(Number.NaN);
  rows.forEach((r, i) => (logLikelihood[r] = scores[i]));
  return { logLikelihood, problems };
}

export interface MeanLikelihood {
  /** Mean log-likelihood per row, nats (higher: the model finds the rows more typical). */
  mean: number;
  rows: number;
  /** Rows left out because the model cannot represent them (e.g. a category unseen in training). */
  skipped: number;
  orders: number;
}

/**
 * The mean log-likelihood per row of a seeded sample of at most maxRows rows (e.g. the held-out
 * table): a measure of fit that needs no detector.
 */
export async function meanRowLogLikelihood(
  model: GptModel,
  codec: RowCodec,
  table: RawTable,
  options: LikelihoodOptions & { maxRows: number },
): Promise<MeanLikelihood> {
  const total = table.columns[0]?.length ?? 0;
  const picked = total > options.maxRows ? rawRows(table, randomPermutation(total, createRng(options.seed)).slice(0, options.maxRows)) : table;
  const scorer = new RowLogProbs(model, { batch: 128, seqLen: codec.seqLen, valueTokenStart: codec.valueTokenStart });
  const scores = (await scoreCells(scorer, codec, readCodecCells(picked, codec), options)).logLikelihood.filter((v) => !Number.isNaN(v));
  return {
    mean: scores.reduce((a, b) => a + b, 0) / Math.max(1, scores.length),
    rows: scores.length,
    skipped: (picked.columns[0]?.length ?? 0) - scores.length,
    orders: options.orders,
  };
}
